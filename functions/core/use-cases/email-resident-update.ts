import { wantsUpdates } from "../case/progress-emails.js";
import { PUBLIC_STATUSES } from "../case/public-update.js";
import { event, type TimelineEvent } from "../case/timeline.js";
import { renderResidentUpdateEmail } from "../email/resident-update-email.js";
import type { CaseStore } from "../ports/case-store.js";
import type { ResidentUpdateJob } from "../ports/queue.js";
import type { SendBudget } from "../ports/send-budget.js";
import { holderName, type ResidentEmailDeps } from "./resident-email-deps.js";

export interface EmailResidentUpdateDeps extends ResidentEmailDeps {
  caseStore: CaseStore;
  /**
   * The daily cap of progress emails per address, apart from acknowledgements' (a resident with
   * several reports in a day hears about each). No cap without it.
   */
  budget?: Pick<SendBudget, "takeProgressEmail">;
}

export type ResidentUpdateOutcome =
  | "sent"
  /** No such case (or past its retention). */
  | "unknown-case"
  /** The resident did not ask for progress emails, gave no address, or they were stopped. */
  | "not-asked"
  /** This update was emailed already, or another attempt holds it (sending now, or stopped part-way). */
  | "already-handled"
  /** The address has had its day's share of progress emails. */
  | "over-daily-limit";

/**
 * Emails a resident who asked for progress one public update, at most once per update however
 * often its job comes. Each attempt claims the update under a key that counts the failed attempts
 * recorded before it (`resident-update#<updateId>#<failures>`): two deliveries of one job claim the
 * same key and only one sends; a send that failed is recorded, so the retry claims the next key
 * and sends. An attempt that stopped between its claim and its record keeps the key, so the update
 * is never sent twice, at the cost of perhaps not at all (the timeline then shows no email for it).
 * A failure is recorded and rethrown, so the queue retries and, in the end, dead-letters the job.
 * The timeline never holds the address.
 */
export function createEmailResidentUpdate(deps: EmailResidentUpdateDeps) {
  return async function emailResidentUpdate(
    reference: string,
    update: ResidentUpdateJob,
  ): Promise<ResidentUpdateOutcome> {
    const report = await deps.caseStore.get(reference);
    if (!report) return "unknown-case";
    const address = report.reporter?.email;
    if (!address || !wantsUpdates(report)) return "not-asked";

    const label = PUBLIC_STATUSES[update.status].label;
    const ofThisUpdate = (e: TimelineEvent) => e.data?.updateId === update.updateId;
    const timeline = (await deps.caseStore.timeline(reference)).filter(ofThisUpdate);
    if (timeline.some((e) => e.type === "resident-emailed")) return "already-handled";
    const failures = timeline.filter((e) => e.type === "send-failed" && e.data?.error !== undefined).length;
    const mine = `${reference}#${deps.ids.uuid()}`;
    const holder = await deps.caseStore.claimIdempotencyKey(
      `resident-update#${update.updateId}#${failures}`,
      mine,
      report.retainUntil,
    );
    if (holder !== mine) return "already-handled";

    const data = { message: "resident-update", updateId: update.updateId, status: update.status };
    // Over the cap the update is not emailed later either (a day-old email is stale news): it is
    // public already, on "Check your report" and to Open311 clients, and the timeline says why.
    if (deps.budget && !(await deps.budget.takeProgressEmail(address, deps.clock.now()))) {
      await deps.caseStore.recordEvents(reference, [
        event(
          deps.clock.now(),
          "send-failed",
          `Not emailed the resident the update “${label}”: the daily limit of progress emails to their address was reached. They can still see it on “Check your report”`,
          { ...data, skipped: "daily-limit" },
        ),
      ]);
      return "over-daily-limit";
    }

    const service = deps.services.get(report.service);
    const council = deps.councils.of(report);
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({
        from: council.senderEmail,
        to: [address],
        replyTo: [council.email],
        reference,
        kind: "resident-update",
        ...renderResidentUpdateEmail(reference, update, {
          serviceName: service?.name ?? "Report a problem",
          districtName: council.name,
          bodyName: holderName(report, council, deps.bodies),
          at: deps.clock.now().toISOString(),
        }),
      }));
    } catch (error) {
      await deps.caseStore.recordEvents(reference, [
        event(deps.clock.now(), "send-failed", `Could not email the resident the update “${label}”`, {
          ...data,
          // Only the error's kind: the provider's message may quote the address.
          error: errorKind(error),
        }),
      ]);
      throw error;
    }
    await deps.caseStore.recordEvents(reference, [
      event(deps.clock.now(), "resident-emailed", `Emailed the resident the update “${label}”`, {
        ...data,
        messageId,
      }),
    ]);
    return "sent";
  };
}

function errorKind(error: unknown): string {
  if (!(error instanceof Error)) return "unknown";
  return error.cause instanceof Error ? `${error.name} (${error.cause.name})` : error.name;
}
