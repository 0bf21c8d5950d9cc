import { describe, expect, it } from "vitest";
import { matchParish, normaliseParishName } from "../../../functions/adapters/moderngov/parish-name.js";

describe("normaliseParishName", () => {
  it.each([
    ["St Mary & Marsh Parish Council", "st mary and marsh"],
    ["Saint Mary and Marsh", "st mary and marsh"],
    ["St. Mary  and   Marsh", "st mary and marsh"],
    ["Bishop’s Wendle Town Council", "bishops wendle"],
    ["Bishop's Wendle", "bishops wendle"],
    ["Stratford-sub-Castle Parish Meeting", "stratford sub castle"],
    ["The Bourne Community Council", "bourne"],
    ["THE BOURNE", "bourne"],
    ["Hollow Vale Village Council", "hollow vale"],
    ["Brûlé Parish Council", "brule"],
    ["  Stanton   ", "stanton"],
  ])("%s → %s", (input, expected) => {
    expect(normaliseParishName(input)).toBe(expected);
  });

  it("strips only one suffix and keeps a lone 'The'", () => {
    expect(normaliseParishName("Ditton Parish Parish Council")).toBe("ditton parish");
    expect(normaliseParishName("Longparish Parish Council")).toBe("longparish");
    expect(normaliseParishName("The")).toBe("the");
  });
});

describe("matchParish", () => {
  const records = [
    { id: 1, title: "St Mary & Marsh Parish Council" },
    { id: 2, title: "Great Wendle Town Council" },
    { id: 3, title: "Little Wendle Parish Meeting" },
    { id: 4, title: "Stratford-sub-Castle Parish Council" },
    { id: 5, title: "Hightown Parish Council" },
    { id: 6, title: "Bishop's Wendle Community Council" },
    { id: 7, title: "The Bourne Parish Council" },
  ];
  const idOf = (name: string) => matchParish(name, records)?.id;

  it("matches despite suffixes, '&'/'and', 'St'/'Saint', apostrophes, hyphens, case and 'The'", () => {
    expect(idOf("Saint Mary and Marsh")).toBe(1);
    expect(idOf("great wendle")).toBe(2);
    expect(idOf("Stratford sub Castle")).toBe(4);
    expect(idOf("Bishops Wendle")).toBe(6);
    expect(idOf("Bourne")).toBe(7);
  });

  it("matches a different word break only when unique", () => {
    expect(idOf("High Town")).toBe(5);
    expect(matchParish("High Town", [...records, { id: 8, title: "Hig Htown" }])).toBeUndefined();
  });

  it("never matches a different parish", () => {
    expect(idOf("Great Wendle")).not.toBe(3);
    expect(matchParish("Great Wendle", records.slice(2))).toBeUndefined();
    expect(idOf("Wendle")).toBeUndefined();
    expect(idOf("St Mary")).toBeUndefined();
    expect(idOf("Marsh")).toBeUndefined();
    expect(idOf("")).toBeUndefined();
  });

  it("prefers the title spelled like the ONS name when two titles normalise alike", () => {
    const twins = [
      { id: 10, title: "Saint Mary and Marsh Parish Meeting" },
      { id: 11, title: "St Mary & Marsh Parish Council" },
    ];
    expect(matchParish("St Mary & Marsh", twins)?.id).toBe(11);
    expect(matchParish("Saint Mary and Marsh", twins)?.id).toBe(10);
  });
});
