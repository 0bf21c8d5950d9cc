import type { SNSEvent, SNSEventRecord } from "aws-lambda";

// SES notifications shaped like the examples in AWS's "Examples of event data that Amazon SES
// publishes to Amazon SNS" (configuration-set events, `eventType`) and of identity feedback
// notifications (`notificationType`, which carry no tags). Values are our own.

const SENT_AT = "2026-11-23T10:00:00.000Z";
const AT = "2026-11-23T10:00:05.000Z";

/** The `mail` object with the tags a configuration set adds, `case-reference` among them if given. */
export function mail(to: string, reference?: string) {
  return {
    timestamp: SENT_AT,
    source: "Exampleshire Vale <signpost@exampleshire-vale.example.org>",
    sourceArn: "arn:aws:ses:eu-west-2:111122223333:identity/exampleshire-vale.example.org",
    sendingAccountId: "111122223333",
    messageId: "0102019a-0000-4000-8000-00000000c0de-000000",
    destination: [to],
    headersTruncated: false,
    headers: [
      { name: "From", value: "signpost@exampleshire-vale.example.org" },
      { name: "To", value: to },
      { name: "Subject", value: "New report" },
    ],
    commonHeaders: {
      from: ["signpost@exampleshire-vale.example.org"],
      to: [to],
      messageId: "0102019a-0000-4000-8000-00000000c0de-000000",
      subject: "New report",
    },
    tags: {
      "ses:configuration-set": ["signpost"],
      "ses:source-ip": ["192.0.2.10"],
      "ses:from-domain": ["exampleshire-vale.example.org"],
      "ses:caller-identity": ["signpost-dispatch"],
      ...(reference ? { "case-reference": [reference] } : {}),
    },
  };
}

export function deliveryEvent(to: string, reference?: string) {
  return {
    eventType: "Delivery",
    mail: mail(to, reference),
    delivery: {
      timestamp: AT,
      processingTimeMillis: 4321,
      recipients: [to],
      smtpResponse: "250 2.6.0 Message received",
      reportingMTA: "a8-70.smtp-out.amazonses.com",
    },
  };
}

export function bounceEvent(
  to: string,
  bounce: { type: "Permanent" | "Transient"; subType: string } = { type: "Permanent", subType: "General" },
  reference?: string,
) {
  return {
    eventType: "Bounce",
    bounce: {
      bounceType: bounce.type,
      bounceSubType: bounce.subType,
      bouncedRecipients: [
        {
          emailAddress: to,
          action: "failed",
          status: bounce.type === "Permanent" ? "5.1.1" : "4.2.2",
          diagnosticCode:
            bounce.type === "Permanent" ? "smtp; 550 5.1.1 user unknown" : "smtp; 452 4.2.2 mailbox full",
        },
      ],
      timestamp: AT,
      feedbackId: "0102019a-feed-4000-8000-000000000001-000000",
      reportingMTA: "dsn; mx.example.org",
    },
    mail: mail(to, reference),
  };
}

export function complaintEvent(to: string, reference?: string) {
  return {
    eventType: "Complaint",
    complaint: {
      complainedRecipients: [{ emailAddress: to }],
      timestamp: AT,
      feedbackId: "0102019a-feed-4000-8000-000000000002-000000",
      userAgent: "ExampleMail Feedback Loop (V0.01)",
      complaintFeedbackType: "abuse",
      arrivalDate: SENT_AT,
    },
    mail: mail(to, reference),
  };
}

/** An identity (not configuration-set) notification: `notificationType`, and no tags at all. */
export function identityNotification(event: { eventType: string; mail: object }) {
  const { eventType, mail: withTags, ...detail } = event;
  const { tags: _tags, ...untagged } = withTags as { tags: unknown };
  return { notificationType: eventType, mail: untagged, ...detail };
}

/** An SNS record as Lambda's SNS trigger delivers it, carrying `message` as JSON text. */
export function snsRecord(message: unknown): SNSEventRecord {
  return {
    EventSource: "aws:sns",
    EventVersion: "1.0",
    EventSubscriptionArn: "arn:aws:sns:eu-west-2:111122223333:signpost-delivery-events:0a1b2c3d",
    Sns: {
      Type: "Notification",
      MessageId: "95df01b4-ee98-5cb9-9903-4c221d41eb5e",
      TopicArn: "arn:aws:sns:eu-west-2:111122223333:signpost-delivery-events",
      Subject: "",
      Message: typeof message === "string" ? message : JSON.stringify(message),
      Timestamp: AT,
      SignatureVersion: "1",
      Signature: "EXAMPLE",
      SigningCertUrl: "https://sns.eu-west-2.amazonaws.com/SimpleNotificationService-example.pem",
      UnsubscribeUrl: "https://sns.eu-west-2.amazonaws.com/?Action=Unsubscribe",
      MessageAttributes: {},
    },
  };
}

export const snsEvent = (...messages: unknown[]): SNSEvent => ({ Records: messages.map(snsRecord) });
