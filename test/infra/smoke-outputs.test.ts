import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { SMOKE_OUTPUTS } from "../../functions/cli/smoke/smoke-checks.js";
import { signpostApp } from "./synth.js";

// `npm run smoke` finds everything it checks through the stacks' outputs (DescribeStacks).

describe("stack outputs for the smoke check", () => {
  it("declares every output the smoke check reads, once across the three stacks", () => {
    const { data, messaging, application } = signpostApp();
    const names = [data, messaging, application].flatMap((stack) =>
      Object.keys(Template.fromStack(stack).toJSON().Outputs ?? {}).filter((k) => !k.startsWith("Exports")),
    );
    for (const output of SMOKE_OUTPUTS)
      expect(
        names.filter((n) => n === output),
        output,
      ).toHaveLength(1);
  });

  it("names the dispatch dead-letter alarm as the one the smoke check sets", () => {
    const { application } = signpostApp();
    const outputs = Template.fromStack(application).toJSON().Outputs as Record<string, { Value: unknown }>;
    const alarmId = application.getLogicalId(application.alarms.smokeAlarm.node.defaultChild as never);
    expect(outputs.SmokeAlarmName?.Value).toEqual({ Ref: alarmId });
    expect(alarmId).toMatch(/DispatchDeadLetters/);
  });
});
