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
 * SES for the councils' sending domains: a domain identity each (publish its DKIM records), one configuration set
 * whose delivery, bounce and complaint events go to an encrypted SNS topic, and a grant that lets a
 * function send only as those identities through that configuration set.
 */
export class MailSending extends Construct {
  /** The first council's identity (the default sender). */
  readonly identity: EmailIdentity;
  /** One per sending domain, the first council's first. */
  readonly identities: readonly EmailIdentity[];
  readonly configurationSet: ConfigurationSet;
  readonly eventsTopic: Topic;

  constructor(scope: Construct, id: string, props: { sendingDomains: readonly string[]; key: IKey }) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, "ConfigurationSet", {
      // Hard bounces only. A complaint would put the complainer on the account's suppression list,
      // and our recipients are council mailboxes: a clerk flooded with reports who marks them as
      // junk would stop getting any report at all. Complaints are still events: recorded on the case
      // and counted by the ComplaintRate alarm; residents' acknowledgements are capped per address.
      suppressionReasons: SuppressionReasons.BOUNCES_ONLY,
    });
    // The first keeps the id it had when a deployment had one domain, so it is not replaced.
    this.identities = props.sendingDomains.map(
      (domain, i) =>
        new EmailIdentity(this, i === 0 ? "Identity" : `Identity-${domain}`, {
          identity: Identity.domain(domain),
          configurationSet: this.configurationSet,
        }),
    );
    const first = this.identities[0];
    if (!first) throw new Error("MailSending needs at least one sending domain");
    this.identity = first;
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

  /** `ses:SendEmail` as any council's identity, through this configuration set only. */
  grantSendEmail(grantee: IGrantable): void {
    const stack = Stack.of(this);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail"],
        resources: [
          ...this.identities.map((identity) =>
            stack.formatArn({
              service: "ses",
              resource: "identity",
              resourceName: identity.emailIdentityName,
            }),
          ),
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
