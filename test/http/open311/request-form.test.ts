import { describe, expect, it } from "vitest";
import { services } from "#core/services/index.js";
import { parseRequestForm } from "#http/open311/request-form.js";

// Issue 15, findings 4 and 11 through Open311: the fields that are not one to one with a report's
// (first_name, last_name, address_string) are checked on their own and named in the error.

const speeding = services.get("speeding");
if (!speeding) throw new Error("the speeding service is missing");

const valid = {
  service_code: "speeding",
  lat: "54.61482",
  long: "2.23385",
  description: "Speeding.",
  "attribute[danger]": "no",
  "attribute[road-type]": "residential",
  "attribute[outcome]": "speedwatch",
};

const issuesFor = (fields: Record<string, string>) => {
  const parsed = parseRequestForm({ ...valid, ...fields }, speeding);
  return parsed.ok ? [] : parsed.issues;
};

describe("Open311 request form: single-line and name fields", () => {
  it("takes a plain name, address, email and phone", () => {
    const parsed = parseRequestForm(
      {
        ...valid,
        first_name: "Sam",
        last_name: "O'Neil",
        address_string: "Mill Lane",
        email: "sam@example.com",
        phone: "01632 960 001",
      },
      speeding,
    );
    expect(parsed.ok && parsed.input.reporter).toEqual({
      name: "Sam O'Neil",
      email: "sam@example.com",
      phone: "01632 960 001",
      shareWithParish: false,
    });
  });

  it.each(["first_name", "last_name"])("names %s when it holds a line break or a link", (field) => {
    expect(issuesFor({ [field]: "Sam\r\nBcc: victim@example.org" })).toEqual([
      { field, message: `${field} must not contain line breaks or hidden formatting characters` },
    ]);
    expect(issuesFor({ [field]: "Pay at evil.example" })).toEqual([
      { field, message: `${field} must not contain a web address` },
    ]);
  });

  it.each([
    ["address_string", "Mill Lane\u202E", "address_string"],
    ["address_string", "ZX2 1FD\u2028", "address_string"],
    ["email", "sam@example.com\u0085", "email"],
    ["phone", "01632 960 001\n", "phone"],
  ])("names %s when it holds a hidden character", (name, value, field) => {
    const [issue] = issuesFor({ [name]: value });
    expect(issue?.field).toBe(field);
    expect(issue?.message).toMatch(/must not contain line breaks or hidden formatting characters$/);
  });

  it("refuses an address with a line break without also asking for a location", () => {
    const { lat: _lat, long: _long, ...noPoint } = valid;
    const parsed = parseRequestForm({ ...noPoint, address_string: "12 Mill Lane\nZX2 1FD" }, speeding);
    expect(parsed.ok ? [] : parsed.issues).toEqual([
      {
        field: "address_string",
        message: "address_string must not contain line breaks or hidden formatting characters",
      },
    ]);
  });

  it("names the description when it carries a right-to-left override", () => {
    expect(issuesFor({ description: "Cars \u202Eesrever" })).toEqual([
      {
        field: "description",
        message:
          "Description must not contain control characters or characters that change the direction of text",
      },
    ]);
  });
});
