import { z } from "zod";
import type { DeliveryNotice } from "#core/use-cases/record-delivery-event.js";

/**
 * An SES event published by a configuration set to SNS (`eventType`), or a classic identity
 * notification (`notificationType`). Only the fields we use are read; the rest is ignored.
 */
const sesEventSchema = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.object({
    messageId: z.string(),
    destination: z.array(z.string()).default([]),
    tags: z.record(z.string(), z.array(z.string())).default({}),
  }),
  bounce: z
    .object({
      bounceType: z.string(),
      bounceSubType: z.string().optional(),
      bouncedRecipients: z.array(z.object({ emailAddress: z.string() })).default([]),
    })
    .optional(),
  complaint: z
    .object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })).default([]) })
    .optional(),
  delivery: z.object({ recipients: z.array(z.string()).default([]) }).optional(),
});

/** The notice for our core, or undefined for events we do not track (sends, opens) or foreign mail. */
export function toDeliveryNotice(message: string): DeliveryNotice | undefined {
  const parsed = sesEventSchema.parse(JSON.parse(message));
  const reference = parsed.mail.tags["case-reference"]?.[0];
  if (!reference) return undefined;
  const type = parsed.eventType ?? parsed.notificationType;
  const base = { reference, messageId: parsed.mail.messageId };
  switch (type) {
    case "Delivery":
      return {
        ...base,
        kind: "delivered",
        recipients: parsed.delivery?.recipients ?? parsed.mail.destination,
      };
    case "Bounce":
      return {
        ...base,
        kind: "bounced",
        recipients: parsed.bounce?.bouncedRecipients.map((r) => r.emailAddress) ?? parsed.mail.destination,
        detail: [parsed.bounce?.bounceType, parsed.bounce?.bounceSubType].filter(Boolean).join("/"),
      };
    case "Complaint":
      return {
        ...base,
        kind: "complained",
        recipients:
          parsed.complaint?.complainedRecipients.map((r) => r.emailAddress) ?? parsed.mail.destination,
      };
    default:
      return undefined;
  }
}
