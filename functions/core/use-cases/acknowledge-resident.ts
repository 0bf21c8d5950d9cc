import type { Case } from "../case/case.js";
import { event, type TimelineEvent } from "../case/timeline.js";
import type { Council } from "../councils/council.js";
import { renderAcknowledgementEmail } from "../email/acknowledgement-email.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Mailer } from "../ports/mailer.js";
import type { SendBudget } from "../ports/send-budget.js";
import type { ServiceDefinition } from "../routing/service-schema.js";

export interface AcknowledgeDeps {
  caseStore: CaseStore;
  mailer: Mailer;
  clock: Clock;
  /** The case's council: it sends the receipt and reads replies to it. */
  council: Pick<Council, "name" | "email" | "senderEmail">;
  budget?: SendBudget;
}

/** What acknowledging did: the events to record, and when it was sent if it was. */
export interface Acknowledgement {
  events: TimelineEvent[];
  at?: string;
}

/**
 * Emails the resident their receipt, once per case: a re-route or re-drive sends the report again
 * but never a second "we have received your report". Nothing when they gave no email address, or
 * when the address has had its day's share of acknowledgements. A failure is recorded, never
 * thrown: the report is already on its way, and the queue must not send it again for a receipt.
 * The timeline never holds the address.
 */
export async function acknowledgeOnce(
  report: Case,
  recipient: { name: string },
  service: ServiceDefinition,
  deps: AcknowledgeDeps,
): Promise<Acknowledgement> {
  const address = report.reporter?.email;
  if (!address || (await alreadyAcknowledged(report, deps.caseStore))) return { events: [] };
  try {
    if (deps.budget && !(await deps.budget.takeAcknowledgement(address, deps.clock.now()))) {
      return {
        events: [
          event(
            deps.clock.now(),
            "acknowledgement-skipped",
            "No acknowledgement sent: the daily limit of acknowledgements to the resident's address was reached",
          ),
        ],
      };
    }
    const { messageId } = await deps.mailer.send({
      from: deps.council.senderEmail,
      to: [address],
      replyTo: [deps.council.email],
      reference: report.reference,
      kind: "acknowledgement",
      ...renderAcknowledgementEmail(report, {
        service,
        recipientName: recipient.name,
        districtName: deps.council.name,
      }),
    });
    const at = deps.clock.now();
    return {
      events: [event(at, "acknowledged", "Acknowledgement emailed to the resident", { messageId })],
      at: at.toISOString(),
    };
  } catch (error) {
    return {
      events: [
        // Only the error's kind: the provider's message may quote the address.
        event(deps.clock.now(), "send-failed", "Could not email the resident's acknowledgement", {
          error: errorKind(error),
        }),
      ],
    };
  }
}

/**
 * The case records its acknowledgement. A case sent before it did so (or whose acknowledgement
 * failed) is looked up in its timeline, read only when the case has been sent before.
 */
async function alreadyAcknowledged(report: Case, caseStore: CaseStore): Promise<boolean> {
  if (report.acknowledgedAt) return true;
  if (report.recipient === undefined) return false;
  return (await caseStore.timeline(report.reference)).some((e) => e.type === "acknowledged");
}

function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return "unknown";
  return error.cause instanceof Error ? `${error.name} (${error.cause.name})` : error.name;
}
