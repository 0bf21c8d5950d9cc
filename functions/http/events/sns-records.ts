import type { SNSEventRecord } from "aws-lambda";
import { z } from "zod";
import { type SesEvent, sesEventSchema } from "./ses-notification.js";

/** A JSON document carried as a string (the SNS `Message`), parsed then checked against `schema`. */
function jsonString<T extends z.ZodType>(schema: T) {
  return z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: "custom", message: "Message is not JSON" });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/**
 * The parts of an SNS record we rely on. Signature and URL fields are left unchecked: Lambda's SNS
 * trigger has already verified the message, and local replays leave them empty.
 */
const sesRecordSchema = z.object({
  EventSource: z.literal("aws:sns"),
  Sns: z.object({ Type: z.literal("Notification"), Message: jsonString(sesEventSchema) }),
});

/** The SES event inside one SNS record; throws (so SNS retries the invocation) on any other shape. */
export function sesEventOf(record: SNSEventRecord): SesEvent {
  return sesRecordSchema.parse(record).Sns.Message;
}
