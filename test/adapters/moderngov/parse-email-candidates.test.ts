import { describe, expect, it, vi } from "vitest";
import {
  emailsInField,
  emailsInHref,
  emailsInText,
  obfuscatedBesidePlain,
  obfuscatedEmailsInText,
} from "../../../functions/adapters/moderngov/email-candidates.js";

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

describe("obfuscatedBesidePlain", () => {
  it("gives the obfuscated addresses on a line that also has a plain one", () => {
    const text = "clerk [at] ashcombe [dot] org, site problems to webmaster@wendleshire.gov.uk";
    expect(emailsInField(text)).toEqual(["webmaster@wendleshire.gov.uk"]);
    expect(obfuscatedBesidePlain(text)).toEqual(["clerk@ashcombe.org"]);
    expect(obfuscatedBesidePlain("clerk [at] ashcombe [dot] org")).toEqual([]);
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

  it("reads the recipients in a `to` of the query (RFC 6068)", () => {
    expect(emailsInHref("mailto:?to=clerk@x.org")).toEqual(["clerk@x.org"]);
    expect(emailsInHref("mailto:a@x.org?subject=Hi&to=b%40y.org")).toEqual(["a@x.org", "b@y.org"]);
  });

  it("gives nothing for other links or junk", () => {
    expect(emailsInHref("https://x.org/contact")).toEqual([]);
    expect(emailsInHref("mailto:not-an-address")).toEqual([]);
  });
});

/** How many times regexes ran, and over how long a string at most, while `run` ran. */
function regexWork(run: () => unknown): { runs: number; longest: number } {
  const exec = vi.spyOn(RegExp.prototype, "exec");
  try {
    run();
    const lengths = exec.mock.calls.map(([input]) => String(input).length);
    return { runs: lengths.length, longest: Math.max(0, ...lengths) };
  } finally {
    exec.mockRestore();
  }
}

describe("hostile text", () => {
  // A 60,001-character "aaaa@bbbb" made the old single pattern backtrack over the whole text
  // (about 10 s in parseParishPage). Patterns now run only over one token or a short window.
  const hostile = (n: number) => `${"word ".repeat(n)}${"a".repeat(n)}@${"b".repeat(n)} ${"c".repeat(n)}`;

  it.each([
    ["emailsInText", emailsInText],
    ["emailsInField", emailsInField],
    ["obfuscatedEmailsInText", obfuscatedEmailsInText],
  ])("%s never runs a pattern over more than a field's first 4,000 characters", (_, find) => {
    const work = regexWork(() => expect(find(hostile(30_000))).toEqual([]));
    expect(work.longest).toBeLessThanOrEqual(4000);
  });

  it("does work in proportion to the text: four times the text, at most four times the pattern runs", () => {
    const once = regexWork(() => emailsInText(hostile(5_000))).runs;
    const fourTimes = regexWork(() => emailsInText(hostile(20_000))).runs;
    expect(fourTimes).toBeLessThanOrEqual(once * 4 + 10);
  });

  it("still finds an address after the hostile token", () => {
    expect(emailsInText(`${"a".repeat(30_000)}@${"b".repeat(30_000)} clerk@x.org`)).toEqual(["clerk@x.org"]);
    expect(emailsInField(`${"a".repeat(30_000)} clerk [at] x [dot] org`)).toEqual(["clerk@x.org"]);
  });
});
