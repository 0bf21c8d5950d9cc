import { describe, expect, it } from "vitest";
import { screenEmails } from "../../../functions/adapters/moderngov/screen-emails.js";

describe("screenEmails", () => {
  const context = {
    chromeEmails: new Set(["democratic.services@wendleshire.example.gov.uk"]),
    districtDomains: ["wendleshire.example.gov.uk"],
  };

  it("drops duplicates (any case), chrome and the district's own addresses, each with a reason", () => {
    expect(
      screenEmails(
        [
          "Democratic.Services@wendleshire.example.gov.uk",
          "officer@planning.wendleshire.example.gov.uk",
          "clerk@oakley.example.org",
          "CLERK@oakley.example.org",
        ],
        context,
      ),
    ).toEqual({
      email: "clerk@oakley.example.org",
      otherEmails: [],
      problems: [
        {
          code: "page-chrome",
          message:
            "Democratic.Services@wendleshire.example.gov.uk was not used: it appears on every page of the site, not just this parish's",
        },
        {
          code: "district-domain",
          message:
            "officer@planning.wendleshire.example.gov.uk was not used: it is a district council address",
        },
      ],
    });
  });

  it("keeps an allowed district address and records the other usable ones", () => {
    const screened = screenEmails(["officer@wendleshire.example.gov.uk", "chair@oakley.example.org"], {
      ...context,
      allowedEmails: ["Officer@Wendleshire.example.gov.uk"],
    });
    expect(screened.email).toBe("officer@wendleshire.example.gov.uk");
    expect(screened.otherEmails).toEqual(["chair@oakley.example.org"]);
    expect(screened.problems.map((p) => p.code)).toEqual(["several-addresses"]);
  });

  it("does not count a look-alike domain as the district's", () => {
    expect(screenEmails(["clerk@notwendleshire.example.gov.uk"], context).email).toBe(
      "clerk@notwendleshire.example.gov.uk",
    );
  });
});
