import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { addSignpost } from "../../infra/signpost-app.js";

const cdkJson = JSON.parse(readFileSync(join(import.meta.dirname, "../../cdk.json"), "utf8")) as {
  context: Record<string, unknown> & { "signpost:environments": { demo: Record<string, unknown> } };
};

/**
 * Today's one-council configuration (the demo as it was before councils: one district, today's
 * keys): the tests change it key by key, and it must keep synthesising (ADR 0012).
 */
export const oneCouncilEnvironment = JSON.parse(
  readFileSync(join(import.meta.dirname, "one-council-environment.json"), "utf8"),
) as Record<string, unknown>;

/** cdk.json's demo environment: three councils. */
export const demoCouncilsEnvironment = cdkJson.context["signpost:environments"].demo;

/**
 * A fresh app with the one-council environment (or, given `base`, another), optionally changed;
 * bundling skipped unless asked.
 */
export function signpostApp(
  overrides: Record<string, unknown> = {},
  options: { bundle?: boolean; acknowledgeFindings?: boolean; base?: Record<string, unknown> } = {},
) {
  const context = {
    ...cdkJson.context,
    "signpost:environments": { demo: { ...(options.base ?? oneCouncilEnvironment), ...overrides } },
    ...(options.bundle ? {} : { "aws:cdk:bundling-stacks": [] }),
  };
  const app = new App({ context, outdir: mkdtempSync(join(tmpdir(), "signpost-cdk-")) });
  const stacks = addSignpost(app, options);
  return { app, ...stacks };
}

export function templates(overrides: Record<string, unknown> = {}) {
  const { data, messaging, application } = signpostApp(overrides);
  return {
    data: Template.fromStack(data),
    messaging: Template.fromStack(messaging),
    app: Template.fromStack(application),
  };
}

export const demoConfig = oneCouncilEnvironment;
