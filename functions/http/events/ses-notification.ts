import * as z from "zod";
import { MESSAGE_KINDS, MESSAGE_TAGS } from "#core/ports/mailer.js";
import type { DeliveryNotice } from "#core/use-cases/record-delivery-event.js";

const recipientsSchema = z.array(z.object({ emailAddress: z.string() }));

/**
 * An SES event published by a configuration set to SNS (`eventType`), or a classic identity
 * notification (`notificationType`). Only the fields we use are read; the rest is ignored.
 */
export const sesEventSchema = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.object({
    messageId: z.string(),
    destination: z.array(z.string()).default([]),
    // Identity notifications carry no tags; only configuration-set events do.
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: recipientsSchema.default([]),
    })
    .optional(),
  complaint: z.object({ complainedRecipients: recipientsSchema.default([]) }).optional(),
  delivery: z.object({ recipients: z.array(z.string()).default([]) }).optional(),
});

export type SesEvent = z.infer<typeof sesEventSchema>;

/** The notice for our core, or undefined for events we do not track (sends, opens) or foreign mail. */
export function toDeliveryNotice(ses: SesEvent): DeliveryNotice | undefined {
  const reference = ses.mail.tags[MESSAGE_TAGS.reference]?.[0];
  if (!reference) return undefined;
  // Mail sent before the kind tag existed has none: read as a report.
  const tagged = ses.mail.tags[MESSAGE_TAGS.kind]?.[0];
  const messageKind = MESSAGE_KINDS.find((k) => k === tagged);
  const base = { reference, messageId: ses.mail.messageId, ...(messageKind ? { messageKind } : {}) };
  switch (ses.eventType ?? ses.notificationType) {
    case "Delivery":
      return { ...base, kind: "delivered", recipients: ses.delivery?.recipients ?? ses.mail.destination };
    case "Bounce":
      return {
        ...base,
        kind: "bounced",
        recipients: ses.bounce?.bouncedRecipients.map((r) => r.emailAddress) ?? ses.mail.destination,
        detail: [ses.bounce?.bounceType, ses.bounce?.bounceSubType].filter(Boolean).join("/"),
      };
    case "Complaint":
      return {
        ...base,
        kind: "complained",
        recipients: ses.complaint?.complainedRecipients.map((r) => r.emailAddress) ?? ses.mail.destination,
      };
    default:
      return undefined;
  }
}
