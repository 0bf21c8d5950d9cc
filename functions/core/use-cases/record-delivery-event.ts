import type { Destination } from "../case/case.js";
import { event } from "../case/timeline.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Queue } from "../ports/queue.js";

/** What the mail provider told us happened to a message we sent. */
export interface DeliveryNotice {
  reference: string;
  kind: "delivered" | "bounced" | "complained";
  recipients: string[];
  messageId: string;
  /** e.g. "Permanent/General" for a bounce. */
  detail?: string;
}

export interface RecordDeliveryEventDeps {
  caseStore: CaseStore;
  queue: Queue;
  clock: Clock;
  district: { code: string; name: string };
}

/**
 * Puts a provider's delivery, bounce or complaint notice on the case's timeline. A permanent bounce
 * from the parish clerk the case was sent to re-routes it to the district, which is sent next.
 * Unknown references (mail not sent by Signpost, or a case past retention) are ignored.
 */
export function createRecordDeliveryEvent(deps: RecordDeliveryEventDeps) {
  return async function recordDeliveryEvent(
    notice: DeliveryNotice,
  ): Promise<"recorded" | "rerouted" | "unknown-case"> {
    const who = notice.recipients.join(", ");
    const summary =
      notice.kind === "delivered"
        ? `Delivered to ${who}`
        : notice.kind === "bounced"
          ? `Bounced by ${who}${notice.detail ? ` (${notice.detail})` : ""}`
          : `Marked as spam by ${who}`;
    // One write records the notice and reads the case back; nothing is written for an unknown one.
    const report = await deps.caseStore.recordEvents(notice.reference, [
      event(deps.clock.now(), notice.kind === "complained" ? "bounced" : notice.kind, summary, {
        messageId: notice.messageId,
        recipients: who,
        ...(notice.detail ? { detail: notice.detail } : {}),
      }),
    ]);
    if (!report) return "unknown-case";
    const toRecipient = report.recipient !== undefined && notice.recipients.includes(report.recipient);
    // SES's word that it arrived settles a send whose result was never recorded.
    if (notice.kind === "delivered" && toRecipient && report.delivery === "unconfirmed") {
      await deps.caseStore.transitionDelivery(notice.reference, ["unconfirmed"], { delivery: "sent" });
    }

    const clerkBounced =
      notice.kind === "bounced" &&
      notice.detail?.startsWith("Permanent") &&
      report.destination.kind === "parish" &&
      toRecipient;
    if (!clerkBounced) return "recorded";

    const district: Destination = { kind: "district", ...deps.district };
    const moved = await deps.caseStore.transitionDelivery(
      notice.reference,
      ["sent", "unconfirmed"],
      { delivery: "queued", destination: district },
      [
        event(
          deps.clock.now(),
          "rerouted",
          `Re-routed to ${district.name} because the parish clerk's address ${report.recipient} bounced permanently`,
          { from: report.destination.code, to: district.code },
        ),
      ],
    );
    if (!moved) return "recorded";
    await deps.queue.send({ reference: notice.reference });
    return "rerouted";
  };
}
