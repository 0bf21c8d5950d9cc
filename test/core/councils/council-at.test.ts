import { describe, expect, it } from "vitest";
import type { AreaLocator } from "#core/areas/area-chain.js";
import { councilAtFrom } from "#core/councils/council-at.js";
import type { PostcodeLookup } from "#core/ports/postcode-lookup.js";
import { HARROWFIELD, SALTMERE, testCouncils } from "../../helpers/councils.js";

// West of longitude 2.5 is Harrowfield, east of it Saltmere, north of 55 no council at all.
const areas: AreaLocator = {
  locate: ({ lat, lng }) => {
    if (lat > 55) return {};
    const { area, kind } = lng < 2.5 ? HARROWFIELD : SALTMERE;
    return { local: { type: kind, ...area } };
  },
};
const postcodes: PostcodeLookup = {
  lookup: async (postcode) => (postcode === "ZX30 1AE" ? { lat: 54.5, lng: 2.6 } : undefined),
};

describe("councilAtFrom", () => {
  const councilAt = councilAtFrom(testCouncils(HARROWFIELD, SALTMERE), areas, postcodes);

  it("finds the council of a point and of a postcode", async () => {
    expect((await councilAt({ lat: 54.5, lng: 2.3 }))?.id).toBe("harrowfield");
    expect((await councilAt({ postcode: "ZX30 1AE" }))?.id).toBe("saltmere");
  });

  it("finds none for an unknown postcode or a point in no council's area", async () => {
    expect(await councilAt({ postcode: "ZX99 9ZZ" })).toBeUndefined();
    expect(await councilAt({ lat: 56, lng: 2.3 })).toBeUndefined();
  });
});
