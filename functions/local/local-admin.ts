import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SQSBatchResponse, SQSEvent } from "aws-lambda";
import * as z from "zod";
import { localContext } from "./lambda-context.js";
import type { LocalDispatchQueue } from "./local-dispatch-queue.js";

/**
 * Local-only operations, on the gateway under /_local/ (never deployed): replay SES events as
 * SES → SNS → SQS would deliver them, re-drive dead-lettered or unconfirmed cases, and run the
 * daily digest or the weekly clerk directory refresh now.
 */
export interface LocalAdminDeps {
  deliveryEvents: (
    event: SQSEvent,
    context: ReturnType<typeof localContext>,
  ) => Promise<SQSBatchResponse | void>;
  redrive: (reference: string, actor: string) => Promise<"redriven" | "not-needed">;
  queue: Pick<LocalDispatchQueue, "takeDeadLetters">;
  /** One run of the daily digest function, as its schedule would start it. */
  digest: (asOf?: Date) => Promise<unknown>;
  /** One run of the weekly clerk directory refresh, as its schedule would start it. */
  directoryRefresh: (asOf?: Date) => Promise<unknown>;
}

const sesEventSchema = z.object({
  type: z.enum(["Delivery", "Bounce", "Complaint"]),
  reference: z.string().min(1),
  recipient: z.email(),
  bounceType: z.enum(["Permanent", "Transient"]).default("Permanent"),
});

const redriveSchema = z.union([
  z.object({ reference: z.string().min(1) }),
  z.object({ deadLetters: z.literal(true) }),
]);

export async function handleLocalAdmin(
  req: IncomingMessage,
  res: ServerResponse,
  deps: LocalAdminDeps,
): Promise<void> {
  const body = await readJson(req);
  const reply = (status: number, payload: unknown): void => {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(payload));
  };
  if (req.method === "POST" && req.url === "/_local/ses-events") {
    const parsed = sesEventSchema.safeParse(body);
    if (!parsed.success) return reply(400, { errors: z.flattenError(parsed.error).fieldErrors });
    const response = await deps.deliveryEvents(
      sqsEvent(parsed.data),
      localContext("signpost-delivery-events"),
    );
    // In AWS a failed record would be received again; here the caller is told and can replay it.
    if (response && response.batchItemFailures.length > 0)
      return reply(503, { error: "The delivery event was not recorded; replay it" });
    return reply(202, { replayed: parsed.data.type, reference: parsed.data.reference });
  }
  if (req.method === "POST" && req.url === "/_local/redrive") {
    const parsed = redriveSchema.safeParse(body);
    if (!parsed.success) return reply(400, { error: 'Send {"reference": "..."} or {"deadLetters": true}' });
    const references =
      "reference" in parsed.data
        ? [parsed.data.reference]
        : deps.queue.takeDeadLetters().map((m) => (JSON.parse(m.body) as { reference: string }).reference);
    const results: Record<string, string> = {};
    for (const reference of references) results[reference] = await deps.redrive(reference, "local-command");
    return reply(200, results);
  }
  const scheduled = { "/_local/digest": deps.digest, "/_local/directory-refresh": deps.directoryRefresh };
  const run = req.method === "POST" ? scheduled[req.url?.split("?")[0] as keyof typeof scheduled] : undefined;
  if (run && req.url) {
    // `?asOf=<ISO instant>` runs it as it would run then (tomorrow's digest, say).
    const asOf = new URL(req.url, "http://local").searchParams.get("asOf");
    const at = asOf === null ? undefined : new Date(asOf);
    if (at && Number.isNaN(at.getTime())) return reply(400, { error: "asOf must be an ISO instant" });
    try {
      return reply(200, await run(at));
    } catch (error) {
      // A digest not sent leaves its cases held, a summary not sent is sent by the next run; the
      // caller sees why and can run it again.
      return reply(503, { error: error instanceof Error ? error.message : String(error) });
    }
  }
  return reply(404, { error: "Unknown local operation" });
}

/**
 * The SQS event the delivery-events function receives for an SES configuration-set event: the
 * events topic's subscription uses raw message delivery, so the body is the SES event JSON.
 */
function sqsEvent(e: z.infer<typeof sesEventSchema>): SQSEvent {
  const sentAt = new Date();
  const mail = {
    timestamp: sentAt.toISOString(),
    messageId: `local-${sentAt.getTime()}`,
    destination: [e.recipient],
    tags: { "case-reference": [e.reference] },
  };
  const detail =
    e.type === "Delivery"
      ? { delivery: { recipients: [e.recipient] } }
      : e.type === "Bounce"
        ? {
            bounce: {
              bounceType: e.bounceType,
              bounceSubType: "General",
              bouncedRecipients: [{ emailAddress: e.recipient }],
            },
          }
        : { complaint: { complainedRecipients: [{ emailAddress: e.recipient }] } };
  const sent = String(sentAt.getTime());
  const body = JSON.stringify({ eventType: e.type, mail, ...detail });
  return {
    Records: [
      {
        messageId: mail.messageId,
        receiptHandle: mail.messageId,
        body,
        attributes: {
          ApproximateReceiveCount: "1",
          SentTimestamp: sent,
          SenderId: "local",
          ApproximateFirstReceiveTimestamp: sent,
        },
        messageAttributes: {},
        md5OfBody: createHash("md5").update(body).digest("hex"),
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:local:000000000000:delivery-events",
        awsRegion: "local",
      },
    ],
  };
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = "";
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
