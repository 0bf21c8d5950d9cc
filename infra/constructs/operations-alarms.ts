import { Duration } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { FilterPattern, type ILogGroup, MetricFilter } from "aws-cdk-lib/aws-logs";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRICS_SERVICE, reportMetricNames } from "../../functions/http/metric-names.js";

/**
 * SES puts an account under review at a 5% bounce rate or a 0.1% complaint rate (and may pause
 * sending at 10% / 0.5%); these alarms fire at 80% of the review thresholds, while there is still
 * time to act.
 */
export const sesReputationThresholds = { bounceRate: 0.04, complaintRate: 0.0008 } as const;

/** A dispatch job this old means a report has not gone out for half an hour: an outage in progress. */
export const OLDEST_JOB_ALARM_SECONDS = 30 * 60;

export const COUNTER_FAILURE_LOG_MESSAGE = "Status counter not moved";

/** What the digest function logs for each digest email it could not send (its cases stay held). */
export const DIGEST_NOT_SENT_LOG_MESSAGE = "Digest not sent";

export interface OperationsAlarmsProps {
  topic: ITopic;
  /** Custom metrics' namespace (POWERTOOLS_METRICS_NAMESPACE on every function). */
  metricsNamespace: string;
  dispatchQueue: IQueue;
  /** Dead-letter queues by name: every message in one is a report or an event nobody handled. */
  deadLetterQueues: Record<string, IQueue>;
  /** Every function, with the log group its structured logs go to. */
  functions: Record<string, IFunction & { logGroup: ILogGroup }>;
  api: HttpApi;
}

/**
 * What wakes someone up, each alarm notifying the alarm topic: a stuck or dead-lettered report or
 * delivery event, any function erroring or throttled, the public API answering 5xx, SES reputation
 * heading for a review, status counters not moved, the re-queue safety net giving up on cases, a
 * daily digest of held reports not sent, and clerks' emails going without their one-click links.
 */
export class OperationsAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  /** The alarm the smoke check sets to ALARM to prove notifications reach the topic's subscribers. */
  readonly smokeAlarm: Alarm;
  readonly #action: SnsAction;

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    this.#action = new SnsAction(props.topic);
    const fiveMinutes = Duration.minutes(5);
    let smoke: Alarm | undefined;

    this.#alarm("OldestDispatchJob", {
      description: `A report has waited more than ${OLDEST_JOB_ALARM_SECONDS / 60} minutes on the dispatch queue (SES or Modern.Gov outage?)`,
      metric: props.dispatchQueue.metricApproximateAgeOfOldestMessage({
        period: fiveMinutes,
        statistic: "Maximum",
      }),
      threshold: OLDEST_JOB_ALARM_SECONDS,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      const alarm = this.#alarm(`${name}DeadLetters`, {
        description: `Messages are waiting in the ${name} dead-letter queue: nobody handled them`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: fiveMinutes, statistic: "Maximum" }),
        threshold: 1,
      });
      if (name === "Dispatch") smoke = alarm;
    }
    if (!smoke) throw new Error("OperationsAlarms needs a Dispatch dead-letter queue");
    this.smokeAlarm = smoke;
    for (const [name, fn] of Object.entries(props.functions)) {
      this.#alarm(`${name}Errors`, {
        description: `The ${name} function is failing`,
        metric: fn.metricErrors({ period: fiveMinutes, statistic: "Sum" }),
        threshold: 1,
      });
      this.#alarm(`${name}Throttles`, {
        description: `The ${name} function is being throttled (concurrency limit reached)`,
        metric: fn.metricThrottles({ period: fiveMinutes, statistic: "Sum" }),
        threshold: 1,
      });
    }
    this.#alarm("Api5xx", {
      description: "The public API is answering with server errors",
      metric: props.api.metricServerError({ period: fiveMinutes, statistic: "Sum" }),
      threshold: 3,
    });

    // Account-level reputation, the rates SES itself reviews (a configuration set's own counts
    // would need metric math and miss mail sent outside it).
    const reputation = (metricName: string) =>
      new Metric({ namespace: "AWS/SES", metricName, period: Duration.hours(1), statistic: "Maximum" });
    this.#alarm("SesBounceRate", {
      description: `SES bounce rate above ${sesReputationThresholds.bounceRate * 100}% (account review at 5%)`,
      metric: reputation("Reputation.BounceRate"),
      threshold: sesReputationThresholds.bounceRate,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    this.#alarm("SesComplaintRate", {
      description: `SES complaint rate above ${sesReputationThresholds.complaintRate * 100}% (account review at 0.1%)`,
      metric: reputation("Reputation.ComplaintRate"),
      threshold: sesReputationThresholds.complaintRate,
      comparison: ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    // A counter that failed to move is only a warning in the logs (the case itself is stored), so
    // count those log lines in every function that moves counters, into one metric.
    const counterMetric = { metricNamespace: props.metricsNamespace, metricName: "StatusCounterNotMoved" };
    for (const [name, fn] of Object.entries(props.functions)) {
      new MetricFilter(this, `${name}CounterFailures`, {
        logGroup: fn.logGroup,
        filterPattern: FilterPattern.stringValue("$.message", "=", COUNTER_FAILURE_LOG_MESSAGE),
        metricValue: "1",
        ...counterMetric,
      });
    }
    this.#alarm("CounterFailures", {
      description: "Status counters were not moved: the case-log counts are wrong until repaired",
      metric: new Metric({
        namespace: props.metricsNamespace,
        metricName: counterMetric.metricName,
        period: fiveMinutes,
        statistic: "Sum",
      }),
      threshold: 1,
    });
    // The handlers' own EMF counts (functions/http/metrics.ts).
    const emf = (metricName: string) =>
      new Metric({
        namespace: props.metricsNamespace,
        metricName,
        dimensionsMap: { service: METRICS_SERVICE },
        period: fiveMinutes,
        statistic: "Sum",
      });
    this.#alarm("RequeueGaveUp", {
      description: "The re-queue safety net marked cases not sent after repeated re-queues",
      metric: emf(reportMetricNames.givenUp),
      threshold: 1,
    });
    // Held reports reach their clerk only in the digest: a digest not sent is named on its own, not
    // only as the function's error (a retry may send it; the alarm says why the function failed).
    const digest = props.functions.digest;
    if (digest) {
      const digestMetric = { metricNamespace: props.metricsNamespace, metricName: "DigestNotSent" };
      new MetricFilter(this, "DigestNotSentFilter", {
        logGroup: digest.logGroup,
        filterPattern: FilterPattern.stringValue("$.message", "=", DIGEST_NOT_SENT_LOG_MESSAGE),
        metricValue: "1",
        ...digestMetric,
      });
      this.#alarm("DigestNotSent", {
        description:
          "A daily digest of reports held over a council's daily cap was not sent: its reports are still held (see the digest function's logs)",
        metric: new Metric({
          namespace: props.metricsNamespace,
          metricName: digestMetric.metricName,
          period: Duration.hours(1),
          statistic: "Sum",
        }),
        threshold: 1,
      });
    }
    // Emails go without their one-click links rather than not at all, so only this says the key
    // ring's secret or its grant is broken.
    this.#alarm("ClerkLinksUnsigned", {
      description:
        "Emails to parish clerks went without their one-click links: the link key secret could not be read or used (see the dispatch and digest logs)",
      metric: emf(reportMetricNames.linksUnsigned),
      threshold: 1,
    });
    this.#alarm("DeliveryEventsDropped", {
      description:
        "Messages on the delivery-events queue were not SES events and were dropped (see the logs)",
      metric: emf(reportMetricNames.droppedEvents),
      threshold: 1,
    });
  }

  #alarm(
    id: string,
    options: { description: string; metric: IMetric; threshold: number; comparison?: ComparisonOperator },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.#action);
    this.alarms.push(alarm);
    return alarm;
  }
}
