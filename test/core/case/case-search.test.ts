import { describe, expect, it } from "vitest";
import { postcodeSearchPrefix, readCaseSearch, searchableRoad } from "#core/case/case-search.js";
import { checkCharacter } from "#core/case/reference.js";

// The search box's text, read as a reference, a mistyped reference, or a place.

const body = "7K3Q9XW";
const REF = `SPD-${body.slice(0, 4)}-${body.slice(4)}${checkCharacter(body)}`;

describe("readCaseSearch", () => {
  it.each([REF, REF.toLowerCase(), REF.replace(/-/g, ""), REF.replace(/-/g, " ").toLowerCase(), ` ${REF} `])(
    "reads %j as the reference",
    (typed) => {
      expect(readCaseSearch(typed.trim())).toEqual({ kind: "reference", reference: REF });
    },
  );

  it("calls a reference with a wrong character a bad reference, not a road", () => {
    const wrong = REF.slice(0, -1) + (REF.endsWith("2") ? "3" : "2");
    expect(readCaseSearch(wrong)).toEqual({ kind: "bad-reference", typed: wrong });
    expect(readCaseSearch("SPD-7K3Q-9XWW").kind).toBe("bad-reference");
  });

  it.each([
    ["ZX1 5ZB", { kind: "place", postcodePrefix: "ZX1 5ZB" }],
    ["zx15zb", { kind: "place", postcodePrefix: "ZX1 5ZB" }],
    ["zx1", { kind: "place", postcodePrefix: "ZX1 ", road: "zx1" }],
    ["ZX1   5", { kind: "place", postcodePrefix: "ZX1 5", road: "zx1 5" }],
    ["A38", { kind: "place", postcodePrefix: "A38 ", road: "a38" }],
    ["Mill  Lane", { kind: "place", road: "mill lane" }],
    ["Millbrookstreet", { kind: "place", road: "millbrookstreet" }],
  ])("reads %j as a place", (typed, expected) => {
    expect(readCaseSearch(typed)).toEqual(expected);
  });
});

describe("the stored forms", () => {
  it("keeps a district's space so ZX1 does not find ZX10", () => {
    expect(postcodeSearchPrefix("ZX1")).toBe("ZX1 ");
    expect("ZX10 1AB".startsWith(postcodeSearchPrefix("ZX1") ?? "")).toBe(false);
    expect(postcodeSearchPrefix("high street")).toBeUndefined();
  });

  it("lowers a road's case and squeezes its spaces", () => {
    expect(searchableRoad("  MILL   Lane ")).toBe("mill lane");
    expect(searchableRoad("   ")).toBeUndefined();
  });
});
