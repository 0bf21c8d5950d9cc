import { createHash } from "node:crypto";
import type { SQSEvent, SQSRecord } from "aws-lambda";

// SES notifications shaped like the examples in AWS's "Examples of event data that Amazon SES
// publishes to Amazon SNS" (configuration-set events, `eventType`) and of identity feedback
// notifications (`notificationType`, which carry no tags), and the SQS records they arrive in.
// Values are our own.

const SENT_AT = "2026-11-23T10:00:00.000Z";
const AT = "2026-11-23T10:00:05.000Z";

/** The `mail` object with the tags a configuration set adds, `case-reference` among them if given. */
export function mail(to: string, reference?: string, kind?: "report" | "acknowledgement" | "digest") {
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
      ...(kind ? { "message-kind": [kind] } : {}),
    },
  };
}

export function deliveryEvent(to: string, reference?: string, kind?: Parameters<typeof mail>[2]) {
  return {
    eventType: "Delivery",
    mail: mail(to, reference, kind),
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
  kind?: Parameters<typeof mail>[2],
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
    mail: mail(to, reference, kind),
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

/** Where SNS delivers the events: the queue the delivery-events function reads. */
const QUEUE_ARN = "arn:aws:sqs:eu-west-2:111122223333:Signpost-demo-Messaging-DeliveryEventsEvents";
let sequence = 0;

/**
 * An SQS record as Lambda's SQS event source delivers it, the way an SES event arrives from the
 * events topic with raw message delivery: the body is the SES event JSON, no SNS envelope. A string
 * is used as the body as is (to send something malformed).
 */
export function sqsRecord(message: unknown, options: { receiveCount?: number } = {}): SQSRecord {
  const body = typeof message === "string" ? message : JSON.stringify(message);
  sequence += 1;
  const messageId = `6c9a1f5e-0000-4000-8000-${String(sequence).padStart(12, "0")}`;
  return {
    messageId,
    receiptHandle: `AQEB-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: String(options.receiveCount ?? 1),
      SentTimestamp: "1795428005000",
      SenderId: "AIDAIT2UOQQY3AUEKVGXU",
      ApproximateFirstReceiveTimestamp: "1795428005100",
    },
    messageAttributes: {},
    md5OfBody: createHash("md5").update(body).digest("hex"),
    eventSource: "aws:sqs",
    eventSourceARN: QUEUE_ARN,
    awsRegion: "eu-west-2",
  };
}

export const sqsEvent = (...messages: unknown[]): SQSEvent => ({
  Records: messages.map((m) => sqsRecord(m)),
});
