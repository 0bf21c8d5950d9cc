import type { IncomingMessage, ServerResponse } from "node:http";
import type { SNSEvent } from "aws-lambda";
import { z } from "zod";
import { localContext } from "./lambda-context.js";
import type { LocalDispatchQueue } from "./local-dispatch-queue.js";

/**
 * Local-only operations, on the gateway under /_local/ (never deployed): replay SES notifications
 * as SES → SNS would deliver them, and re-drive dead-lettered or unconfirmed cases.
 */
export interface LocalAdminDeps {
  deliveryEvents: (event: SNSEvent, context: ReturnType<typeof localContext>) => Promise<unknown>;
  redrive: (reference: string, actor: string) => Promise<"redriven" | "not-needed">;
  queue: Pick<LocalDispatchQueue, "takeDeadLetters">;
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
    await deps.deliveryEvents(snsEnvelope(parsed.data), localContext("signpost-delivery-events"));
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
  return reply(404, { error: "Unknown local operation" });
}

/** The SNS notification SES publishes for a configuration-set event, tagged with the case reference. */
function snsEnvelope(e: z.infer<typeof sesEventSchema>): SNSEvent {
  const mail = {
    timestamp: new Date().toISOString(),
    messageId: `local-${Date.now()}`,
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
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: "arn:aws:sns:local:000000000000:delivery-events:local",
        Sns: {
          Type: "Notification",
          MessageId: mail.messageId,
          TopicArn: "arn:aws:sns:local:000000000000:delivery-events",
          Subject: "",
          Message: JSON.stringify({ eventType: e.type, mail, ...detail }),
          Timestamp: mail.timestamp,
          SignatureVersion: "1",
          Signature: "",
          SigningCertUrl: "",
          UnsubscribeUrl: "",
          MessageAttributes: {},
        },
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
