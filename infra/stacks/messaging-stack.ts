import { Stack, type StackProps } from "aws-cdk-lib";
import { ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { Construct } from "constructs";
import { DispatchQueue } from "../constructs/dispatch-queue.js";
import { MailSending } from "../constructs/mail-sending.js";

export interface MessagingStackProps extends StackProps {
  sendingDomain: string;
  maxReceiveCount: number;
  alarmEmail: string;
}

/**
 * How reports leave: the dispatch queue and its dead letters, SES sending with delivery events, and
 * the alarm topic. One customer-managed key encrypts the queues and topics (they carry references
 * and recipients' addresses), and lets SES and CloudWatch publish to them.
 */
export class MessagingStack extends Stack {
  readonly key: Key;
  readonly dispatch: DispatchQueue;
  readonly mail: MailSending;
  readonly alarmTopic: Topic;

  constructor(scope: Construct, id: string, props: MessagingStackProps) {
    super(scope, id, props);
    this.key = new Key(this, "MessagingKey", {
      enableKeyRotation: true,
      description: "Signpost queues and topics",
    });
    for (const service of ["ses.amazonaws.com", "cloudwatch.amazonaws.com"]) {
      this.key.grant(new ServicePrincipal(service), "kms:Decrypt", "kms:GenerateDataKey*");
    }
    this.dispatch = new DispatchQueue(this, "Dispatch", {
      maxReceiveCount: props.maxReceiveCount,
      key: this.key,
    });
    this.mail = new MailSending(this, "Mail", { sendingDomain: props.sendingDomain, key: this.key });
    this.alarmTopic = new Topic(this, "Alarms", { masterKey: this.key, enforceSSL: true });
    this.alarmTopic.addSubscription(new EmailSubscription(props.alarmEmail));
  }
}
