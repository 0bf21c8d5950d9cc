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
    expect(rules).toEqual(["AwsSolutions-APIG4", "AwsSolutions-COG2", "AwsSolutions-IAM5"]);
  });

  it("needs no MFA acknowledgement in production, where the pool requires MFA", () => {
    const production = { production: true, open311ApiKeyHashes: [] };
    expect(() => signpostApp(production).app.synth()).not.toThrow();
    const { app } = signpostApp(production, { acknowledgeFindings: false });
    let report = "";
    try {
      app.synth();
    } catch (error) {
      report = String((error as Error).message);
    }
    expect([...new Set(report.match(/AwsSolutions-[A-Z]+\d+/g))].sort()).toEqual([
      "AwsSolutions-APIG4",
      "AwsSolutions-IAM5",
    ]);
  });
});
