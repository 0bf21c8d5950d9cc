import { ArnFormat, CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import { DeliveryEventsQueue } from "../constructs/delivery-events-queue.js";
import { DispatchQueue } from "../constructs/dispatch-queue.js";
import { MailSending } from "../constructs/mail-sending.js";

export interface MessagingStackProps extends StackProps {
  /** Every council's sending domain, the first council's first. */
  sendingDomains: readonly string[];
  maxReceiveCount: number;
  alarmEmail: string;
}

/**
 * How reports leave: the dispatch queue and its dead letters, SES sending with delivery events (a
 * topic feeding a queue with its own dead letters), and the alarm topic. One customer-managed key encrypts the queues and topics (they carry references
 * and recipients' addresses), and lets SES and CloudWatch publish to them.
 */
export class MessagingStack extends Stack {
  readonly key: Key;
  readonly dispatch: DispatchQueue;
  readonly mail: MailSending;
  readonly deliveryEvents: DeliveryEventsQueue;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    this.key = new Key(this, "MessagingKey", {
      enableKeyRotation: true,
      description: "Signpost queues and topics",
    });
    this.dispatch = new DispatchQueue(this, "Dispatch", {
      maxReceiveCount: props.maxReceiveCount,
      key: this.key,
    });
    this.mail = new MailSending(this, "Mail", {
      sendingDomains: props.sendingDomains,
      key: this.key,
    });
    this.deliveryEvents = new DeliveryEventsQueue(this, "DeliveryEvents", {
      topic: this.mail.eventsTopic,
      key: this.key,
    });
    this.alarmTopic = new Topic(this, "Alarms", { masterKey: this.key, enforceSSL: true });
    this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
    // Read by `npm run smoke`: is the alarm subscription confirmed, is the identity verified.
    new CfnOutput(this, "AlarmTopicArn", {
      description: "Alarms are published here",
      value: this.alarmTopic.topicArn,
    });
    new CfnOutput(this, "SendingDomain", {
      description: "The first council's SES identity: publish its DKIM records",
      value: props.sendingDomains[0] ?? "",
    });
    new CfnOutput(this, "SendingDomains", {
      description: "Every council's SES identity, comma-separated: publish each one's DKIM records",
      value: props.sendingDomains.join(","),
    });

    // Who publishes, on whose behalf: SES for this stack's configuration set, CloudWatch for this
    // account's alarms (they live in the app stack, which depends on this one, so by pattern). The
    // conditions stop either service being used as a confused deputy for another account.
    const configurationSetArn = this.formatArn({
      service: "ses",
      resource: "configuration-set",
      resourceName: this.mail.configurationSet.configurationSetName,
    });
    const alarmsArn = this.formatArn({
      service: "cloudwatch",
      resource: "alarm",
      resourceName: "*",
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const onBehalfOf = (sourceArn: string) => ({
      StringEquals: { "aws:SourceAccount": this.account },
      ArnLike: { "aws:SourceArn": sourceArn },
    });
    for (const [service, sourceArn] of [
      ["ses.amazonaws.com", configurationSetArn],
      ["cloudwatch.amazonaws.com", alarmsArn],
    ] as const) {
      this.key.addToResourcePolicy(
        new PolicyStatement({
          principals: [new ServicePrincipal(service)],
          actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
          resources: ["*"],
          conditions: onBehalfOf(sourceArn),
        }),
      );
    }
    // A topic policy replaces SNS's default one, so the alarm topic (whose policy CDK creates for
    // enforceSSL) must allow CloudWatch itself. SES's Allow on the events topic comes with its
    // event destination, with the same conditions.
    this.alarmTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal("cloudwatch.amazonaws.com")],
        actions: ["sns:Publish"],
        resources: [this.alarmTopic.topicArn],
        conditions: onBehalfOf(alarmsArn),
      }),
    );
  }
}
