import { describe, expect, it } from "vitest";
import { parseSesEventBody } from "#http/events/ses-event-body.js";
import { sesEventSchema, toDeliveryNotice } from "#http/events/ses-notification.js";
import {
  bounceEvent,
  complaintEvent,
  deliveryEvent,
  identityNotification,
  mail,
} from "../../helpers/ses-events.js";

// SES → SNS notifications as AWS documents them, read into the core's DeliveryNotice.

const CLERK = "clerk@ashcombe-pc.example.org";
const REF = "SPD-AAAA-AAA4";
const MESSAGE_ID = mail(CLERK).messageId;
/** The SES event as the body of an SQS message (raw delivery from the events topic). */
function eventOf(message: unknown) {
  const parsed = parseSesEventBody(typeof message === "string" ? message : JSON.stringify(message));
  if (!parsed.ok) throw new Error(parsed.issues.join("; "));
  return parsed.event;
}
const noticeOf = (message: unknown) => toDeliveryNotice(eventOf(message));

describe("SES notifications from SNS", () => {
  it("reads a delivery", () => {
    expect(noticeOf(deliveryEvent(CLERK, REF))).toEqual({
      reference: REF,
      kind: "delivered",
      recipients: [CLERK],
      messageId: MESSAGE_ID,
    });
  });

  it("reads a permanent bounce with its type and subtype", () => {
    expect(noticeOf(bounceEvent(CLERK, { type: "Permanent", subType: "General" }, REF))).toEqual({
      reference: REF,
      kind: "bounced",
      recipients: [CLERK],
      messageId: MESSAGE_ID,
      detail: "Permanent/General",
    });
  });

  it("reads a transient bounce", () => {
    expect(noticeOf(bounceEvent(CLERK, { type: "Transient", subType: "MailboxFull" }, REF))).toMatchObject({
      kind: "bounced",
      detail: "Transient/MailboxFull",
    });
  });

  it("reads a complaint", () => {
    expect(noticeOf(complaintEvent(CLERK, REF))).toEqual({
      reference: REF,
      kind: "complained",
      recipients: [CLERK],
      messageId: MESSAGE_ID,
    });
  });

  it("reads the message kind tag back, and reads mail sent before it as a report", () => {
    const tagged = (kind: string) => {
      const event = deliveryEvent(CLERK, REF);
      return { ...event, mail: { ...event.mail, tags: { ...event.mail.tags, "message-kind": [kind] } } };
    };
    expect(noticeOf(tagged("acknowledgement"))).toMatchObject({ messageKind: "acknowledgement" });
    expect(noticeOf(tagged("report"))).toMatchObject({ messageKind: "report" });
    expect(noticeOf(tagged("digest"))).toMatchObject({ messageKind: "digest" });
    // Anything else is not one of ours: read as no kind (a report), never passed on as it is.
    expect(noticeOf(tagged("__proto__"))).not.toHaveProperty("messageKind");
    expect(noticeOf(deliveryEvent(CLERK, REF))).not.toHaveProperty("messageKind");
  });

  it("ignores mail without a case-reference tag (not sent by Signpost)", () => {
    const untagged = { ...deliveryEvent(CLERK), mail: mail(CLERK) };
    expect(noticeOf(untagged)).toBeUndefined();
    expect(noticeOf({ ...bounceEvent(CLERK), mail: mail(CLERK) })).toBeUndefined();
    expect(noticeOf({ ...complaintEvent(CLERK), mail: mail(CLERK) })).toBeUndefined();
  });

  it("ignores identity notifications, which carry no tags", () => {
    for (const event of [deliveryEvent(CLERK), bounceEvent(CLERK), complaintEvent(CLERK)]) {
      const classic = identityNotification(event);
      expect(sesEventSchema.safeParse(classic).success).toBe(true);
      expect(noticeOf(classic)).toBeUndefined();
    }
  });

  it("reads a tagged notification keyed by notificationType", () => {
    const { eventType: _type, ...rest } = bounceEvent(CLERK, undefined, REF);
    expect(noticeOf({ notificationType: "Bounce", ...rest })).toMatchObject({
      kind: "bounced",
      reference: REF,
    });
  });

  it("ignores event types it does not track", () => {
    for (const eventType of ["Send", "Open", "Click", "DeliveryDelay", "Reject"]) {
      expect(noticeOf({ eventType, mail: mail(CLERK, REF) })).toBeUndefined();
    }
  });

  it("falls back to the mail's destination when the detail object is missing", () => {
    expect(noticeOf({ eventType: "Delivery", mail: mail(CLERK, REF) })).toMatchObject({
      kind: "delivered",
      recipients: [CLERK],
    });
  });

  it("rejects a body that is not JSON or not an SES event", () => {
    expect(() => eventOf("not json")).toThrow(/not JSON/);
    expect(() => eventOf({ eventType: "Delivery" })).toThrow(/mail/);
    expect(() => eventOf({ eventType: "Delivery", mail: { destination: [CLERK] } })).toThrow(/messageId/);
  });

  it("rejects an SNS envelope: the subscription delivers the SES event raw", () => {
    const envelope = { Type: "Notification", Message: JSON.stringify(deliveryEvent(CLERK, REF)) };
    expect(() => eventOf(envelope)).toThrow(/mail/);
  });
});
