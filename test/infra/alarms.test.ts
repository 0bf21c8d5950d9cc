import type { Stack } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { reportMetricNames } from "../../functions/http/metric-names.js";
import {
  COUNTER_FAILURE_LOG_MESSAGE,
  DIGEST_NOT_SENT_LOG_MESSAGE,
  OLDEST_JOB_ALARM_SECONDS,
  sesReputationThresholds,
} from "../../infra/constructs/operations-alarms.js";
import { METRICS_NAMESPACE } from "../../infra/stacks/app-stack.js";
import { signpostApp } from "./synth.js";

// Issue 14: what wakes someone up. Each alarm is found by what it measures, and each must notify
// the alarm topic; a function without its error or throttle alarm fails the test.

type Resource = { Type: string; Properties: Record<string, unknown> };
let synth: ReturnType<typeof signpostApp>;
let app: Template;
let alarms: Resource[];
let alarmTopicExport: string;
beforeAll(() => {
  synth = signpostApp();
  app = Template.fromStack(synth.application);
  alarms = Object.values(app.findResources("AWS::CloudWatch::Alarm")) as Resource[];
  alarmTopicExport = JSON.stringify(synth.messaging.resolve(synth.messaging.alarmTopic.topicArn));
});

const idOf = (stack: Stack, construct: IConstruct) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const dimensionsOf = (alarm: Resource) => JSON.stringify(alarm.Properties.Dimensions ?? []);
const alarmsOn = (namespace: string, metricName: string) =>
  alarms.filter((a) => a.Properties.Namespace === namespace && a.Properties.MetricName === metricName);

describe("operations alarms", () => {
  it("every alarm notifies the alarm topic", () => {
    expect(alarms.length).toBeGreaterThan(20);
    for (const alarm of alarms) {
      const actions = alarm.Properties.AlarmActions as unknown[];
      expect(actions, String(alarm.Properties.AlarmDescription)).toHaveLength(1);
      // The topic lives in the messaging stack: the action is its exported ARN.
      expect(JSON.stringify(actions[0])).toMatch(/Fn::ImportValue/);
      expect(JSON.stringify(actions[0])).toMatch(/Alarms/);
    }
    expect(alarmTopicExport).toContain("Ref");
  });

  it("has an error and a throttle alarm for every function", () => {
    const functions = Object.entries(synth.application.functions);
    expect(functions).toHaveLength(10);
    const missing: string[] = [];
    for (const [name, fn] of functions) {
      const id = idOf(synth.application, fn);
      for (const metric of ["Errors", "Throttles"]) {
        const found = alarmsOn("AWS/Lambda", metric).filter((a) => dimensionsOf(a).includes(`"${id}"`));
        if (found.length !== 1) missing.push(`${name} ${metric}`);
        else expect(found[0]?.Properties).toMatchObject({ Threshold: 1, Period: 300, Statistic: "Sum" });
      }
    }
    expect(missing).toEqual([]);
  });

  it("alarms when the oldest dispatch job is older than half an hour", () => {
    const queueId = idOf(synth.messaging, synth.messaging.dispatch.queue);
    const [age, ...others] = alarmsOn("AWS/SQS", "ApproximateAgeOfOldestMessage");
    expect(others).toEqual([]);
    expect(dimensionsOf(age as Resource)).toContain(queueId);
    expect(age?.Properties).toMatchObject({
      Threshold: OLDEST_JOB_ALARM_SECONDS,
      ComparisonOperator: "GreaterThanThreshold",
      Statistic: "Maximum",
    });
  });

  it("alarms on any message in either dead-letter queue", () => {
    const depth = alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible");
    for (const queue of [
      synth.messaging.dispatch.deadLetterQueue,
      synth.messaging.deliveryEvents.deadLetterQueue,
    ]) {
      const id = idOf(synth.messaging, queue);
      const found = depth.filter((a) => dimensionsOf(a).includes(id));
      expect(found, id).toHaveLength(1);
      expect(found[0]?.Properties).toMatchObject({
        Threshold: 1,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
        Statistic: "Maximum",
      });
    }
    expect(depth).toHaveLength(2);
  });

  it("alarms on the public API's 5xx answers", () => {
    const [api] = alarmsOn("AWS/ApiGateway", "5xx");
    expect(dimensionsOf(api as Resource)).toContain(idOf(synth.application, synth.application.api.api));
  });

  it("alarms on SES bounce and complaint rates before AWS would review the account", () => {
    const [bounce] = alarmsOn("AWS/SES", "Reputation.BounceRate");
    const [complaint] = alarmsOn("AWS/SES", "Reputation.ComplaintRate");
    expect(bounce?.Properties.Threshold).toBe(sesReputationThresholds.bounceRate);
    expect(complaint?.Properties.Threshold).toBe(sesReputationThresholds.complaintRate);
    expect(sesReputationThresholds.bounceRate).toBeLessThan(0.05);
    expect(sesReputationThresholds.complaintRate).toBeLessThan(0.001);
  });

  it("counts counter-update failures from every function's logs, and alarms on them", () => {
    const filters = (Object.values(app.findResources("AWS::Logs::MetricFilter")) as Resource[]).filter((f) =>
      JSON.stringify(f.Properties.MetricTransformations).includes("StatusCounterNotMoved"),
    );
    const logGroups = Object.values(synth.application.functions).map((fn) => ({
      Ref: idOf(synth.application, fn.logGroup),
    }));
    expect(filters.map((f) => f.Properties.LogGroupName)).toEqual(expect.arrayContaining(logGroups));
    for (const filter of filters) {
      expect(filter.Properties.FilterPattern).toBe(`{ $.message = "${COUNTER_FAILURE_LOG_MESSAGE}" }`);
      expect(filter.Properties.MetricTransformations).toEqual([
        { MetricNamespace: METRICS_NAMESPACE, MetricName: "StatusCounterNotMoved", MetricValue: "1" },
      ]);
    }
    expect(alarmsOn(METRICS_NAMESPACE, "StatusCounterNotMoved")).toHaveLength(1);
  });

  it("alarms when a daily digest is not sent, counted from the digest function's logs", () => {
    const filters = (Object.values(app.findResources("AWS::Logs::MetricFilter")) as Resource[]).filter((f) =>
      JSON.stringify(f.Properties.MetricTransformations).includes("DigestNotSent"),
    );
    expect(filters).toHaveLength(1);
    expect(filters[0]?.Properties).toMatchObject({
      LogGroupName: { Ref: idOf(synth.application, synth.application.functions.digest.logGroup) },
      FilterPattern: `{ $.message = "${DIGEST_NOT_SENT_LOG_MESSAGE}" }`,
      MetricTransformations: [
        { MetricNamespace: METRICS_NAMESPACE, MetricName: "DigestNotSent", MetricValue: "1" },
      ],
    });
    const [alarm, ...others] = alarmsOn(METRICS_NAMESPACE, "DigestNotSent");
    expect(others).toEqual([]);
    expect(alarm?.Properties).toMatchObject({ Threshold: 1, Statistic: "Sum", Period: 3600 });
  });

  it("alarms when the re-queue safety net gives up on cases, a delivery event is dropped, or clerks' links go unsigned (EMF metrics)", () => {
    for (const metric of [
      reportMetricNames.givenUp,
      reportMetricNames.droppedEvents,
      reportMetricNames.linksUnsigned,
    ]) {
      const found = alarmsOn(METRICS_NAMESPACE, metric);
      expect(found, metric).toHaveLength(1);
      expect(found[0]?.Properties).toMatchObject({
        Threshold: 1,
        Dimensions: [{ Name: "service", Value: "signpost" }],
      });
    }
  });

  it("sends every function's EMF metrics to the namespace the alarms read", () => {
    for (const fn of Object.values(app.findResources("AWS::Lambda::Function")) as Resource[]) {
      const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(variables.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
    }
  });
});
