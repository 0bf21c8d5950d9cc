import { describe, expect, it } from "vitest";
import { findParish, normaliseParishName } from "../../../functions/adapters/moderngov/parish-name.js";

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
    ["Hollow Vale Village Meeting", "hollow vale"],
    ["Ashby CP", "ashby"],
    ["Llanfair Community", "llanfair"],
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

describe("findParish", () => {
  const records = [
    { id: 1, title: "St Mary & Marsh Parish Council" },
    { id: 2, title: "Great Wendle Town Council" },
    { id: 3, title: "Little Wendle Parish Meeting" },
    { id: 4, title: "Stratford-sub-Castle Parish Council" },
    { id: 5, title: "Hightown Parish Council" },
    { id: 6, title: "Bishop's Wendle Community Council" },
    { id: 7, title: "The Bourne Parish Council" },
    { id: 8, title: "Cyngor Cymuned Llanfair" },
    { id: 9, title: "Abergele Town Council / Cyngor Tref Abergele" },
    { id: 10, title: "Brûlé Village Meeting" },
    { id: 11, title: "Cyngor Bro Ddyfi" },
  ];

  it.each([
    ["Great Wendle", 2, 1, "exact"],
    ["great wendle town council", 2, 1, "exact"],
    ["Little Wendle CP", 3, 1, "exact"],
    ["Bourne", 7, 1, "exact"],
    ["Saint Mary and Marsh", 1, 0.95, "spelling"],
    ["Stratford sub Castle", 4, 0.95, "spelling"],
    ["Bishops Wendle", 6, 0.95, "spelling"],
    ["Brule", 10, 0.95, "spelling"],
    ["High Town", 5, 0.9, "word-breaks"],
    ["Llanfair", 8, 0.95, "welsh"],
    ["Abergele", 9, 1, "exact"],
  ])("%s → record %i, confidence %d (%s)", (name, id, confidence, how) => {
    const found = findParish({ name }, records);
    expect(found).toMatchObject({ kind: "match", record: { id }, match: { confidence, how } });
    if (found.kind === "match") expect(found.match.title).toBe(records.find((r) => r.id === id)?.title);
  });

  it("matches the Welsh half of a bilingual title", () => {
    const bilingual = [{ title: "Town Council of Rhyl / Cyngor Tref Y Rhyl" }];
    expect(findParish({ name: "Y Rhyl" }, bilingual)).toMatchObject({ match: { how: "welsh" } });
  });

  it("does not undo Welsh mutations: Dyfi is not Ddyfi, but is named as a possible match", () => {
    expect(findParish({ name: "Dyfi" }, records)).toEqual({ kind: "none", nearMisses: ["Cyngor Bro Ddyfi"] });
  });

  it("uses a configured title with confidence 1, and only that title", () => {
    expect(findParish({ name: "Dyfi" }, records, "Cyngor Bro Ddyfi")).toEqual({
      kind: "match",
      record: { id: 11, title: "Cyngor Bro Ddyfi" },
      match: { title: "Cyngor Bro Ddyfi", confidence: 1, how: "mapped" },
    });
    expect(findParish({ name: "Great Wendle" }, records, "Great Wendle Parish Council")).toEqual({
      kind: "none",
      nearMisses: [],
    });
  });

  it("is uncertain when two records are equally good, naming both", () => {
    const twins = [...records, { id: 12, title: "Hig Htown" }];
    expect(findParish({ name: "High Town" }, twins)).toEqual({
      kind: "uncertain",
      candidates: [records[4], { id: 12, title: "Hig Htown" }],
    });
    const shared = [
      { id: 20, title: "Newton Parish Council" },
      { id: 21, title: "Newton Parish Meeting" },
    ];
    expect(findParish({ name: "Newton" }, shared).kind).toBe("uncertain");
  });

  it("prefers the better kind of match over a looser one", () => {
    const twins = [
      { id: 10, title: "Saint Mary and Marsh Parish Meeting" },
      { id: 11, title: "St Mary & Marsh Parish Council" },
    ];
    expect(findParish({ name: "St Mary & Marsh" }, twins)).toMatchObject({ record: { id: 11 } });
    expect(findParish({ name: "Saint Mary and Marsh" }, twins)).toMatchObject({ record: { id: 10 } });
  });

  it("never matches a different parish, and names a near miss only as possible", () => {
    expect(findParish({ name: "Middle Wendle" }, records)).toEqual({ kind: "none", nearMisses: [] });
    expect(findParish({ name: "Wendle" }, records).kind).toBe("none");
    expect(findParish({ name: "St Mary" }, records).kind).toBe("none");
    expect(findParish({ name: "" }, records).kind).toBe("none");
    expect(findParish({ name: "Grest Wendle" }, records)).toEqual({
      kind: "none",
      nearMisses: ["Great Wendle Town Council"],
    });
  });
});
