import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { limitSettings } from "../../functions/config/limit-settings.js";
import { signpostApp } from "./synth.js";

// README "Limits": each limit is tuned per environment in cdk.json and reaches the functions as the
// setting they read; none is fixed in code.

const environments = (template: Template) =>
  Object.values(template.findResources("AWS::Lambda::Function")).map(
    (fn) =>
      (fn.Properties as { Environment?: { Variables?: Record<string, unknown> } }).Environment?.Variables ??
      {},
  );

describe("limits per environment", () => {
  it("gives every function that takes reports or sends mail the environment's limits", () => {
    const stacks = signpostApp({ limits: { clientReportsPerMinute: 3, bodyEmailsPerDay: 7, digestHour: 6 } });
    const app = Template.fromStack(stacks.application);
    const withLimits = environments(app).filter((env) => "BODY_EMAILS_PER_DAY" in env);
    // intake, web, open311, case log, dispatch, delivery-events, requeue, digest: all but health.
    expect(withLimits.length).toBeGreaterThanOrEqual(4);
    for (const env of withLimits) {
      expect(env).toMatchObject({
        CLIENT_REPORTS_PER_MINUTE: "3",
        CLIENT_REPORTS_PER_HOUR: String(limitSettings.clientReportsPerHour),
        BODY_EMAILS_PER_DAY: "7",
        DIGEST_HOUR: "6",
      });
    }
    // The digest's schedule (the directory refresh has its own, weekly).
    const schedule = Object.values(app.findResources("AWS::Scheduler::Schedule")).find((r) =>
      String(r.Properties?.Description).startsWith("Email each council"),
    );
    expect(schedule?.Properties).toMatchObject({
      ScheduleExpression: "cron(0 6 * * ? *)",
      ScheduleExpressionTimezone: "Europe/London",
    });
  });

  it("refuses a limit that makes no sense", () => {
    expect(() => signpostApp({ limits: { bodyEmailsPerDay: 0 } })).toThrow(/bodyEmailsPerDay/);
    expect(() => signpostApp({ limits: { digestHour: 24 } })).toThrow(/digestHour/);
  });
});
