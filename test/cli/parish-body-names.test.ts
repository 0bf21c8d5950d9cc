import { describe, expect, it } from "vitest";
import { misnamedParishBodies, parishNamesIn } from "../../functions/cli/parish-body-names.js";

const layer = JSON.stringify({
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { code: "E04999002", name: "Saint Aldhelm and Marsh" }, geometry: null },
    { type: "Feature", properties: { code: "E04999101", name: "Brindlecote" }, geometry: null },
  ],
});

describe("parish bodies named for their parish", () => {
  it("reads each parish's name from the layer's properties", () => {
    expect([...parishNamesIn(layer)]).toEqual([
      ["E04999002", "Saint Aldhelm and Marsh"],
      ["E04999101", "Brindlecote"],
    ]);
  });

  it("forgives spelling as the clerk directory does, and names a body named for another parish", () => {
    const bodies = new Map([
      [
        "E04999002",
        { area: "E04999002", name: "St Aldhelm & Marsh Parish Council", kind: "parish-council" as const },
      ],
      [
        "E04999101",
        { area: "E04999101", name: "Harrow Saint Jude Parish Council", kind: "parish-council" as const },
      ],
      // Not a parish in the layer (a county body): not this check's business.
      [
        "E10999999",
        { area: "E10999999", name: "Exampleshire County Council", kind: "county-council" as const },
      ],
    ]);
    expect(misnamedParishBodies("geodata/demo/bodies.json", bodies, parishNamesIn(layer))).toEqual([
      'geodata/demo/bodies.json: the body for E04999101 is named "Harrow Saint Jude Parish Council", but that parish is Brindlecote',
    ]);
  });
});
