import { describe, expect, it } from "vitest";
import { normalisePostcode } from "#core/input/postcode.js";
import { reportInputSchema } from "#core/input/report-input.js";
import { fieldIssues } from "#http/zod-issues.js";

const valid = {
  service: "speeding",
  answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
  location: { lat: 54.5, lng: 2.3 },
  description: "Cars race down the hill at school time.",
};

const issuesFor = (body: unknown) => {
  const result = reportInputSchema.safeParse(body);
  return result.success ? [] : fieldIssues(result.error);
};

describe("Schema: reportInputSchema", () => {
  it("accepts a minimal report and defaults consent to not sharing", () => {
    const parsed = reportInputSchema.parse({ ...valid, reporter: { email: "a@example.com" } });
    expect(parsed.reporter?.shareWithParish).toBe(false);
  });

  it("normalises a postcode location", () => {
    expect(reportInputSchema.parse({ ...valid, location: { postcode: " zx1 2ab" } }).location).toEqual({
      postcode: "ZX1 2AB",
    });
  });

  it("names every bad field", () => {
    expect(issuesFor({ service: 3, answers: [], location: { lat: "x" }, description: "" })).toEqual([
      { field: "service", message: "Service is required" },
      { field: "answers", message: "Answers must be an object of question id to answer" },
      { field: "location.lat", message: "Latitude must be a number" },
      { field: "location.lng", message: "Longitude must be a number" },
      { field: "description", message: "Describe the problem" },
    ]);
  });

  it("rejects huge strings with the limit in the message", () => {
    expect(issuesFor({ ...valid, description: "x".repeat(2001) })).toEqual([
      { field: "description", message: "Description must be 2000 characters or fewer" },
    ]);
  });

  it("rejects a malformed postcode and a malformed email", () => {
    expect(issuesFor({ ...valid, location: { postcode: "NOT A POSTCODE" } })).toEqual([
      { field: "location.postcode", message: "Enter a real postcode, like ZX1 2AB" },
    ]);
    expect(issuesFor({ ...valid, location: { lat: 95, lng: 2 } })).toEqual([
      { field: "location.lat", message: "Latitude must be between -90 and 90" },
    ]);
    expect(issuesFor({ ...valid, location: "the hill" })).toEqual([
      { field: "location", message: "Location must be either {lat, lng} or {postcode}" },
    ]);
    expect(issuesFor({ ...valid, reporter: { email: "nope" } })).toEqual([
      {
        field: "reporter.email",
        message: "Enter an email address in the correct format, like name@example.com",
      },
    ]);
  });

  it("rejects markup in names and road names and control characters anywhere, but allows < in prose", () => {
    expect(issuesFor({ ...valid, reporter: { name: "<script>alert(1)</script>" } })).toEqual([
      {
        field: "reporter.name",
        message: "Name can only contain letters, spaces, hyphens, apostrophes and full stops",
      },
    ]);
    expect(issuesFor({ ...valid, roadName: "<b>Mill Lane</b>" })).toEqual([
      { field: "roadName", message: "Road name must not contain < or >" },
    ]);
    expect(issuesFor({ ...valid, description: "bad\u0000byte" })).toEqual([
      {
        field: "description",
        message:
          "Description must not contain control characters or characters that change the direction of text",
      },
    ]);
    expect(issuesFor({ ...valid, description: "Speeds are often < 30 but > 50 at night" })).toEqual([]);
  });

  it("rejects unknown fields by name", () => {
    expect(issuesFor({ ...valid, colour: "red" })).toEqual([{ field: "colour", message: "Unknown field" }]);
  });
});

describe("Function: normalisePostcode", () => {
  it.each([
    ["zx12ab", "ZX1 2AB"],
    ["ZX12 3CD", "ZX12 3CD"],
    ["  sw1a  1aa ", "SW1A 1AA"],
    ["M15 4AB", "M15 4AB"],
  ])("%s → %s", (input, expected) => expect(normalisePostcode(input)).toBe(expected));

  it.each(["", "12345", "ZX1", "ZZZ1 1AA", "ZX1 2A"])("rejects %j", (input) => {
    expect(normalisePostcode(input)).toBeUndefined();
  });
});
