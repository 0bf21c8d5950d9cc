import { describe, expect, it } from "vitest";
import { locationText, snippet } from "../../../functions/http/case-log/case-summary.js";

// The list's location and description columns.

const area = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const routing = { ruleId: "r", requested: "parish" as const, area, reason: "test" };

describe("locationText", () => {
  it("gives the road and postcode as given, or either alone", () => {
    expect(
      locationText({ location: { lat: 1, lng: 2, roadName: "Mill Lane", postcode: "ZX1 5ZB" }, routing }),
    ).toBe("Mill Lane, ZX1 5ZB");
    expect(locationText({ location: { lat: 1, lng: 2, postcode: "ZX1 5ZB" }, routing })).toBe("ZX1 5ZB");
  });

  it("gives the point and its area for a report made with the resident's location", () => {
    expect(locationText({ location: { lat: 54.504368, lng: -2.378002 }, routing })).toBe(
      "Near 54.5044, -2.3780 (Ashcombe)",
    );
  });
});

describe("snippet", () => {
  it("keeps a short description whole, on one line", () => {
    expect(snippet("Cars  race\npast")).toBe("Cars race past");
  });

  it("cuts a long one at a word, with an ellipsis", () => {
    const text = "Lorries race down the lane at night and the verges are churned up, ".repeat(3);
    const cut = snippet(text);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(81);
    expect(text.startsWith(cut.slice(0, -1))).toBe(true);
    expect(text[cut.length - 1]).toMatch(/[\s,]/);
  });

  it("never splits a character made of two code units", () => {
    const cut = snippet("🚗".repeat(100), 10);
    expect(cut).toBe(`${"🚗".repeat(10)}…`);
  });
});
