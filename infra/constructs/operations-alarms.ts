import { Duration } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { ITopic } from "aws-cdk-lib/aws-sns";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/**
 * What wakes someone up: any report stuck in the dead-letter queue (a resident has a reference but
 * nobody got the email), and any function error.
 */
export class OperationsAlarms extends Construct {
  constructor(
    scope: Construct,
    id: string,
    props: { topic: ITopic; deadLetterQueue: IQueue; functions: Record<string, IFunction> },
  ) {
    super(scope, id);
    const action = new SnsAction(props.topic);
    new Alarm(this, "DeadLetters", {
      alarmDescription: "Reports could not be sent and are waiting in the dead-letter queue",
      metric: props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: "Maximum",
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
    for (const [name, fn] of Object.entries(props.functions)) {
      new Alarm(this, `${name}Errors`, {
        alarmDescription: `The ${name} function is failing`,
        metric: fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(action);
    }
  }
}
