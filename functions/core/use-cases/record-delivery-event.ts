import { event } from "../case/timeline.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";

/** What the mail provider told us happened to a message we sent. */
export interface DeliveryNotice {
  reference: string;
  kind: "delivered" | "bounced" | "complained";
  recipients: string[];
  messageId: string;
  /** e.g. "Permanent/General" for a bounce. */
  detail?: string;
}

/**
 * Puts a provider's delivery, bounce or complaint notice on the case's timeline. Unknown references
 * (mail not sent by Signpost, or a case already past retention) are ignored, not retried.
 */
export function createRecordDeliveryEvent(deps: { caseStore: CaseStore; clock: Clock }) {
  return async function recordDeliveryEvent(notice: DeliveryNotice): Promise<"recorded" | "unknown-case"> {
    const report = await deps.caseStore.get(notice.reference);
    if (!report) return "unknown-case";
    const who = notice.recipients.join(", ");
    const summary =
      notice.kind === "delivered"
        ? `Delivered to ${who}`
        : notice.kind === "bounced"
          ? `Bounced by ${who}${notice.detail ? ` (${notice.detail})` : ""}`
          : `Marked as spam by ${who}`;
    await deps.caseStore.appendEvents(notice.reference, [
      event(deps.clock.now(), notice.kind === "complained" ? "bounced" : notice.kind, summary, {
        messageId: notice.messageId,
        recipients: who,
        ...(notice.detail ? { detail: notice.detail } : {}),
      }),
    ]);
    return "recorded";
  };
}
