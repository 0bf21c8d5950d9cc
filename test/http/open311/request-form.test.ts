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

  it.each(["first_name", "last_name"])(
    "leaves the name off and says why in notUsed when %s holds a line break or a link",
    (field) => {
      for (const [value, reason] of [
        [
          "Sam\r\nBcc: victim@example.org",
          `${field} must not contain line breaks or hidden formatting characters`,
        ],
        ["Pay at evil.example", `${field} must not contain a web address`],
      ] as const) {
        const parsed = parseRequestForm(
          { ...valid, first_name: "Sam", last_name: "Jones", [field]: value },
          speeding,
        );
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
        expect(parsed.input.reporter).toBeUndefined();
        const other = field === "first_name" ? "last_name" : "first_name";
        expect(parsed.fromClient?.notUsed).toEqual([
          { field, reason },
          { field: other, reason: `left off with ${field}` },
        ]);
        expect(JSON.stringify(parsed.fromClient)).not.toContain("victim");
        expect(JSON.stringify(parsed.fromClient)).not.toContain("evil.example");
      }
    },
  );

  it('keeps the name FixMyStreet splits from "Mr. J. Smith"', () => {
    const parsed = parseRequestForm({ ...valid, first_name: "Mr.", last_name: "J. Smith" }, speeding);
    expect(parsed.ok && parsed.input.reporter?.name).toBe("Mr. J. Smith");
  });

  it.each([
    ["email", "sam@example.com\u0085", "email must not contain line breaks or hidden formatting characters"],
    ["email", "not-an-email", "not an email address in the correct format"],
    ["phone", "01632 960 001\n", "phone must not contain line breaks or hidden formatting characters"],
    ["phone", "ring me after six", "not a telephone number (it needs at least three digits)"],
    [
      "first_name",
      "Cllr Sam (Ward councillor)",
      "first_name can only contain letters, spaces, hyphens, apostrophes and full stops",
    ],
  ])("stores the report without the %s %j, naming it in notUsed", (field, value, reason) => {
    const parsed = parseRequestForm(
      { ...valid, email: "sam@example.com", phone: "01632 960 001", [field]: value },
      speeding,
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(
      parsed.input.reporter?.[field === "first_name" ? "name" : (field as "email" | "phone")],
    ).toBeUndefined();
    expect(parsed.fromClient?.notUsed).toEqual([{ field, reason }]);
  });

  it.each(["Mill Lane\u202E", "ZX2 1FD\u2028"])(
    "beside lat and long, leaves off an address_string with a hidden character (%j), naming it",
    (value) => {
      const parsed = parseRequestForm({ ...valid, address_string: value }, speeding);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      expect(parsed.input.roadName).toBeUndefined();
      expect(parsed.fromClient?.notUsed).toEqual([
        {
          field: "address_string",
          reason: "address_string must not contain line breaks or hidden formatting characters",
        },
      ]);
    },
  );

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

  it("keeps a description that carries a right-to-left override, without it, and says so", () => {
    const parsed = parseRequestForm({ ...valid, description: "Cars \u202Eesrever\u0007" }, speeding);
    expect(parsed.ok && parsed.input.description).toBe("Cars esrever");
    expect(parsed.ok && parsed.fromClient?.notUsed).toEqual([
      { field: "description", reason: "hidden or control characters were removed from it" },
    ]);
  });
});
