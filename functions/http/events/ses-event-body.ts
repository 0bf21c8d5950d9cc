import * as z from "zod";
import { type SesEvent, sesEventSchema } from "./ses-notification.js";

/**
 * An SES event as the body of an SQS message. The events topic's subscription uses raw message
 * delivery, so the body is the SES event JSON itself (no SNS envelope to unwrap).
 */
const sesEventBodySchema = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: "custom", message: "Body is not JSON" });
      return z.NEVER;
    }
  })
  .pipe(sesEventSchema);

/** The SES event in a message body, or the reason it is not one. */
export function parseSesEventBody(
  body: string,
): { ok: true; event: SesEvent } | { ok: false; issues: string[] } {
  const parsed = sesEventBodySchema.safeParse(body);
  if (parsed.success) return { ok: true, event: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`) };
}
