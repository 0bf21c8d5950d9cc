import { describe, expect, it } from "vitest";
import { emailsInField, emailsInHref } from "../../../functions/adapters/moderngov/email-candidates.js";

describe("emailsInField", () => {
  it.each([
    ["a@x.gov.uk;b@y.co.uk", ["a@x.gov.uk", "b@y.co.uk"]],
    ["name@x.gov.uk (for ward issues)", ["name@x.gov.uk"]],
    ["a@x.org / b@y.org", ["a@x.org", "b@y.org"]],
    ["Email jo.bloggs@x.org.", ["jo.bloggs@x.org"]],
    ["clerk [at] ashcombe-pc [dot] example [dot] org", ["clerk@ashcombe-pc.example.org"]],
    ["clerk(at)ashcombe.org.uk", ["clerk@ashcombe.org.uk"]],
    ["clerk {at} ashcombe {dot} org", ["clerk@ashcombe.org"]],
    ["clerk at ashcombe dot org dot uk", ["clerk@ashcombe.org.uk"]],
  ])("finds the addresses in %j", (text, expected) => {
    expect(emailsInField(text)).toEqual(expected);
  });

  it.each([
    "meet at the hall",
    "Meetings are held at the Village Hall at 7.30pm.",
    "write to the clerk at www.ashcombe-pc.org",
    "see us at ashcombe.org",
    "tea at five dot thirty",
  ])("finds none in ordinary English: %j", (text) => {
    expect(emailsInField(text)).toEqual([]);
  });
});

describe("emailsInHref", () => {
  it("reads every recipient of a mailto and drops its query", () => {
    expect(emailsInHref("mailto:a@x.org,b@y.org?subject=Hi%20there&cc=c@z.org")).toEqual([
      "a@x.org",
      "b@y.org",
    ]);
    expect(emailsInHref("MAILTO:town.clerk%40x.org")).toEqual(["town.clerk@x.org"]);
  });

  it("gives nothing for other links or junk", () => {
    expect(emailsInHref("https://x.org/contact")).toEqual([]);
    expect(emailsInHref("mailto:not-an-address")).toEqual([]);
  });
});
