import type { Case } from "./case.js";

/**
 * Progress emails: whether a resident gets them, and why they stopped. `wantsUpdates` is the one
 * gate every path reads (the staff form, clerks' answers, and the dispatch consumer at send time).
 */

/** The resident asked for progress emails, gave an address, and they have not been stopped. */
export const wantsUpdates = (report: Pick<Case, "reporter" | "progressEmailsStoppedAt">): boolean =>
  Boolean(report.reporter?.wantsUpdates && report.reporter.email && !report.progressEmailsStoppedAt);

/** Why progress emails stopped: the resident asked staff, or mail to their address bounced or was reported. */
export type ProgressStopReason = "asked" | "bounced" | "complained";

/** The timeline's words for each reason (no address: the timeline never holds one). */
export const PROGRESS_STOP_SUMMARIES: Record<ProgressStopReason, string> = {
  asked: "Progress emails stopped at the resident's request",
  bounced: "Progress emails stopped: an email to the resident's address bounced permanently",
  complained: "Progress emails stopped: the resident marked an email from us as spam",
};
