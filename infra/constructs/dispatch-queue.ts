import { Duration } from "aws-cdk-lib";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { dispatchQueueSettings } from "../../functions/config/dispatch-queue-settings.js";

/** The dispatch queue and its dead-letter queue; settings shared with the local SQS endpoint. */
export class DispatchQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: { maxReceiveCount: number; key: IKey }) {
    super(scope, id);
    const encryption = { encryption: QueueEncryption.KMS, encryptionMasterKey: props.key, enforceSSL: true };
    this.deadLetterQueue = new Queue(this, "DeadLetters", {
      ...encryption,
      retentionPeriod: Duration.days(dispatchQueueSettings.deadLetterRetentionDays),
    });
    this.queue = new Queue(this, "Jobs", {
      ...encryption,
      visibilityTimeout: Duration.seconds(dispatchQueueSettings.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
    });
  }
}
