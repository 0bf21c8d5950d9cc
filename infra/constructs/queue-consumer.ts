import { Names } from "aws-cdk-lib";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { IQueue } from "aws-cdk-lib/aws-sqs";

export interface QueueConsumerProps {
  batchSize: number;
  maxConcurrency?: number;
  /**
   * The function itself changes a message's visibility (dispatch delays a failed job's next
   * attempt); the event source mapping never does.
   */
  changesVisibility?: boolean;
}

/**
 * An SQS event source mapping with partial batch responses, and only the grants it needs: the
 * mapping polls with the function's role and needs ReceiveMessage, DeleteMessage and
 * GetQueueAttributes ("Execution role permissions", Lambda Developer Guide,
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html), plus kms:Decrypt for an encrypted
 * queue. CDK's SqsEventSource grants all of grantConsumeMessages, GetQueueUrl and
 * ChangeMessageVisibility included, which nothing here calls (the functions take the queue's URL
 * from their environment).
 */
export function consumeQueue(fn: IFunction, queue: IQueue, props: QueueConsumerProps): void {
  // The id SqsEventSource gives its mapping, so the mapping's logical id is unchanged.
  fn.addEventSourceMapping(`SqsEventSource:${Names.nodeUniqueId(queue.node)}`, {
    eventSourceArn: queue.queueArn,
    batchSize: props.batchSize,
    reportBatchItemFailures: true,
    ...(props.maxConcurrency === undefined ? {} : { maxConcurrency: props.maxConcurrency }),
  });
  const actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"];
  if (props.changesVisibility) actions.push("sqs:ChangeMessageVisibility");
  fn.addToRolePolicy(new PolicyStatement({ actions, resources: [queue.queueArn] }));
  if (queue.encryptionMasterKey)
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ["kms:Decrypt"], resources: [queue.encryptionMasterKey.keyArn] }),
    );
}
