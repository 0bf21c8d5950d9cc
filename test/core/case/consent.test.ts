import { describe, expect, it } from "vitest";
import type { Case, Destination, Reporter } from "#core/case/case.js";
import { mayShareWith } from "#core/case/consent.js";

const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const BROOKFIELD: Destination = { kind: "parish", code: "E04999002", name: "Brookfield" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };

const aCase = (
  reporter: Reporter | undefined,
  area: Destination = ASHCOMBE,
): Pick<Case, "reporter" | "routing"> => ({
  ...(reporter ? { reporter } : {}),
  routing: { ruleId: "r", requested: "parish", area, reason: "test" },
});

describe("mayShareWith", () => {
  it("always lets the district have the details: it is the data controller", () => {
    expect(mayShareWith(aCase({ shareWithParish: false, sharedWith: [] }), DISTRICT)).toBe(true);
  });

  it("lets a parish have them only if it is on the resident's list", () => {
    const report = aCase({ shareWithParish: true, sharedWith: [ASHCOMBE.code] });
    expect(mayShareWith(report, ASHCOMBE)).toBe(true);
    expect(mayShareWith(report, BROOKFIELD)).toBe(false);
    expect(mayShareWith(aCase({ shareWithParish: true, sharedWith: [] }), ASHCOMBE)).toBe(false);
  });

  it("reads a case stored before the list from its yes/no, for the parish the point is in only", () => {
    expect(mayShareWith(aCase({ shareWithParish: true }), ASHCOMBE)).toBe(true);
    expect(mayShareWith(aCase({ shareWithParish: true }), BROOKFIELD)).toBe(false);
    expect(mayShareWith(aCase({ shareWithParish: false }), ASHCOMBE)).toBe(false);
    // Found in an unparished area: no parish was ever agreed to.
    expect(mayShareWith(aCase({ shareWithParish: true }, DISTRICT), ASHCOMBE)).toBe(false);
  });

  it("shares nothing with a parish when there is no resident", () => {
    expect(mayShareWith(aCase(undefined), ASHCOMBE)).toBe(false);
  });
});
