import { DEFAULT_PUBLIC_STATUS, PUBLIC_STATUSES } from "../case/public-update.js";
import { event } from "../case/timeline.js";
import { renderReportStatusEmail } from "../email/report-status-email.js";
import type { CaseStore } from "../ports/case-store.js";
import type { SendBudget } from "../ports/send-budget.js";
import { latestPublicUpdate } from "./check-report.js";
import { holderName, type ResidentEmailDeps } from "./resident-email-deps.js";

export interface EmailReportStatusDeps extends ResidentEmailDeps {
  caseStore: Pick<CaseStore, "get" | "timeline" | "claimIdempotencyKey" | "recordEvents">;
  /** The acknowledgements' daily cap per address, shared by every email to a resident. No cap without it. */
  budget?: Pick<SendBudget, "takeAcknowledgement">;
}

export type ReportStatusOutcome =
  | "sent"
  /** No such case (or past its retention). */
  | "unknown-case"
  /** The case holds no email address. */
  | "no-address"
  /** Its status was emailed (or is being emailed) this hour already. */
  | "sent-this-hour"
  /** The address has had its day's share of emails from Signpost. */
  | "over-daily-limit";

/** Kept a day past its hour: TTL deletion is lazy, and an old hour's claim is never read again. */
const CLAIM_SLACK_SECONDS = 86_400;

/**
 * Emails a report's public status to the address given with it, as asked on "Check your report".
 * At most once per reference per clock hour, however often it is asked: each attempt claims
 * `report-status#<reference>#<hour>#<failures this hour>`, so two deliveries of one job send once,
 * and a send that failed (recorded, then rethrown for the queue to retry) lets its retry claim the
 * next key. Within the acknowledgements' daily cap per address. The timeline never holds the address.
 */
export function createEmailReportStatus(deps: EmailReportStatusDeps) {
  return async function emailReportStatus(reference: string): Promise<ReportStatusOutcome> {
    const report = await deps.caseStore.get(reference);
    if (!report) return "unknown-case";
    const address = report.reporter?.email;
    if (!address) return "no-address";

    const now = deps.clock.now();
    const hour = now.toISOString().slice(0, 13);
    const timeline = await deps.caseStore.timeline(reference);
    const failures = timeline.filter(
      (e) => e.type === "send-failed" && e.data?.message === "report-status" && e.data?.hour === hour,
    ).length;
    const mine = `${reference}#${deps.ids.uuid()}`;
    const hourEnds = Math.floor(Date.parse(`${hour}:00:00.000Z`) / 1000) + 3600;
    const holder = await deps.caseStore.claimIdempotencyKey(
      `report-status#${reference}#${hour}#${failures}`,
      mine,
      hourEnds + CLAIM_SLACK_SECONDS,
    );
    if (holder !== mine) return "sent-this-hour";

    const data = { message: "report-status", hour };
    if (deps.budget && !(await deps.budget.takeAcknowledgement(address, now))) {
      await deps.caseStore.recordEvents(reference, [
        event(
          deps.clock.now(),
          "send-failed",
          "Not emailed the resident the report's status, asked for on “Check your report”: the daily limit of emails to their address was reached",
          { ...data, skipped: "daily-limit" },
        ),
      ]);
      return "over-daily-limit";
    }

    const council = deps.councils.of(report);
    const latest = latestPublicUpdate(timeline);
    const status = latest?.status ?? DEFAULT_PUBLIC_STATUS[report.status];
    const content = renderReportStatusEmail({
      reference,
      serviceName: deps.services.get(report.service)?.name ?? "Report a problem",
      reportedAt: report.createdAt,
      bodyName: holderName(report, council, deps.bodies),
      statusLabel: PUBLIC_STATUSES[status].label,
      ...(latest ? { latestUpdate: { at: latest.at, ...(latest.text ? { text: latest.text } : {}) } } : {}),
      districtName: council.name,
    });
    let messageId: string;
    try {
      ({ messageId } = await deps.mailer.send({
        from: council.senderEmail,
        to: [address],
        replyTo: [council.email],
        reference,
        kind: "resident-update",
        ...content,
      }));
    } catch (error) {
      await deps.caseStore.recordEvents(reference, [
        event(
          deps.clock.now(),
          "send-failed",
          "Could not email the resident the report's status, asked for on “Check your report”",
          // Only the error's kind: the provider's message may quote the address.
          { ...data, error: error instanceof Error ? error.name : "unknown" },
        ),
      ]);
      throw error;
    }
    await deps.caseStore.recordEvents(reference, [
      event(
        deps.clock.now(),
        "resident-emailed",
        "Emailed the resident the report's status, asked for on “Check your report”",
        { ...data, messageId },
      ),
    ]);
    return "sent";
  };
}

export type EmailReportStatus = ReturnType<typeof createEmailReportStatus>;
