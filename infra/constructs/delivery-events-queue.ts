import { Duration, Stack } from "aws-cdk-lib";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import { type ITopic, Subscription, SubscriptionProtocol } from "aws-cdk-lib/aws-sns";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

/** Receives before a delivery event is dead-lettered: a store outage of a few minutes is ridden out. */
export const DELIVERY_EVENTS_MAX_RECEIVES = 5;
/** Six times the delivery-events function's timeout (10 s), as AWS advises for an SQS event source. */
export const DELIVERY_EVENTS_VISIBILITY_SECONDS = 60;

/**
 * SES events topic → this queue → the delivery-events function, so no bounce can vanish: a record
 * the function fails is retried, then kept in the dead-letter queue; a message SNS cannot deliver to
 * the queue (a policy or key mistake) lands in the same dead-letter queue through the subscription's
 * redrive policy. Raw delivery: each message body is the SES event JSON itself, not an SNS envelope.
 */
export class DeliveryEventsQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly subscription: Subscription;

  constructor(scope: Construct, id: string, props: { topic: ITopic; key: IKey }) {
    super(scope, id);
    const encryption = { encryption: QueueEncryption.KMS, encryptionMasterKey: props.key, enforceSSL: true };
    this.deadLetterQueue = new Queue(this, "DeadLetters", {
      ...encryption,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, "Events", {
      ...encryption,
      visibilityTimeout: Duration.seconds(DELIVERY_EVENTS_VISIBILITY_SECONDS),
      retentionPeriod: Duration.days(14),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: DELIVERY_EVENTS_MAX_RECEIVES },
    });

    // SNS sends to both queues (the subscription's redrive goes to the dead-letter queue), only
    // for this topic, and uses the queues' key to encrypt what it sends.
    const fromTopic = { ArnEquals: { "aws:SourceArn": props.topic.topicArn } };
    const sns = new ServicePrincipal("sns.amazonaws.com");
    const { policyDependable } = this.queue.addToResourcePolicy(
      new PolicyStatement({
        principals: [sns],
        actions: ["sqs:SendMessage"],
        resources: [this.queue.queueArn],
        conditions: fromTopic,
      }),
    );
    // The topic is encrypted with the same key, so naming it here would be a cycle: the key
    // allows this stack's topics by name pattern (CloudFormation names them `<stack>-...`).
    const stack = Stack.of(this);
    props.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [sns],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: {
          StringEquals: { "aws:SourceAccount": stack.account },
          ArnLike: { "aws:SourceArn": stack.formatArn({ service: "sns", resource: `${stack.stackName}-*` }) },
        },
      }),
    );
    this.subscription = new Subscription(this, "FromTopic", {
      topic: props.topic,
      protocol: SubscriptionProtocol.SQS,
      endpoint: this.queue.queueArn,
      rawMessageDelivery: true,
      // The construct adds SNS's SendMessage on this queue, with the same SourceArn condition.
      deadLetterQueue: this.deadLetterQueue,
    });
    // The subscription is confirmed at creation, so the queue must already accept SNS.
    if (policyDependable) this.subscription.node.addDependency(policyDependable);
  }
}
