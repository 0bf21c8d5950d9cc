import { describe, expect, it } from "vitest";
import cdkJson from "../../cdk.json" with { type: "json" };
import { parseCouncilsFile } from "../../functions/config/councils-file.js";
import { readConfig } from "../../functions/config/env.js";
import { demoCouncils } from "../../functions/local/demo-councils.js";
import { DEMO_PUBLIC_INFO } from "../../functions/local/demo-public-info.js";

const required = {
  TABLE_NAME: "signpost",
  SENDER_EMAIL: "reports@council.example",
  DISTRICT_EMAIL: "district@council.example",
  DISTRICT_COUNCIL_NAME: "Exampleshire Vale District Council",
  DISTRICT_CODE: "E07999999",
  DISTRICT_NAME: "Exampleshire Vale",
  MODERNGOV_BASE_URL: "https://democracy.council.example/",
};

const full = {
  contact: {
    email: "contact@council.example",
    phone: "01632 960000",
    address: ["Council Offices", "ZX1 5ZB"],
  },
  dataProtection: { email: "dpo@council.example" },
  accessibility: { status: "full", preparedOn: "2026-11-23" },
};
const withInfo = (info: unknown) => readConfig({ ...required, PUBLIC_INFO: JSON.stringify(info) });
const accessibility = (changes: object) =>
  withInfo({ ...full, accessibility: { ...full.accessibility, ...changes } });

describe("PUBLIC_INFO: the council's contacts and the accessibility statement's settings", () => {
  it("is optional for the functions that do not show them, and parsed with its defaults when set", () => {
    expect(readConfig(required).PUBLIC_INFO).toBeUndefined();
    expect(withInfo(full).PUBLIC_INFO?.accessibility).toEqual({
      status: "full",
      knownIssues: [],
      improvements: [],
      preparedOn: "2026-11-23",
      replyWorkingDays: 10,
    });
  });

  it("lists known issues when partially or not compliant, and none when fully compliant", () => {
    const issue = {
      description: "The map cannot be used with a keyboard",
      criterion: "2.1.1 Keyboard",
      plan: "We plan to fix this by March 2027",
    };
    expect(accessibility({ status: "partial", knownIssues: [issue] }).PUBLIC_INFO?.accessibility.status).toBe(
      "partial",
    );
    expect(() => accessibility({ status: "partial" })).toThrow(
      "PUBLIC_INFO.accessibility.knownIssues: list knownIssues when status is partial or not, and none when full",
    );
    expect(() => accessibility({ status: "not", knownIssues: [] })).toThrow(/knownIssues/);
    expect(() => accessibility({ status: "full", knownIssues: [issue] })).toThrow(/knownIssues/);
    expect(() => accessibility({ status: "fully" })).toThrow(/PUBLIC_INFO\.accessibility\.status/);
  });

  it("requires each known issue's WCAG criterion, by number and name, and when it will be fixed", () => {
    const issue = {
      description: "Some text is pale grey on white",
      criterion: "1.4.3 Contrast (Minimum)",
      plan: "Fixed by May 2027",
    };
    const partial = (changes: object) =>
      accessibility({ status: "partial", knownIssues: [{ ...issue, ...changes }] });
    expect(partial({}).PUBLIC_INFO?.accessibility.knownIssues[0]?.criterion).toBe("1.4.3 Contrast (Minimum)");
    const { criterion: _c, ...withoutCriterion } = issue;
    expect(() => accessibility({ status: "partial", knownIssues: [withoutCriterion] })).toThrow(
      /knownIssues\.0\.criterion/,
    );
    const { plan: _p, ...withoutPlan } = issue;
    expect(() => accessibility({ status: "partial", knownIssues: [withoutPlan] })).toThrow(
      /knownIssues\.0\.plan/,
    );
    for (const bad of [
      "1.4.3",
      "Contrast (Minimum)",
      "WCAG 1.4.3 Contrast",
      "1.4 Contrast",
      "5.1.1 Keyboard",
    ])
      expect(() => partial({ criterion: bad }), bad).toThrow(
        /must be a WCAG criterion like "1\.4\.3 Contrast \(Minimum\)"/,
      );
  });

  it("takes what is being done that is not a WCAG failure as improvements, with a full status", () => {
    const improvements = ["We will have the service audited by an accessibility specialist by March 2027"];
    expect(accessibility({ status: "full", improvements }).PUBLIC_INFO?.accessibility.improvements).toEqual(
      improvements,
    );
    expect(() => accessibility({ improvements: [""] })).toThrow(/improvements\.0/);
  });

  it("refuses a date that does not exist or a review before the statement was prepared", () => {
    expect(() => accessibility({ preparedOn: "2026-02-30" })).toThrow(/preparedOn: must be a real date/);
    expect(() => accessibility({ preparedOn: "23/11/2026" })).toThrow(/preparedOn: must be a date like/);
    expect(() => accessibility({ reviewedOn: "2026-11-01" })).toThrow(/reviewedOn: must not be before/);
  });

  it("refuses bad contacts and JSON that does not parse, naming the path", () => {
    expect(() => withInfo({ ...full, contact: { ...full.contact, email: "nope" } })).toThrow(
      /PUBLIC_INFO\.contact\.email/,
    );
    expect(() => withInfo({ ...full, contact: { ...full.contact, address: ["One line"] } })).toThrow(
      /PUBLIC_INFO\.contact\.address/,
    );
    expect(() => readConfig({ ...required, PUBLIC_INFO: "{" })).toThrow(/PUBLIC_INFO: is not valid JSON/);
  });

  it("has the same demo councils under npm start as in cdk.json's demo environment", () => {
    const { councils } = cdkJson.context["signpost:environments"].demo;
    expect(withInfo(councils[0]?.publicInfo).PUBLIC_INFO).toEqual(DEMO_PUBLIC_INFO);
    // The same councils but for their Modern.Gov sites, which are the local server's, and their
    // host names: a deployment serves those only through the edge (with a certificate), which the
    // demo environment has not; the local stack shows Saltmere's own site on its.
    const withoutSites = (list: readonly object[]) =>
      list.map((c) => ({ ...c, moderngovBaseUrl: "", hostNames: [] }));
    expect(withoutSites(demoCouncils("http://127.0.0.1:1"))).toEqual(
      withoutSites(parseCouncilsFile("cdk.json", JSON.stringify({ councils }))),
    );
  });
});
