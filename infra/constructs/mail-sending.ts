import { Stack } from "aws-cdk-lib";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import { PolicyStatement } from "aws-cdk-lib/aws-iam";
import type { IKey } from "aws-cdk-lib/aws-kms";
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from "aws-cdk-lib/aws-ses";
import { Topic } from "aws-cdk-lib/aws-sns";
import { Construct } from "constructs";

/**
 * SES for one sending domain: the domain identity (publish its DKIM records), a configuration set
 * whose delivery, bounce and complaint events go to an encrypted SNS topic, and a grant that lets a
 * function send only as that identity through that configuration set.
 */
export class MailSending extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly eventsTopic: Topic;

  constructor(scope: Construct, id: string, props: { sendingDomain: string; key: IKey }) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", {
      // Hard bounces only. A complaint would put the complainer on the account's suppression list,
      // and our recipients are council mailboxes: a clerk flooded with reports who marks them as
      // junk would stop getting any report at all. Complaints are still events: recorded on the case
      // and counted by the ComplaintRate alarm; residents' acknowledgements are capped per address.
      suppressionReasons: SuppressionReasons.BOUNCES_ONLY,
    });
    this.identity = new EmailIdentity(this, "Identity", {
      identity: Identity.domain(props.sendingDomain),
      configurationSet: this.configurationSet,
    });
    this.eventsTopic = new Topic(this, "DeliveryEvents", { masterKey: props.key, enforceSSL: true });
    this.configurationSet.addEventDestination("ToSns", {
      destination: EventDestination.snsTopic(this.eventsTopic),
      events: [
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
      ],
    });
  }

  /** `ses:SendEmail` on this identity and configuration set only. */
  grantSendEmail(grantee: IGrantable): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail"],
        resources: [
          stack.formatArn({
            service: "ses",
            resource: "identity",
            resourceName: this.identity.emailIdentityName,
          }),
          stack.formatArn({
            service: "ses",
            resource: "configuration-set",
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
  }
}
