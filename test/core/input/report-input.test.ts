import { describe, expect, it } from "vitest";
import { normalisePostcode } from "#core/input/postcode.js";
import { MAX_DESCRIPTION_LENGTH, reportInputSchema } from "#core/input/report-input.js";
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
    ]);
  });

  it("takes a description of up to 4,000 characters (GeoReport v2's limit), and says the limit past it", () => {
    const longest = "é".repeat(MAX_DESCRIPTION_LENGTH);
    expect(MAX_DESCRIPTION_LENGTH).toBe(4000);
    expect(reportInputSchema.parse({ ...valid, description: longest }).description).toBe(longest);
    expect(issuesFor({ ...valid, description: "x".repeat(4001) })).toEqual([
      { field: "description", message: "Description must be 4000 characters or fewer" },
    ]);
  });

  it("leaves the description empty when none is given: whether one is needed is the service's to say", () => {
    const { description: _description, ...none } = valid;
    expect(reportInputSchema.parse(none).description).toBe("");
    expect(reportInputSchema.parse({ ...valid, description: "  " }).description).toBe("");
  });

  it.each(["01632 960 001 ext. 2", "+44 (0)1632 960001 x2", "07700 900123 / 01632 960001", "999"])(
    "keeps the telephone number %j as given",
    (phone) => {
      expect(reportInputSchema.parse({ ...valid, reporter: { phone } }).reporter?.phone).toBe(phone);
    },
  );

  it.each([
    ["no digits", "ring me", "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"],
    ["two digits", "12", "Enter a telephone number, like 01632 960 001 or +44 808 157 0192"],
    ["a web address", "01632 960001 www.example.com", "Telephone number must not contain a web address"],
    ["over 40 characters", "0".repeat(41), "Telephone number must be 40 characters or fewer"],
  ])("refuses a telephone number with %s, clearly", (_what, phone, message) => {
    expect(issuesFor({ ...valid, reporter: { phone } })).toEqual([{ field: "reporter.phone", message }]);
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
