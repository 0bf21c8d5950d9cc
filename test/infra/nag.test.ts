import { describe, expect, it } from "vitest";
import { signpostApp } from "./synth.js";

// cdk-nag's AwsSolutions pack runs inside the app (infra/signpost-app.ts); synth throws on any
// finding that is not acknowledged.

describe("cdk-nag AwsSolutionsChecks", () => {
  it("passes with every acknowledgement carrying a reason", () => {
    const { app } = signpostApp();
    expect(() => app.synth()).not.toThrow();
  });

  it("still needs each acknowledgement: without them the synth fails on exactly those rules", () => {
    const { app } = signpostApp({}, { acknowledgeFindings: false });
    let report = "";
    try {
      app.synth();
    } catch (error) {
      report = String((error as Error).message);
    }
    const rules = [...new Set(report.match(/AwsSolutions-[A-Z]+\d+/g))].sort();
    expect(rules).toEqual([
      "AwsSolutions-APIG4",
      "AwsSolutions-COG2",
      "AwsSolutions-IAM5",
      "AwsSolutions-SMG4",
    ]);
  });

  it("acknowledges the link key secret's and the client hash key's manual rotation on those secrets alone", () => {
    const report = findings({});
    const smg4 = report
      .split("\n")
      .filter((line, i, lines) => /SMG4/.test(lines[i + 1] ?? "") && /Resource/.test(line));
    expect(smg4.length).toBe(2);
    expect(smg4.join("\n")).toMatch(/-Data\/LinkKeys\/Resource/);
    expect(smg4.join("\n")).toMatch(/\/ClientHash\/Key\/Resource/);
  });

  it("needs no MFA acknowledgement in production, where the pool requires MFA (and edge protection is on)", () => {
    const production = { production: true, open311ApiKeyHashes: [] };
    expect(() => signpostApp(production).app.synth()).not.toThrow();
    expect([...new Set(findings(production).match(/AwsSolutions-[A-Z]+\d+/g))].sort()).toEqual([
      "AwsSolutions-APIG4",
      "AwsSolutions-CFR1",
      "AwsSolutions-CFR3",
      "AwsSolutions-CFR4",
      "AwsSolutions-IAM5",
      "AwsSolutions-SMG4",
    ]);
  });

  it("acknowledges only the distribution's and the edge secret's own findings for edge protection", () => {
    const withEdge = { edge: { enabled: true } };
    expect(() => signpostApp(withEdge).app.synth()).not.toThrow();
    const report = findings(withEdge);
    // Each finding names its resource, then the rule to acknowledge.
    const on = (path: string, rule: string) =>
      new RegExp(`${path}/Resource[^\\n]*\\n\\s*Acknowledge with '[^']*AwsSolutions-${rule}'`);
    for (const rule of ["CFR1", "CFR3", "CFR4"]) expect(report).toMatch(on("Edge/Distribution", rule));
    expect(report).toMatch(on("Edge/OriginSecret", "SMG4"));
    // CloudFront reaches the API over TLS 1.2 only, and the web ACL is attached (CFR5, CFR2 pass).
    expect(report).not.toMatch(/AwsSolutions-CFR[25]/);
  });
});

/** The nag report of an app with these settings and no acknowledgements. */
function findings(overrides: Record<string, unknown>): string {
  const { app } = signpostApp(overrides, { acknowledgeFindings: false });
  try {
    app.synth();
  } catch (error) {
    return String((error as Error).message);
  }
  return "";
}
