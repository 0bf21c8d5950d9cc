import type { Case } from "../case/case.js";
import { PROGRESS_STOP_SUMMARIES, type ProgressStopReason, wantsUpdates } from "../case/progress-emails.js";
import { event } from "../case/timeline.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";

/**
 * Stops progress emails to a case's resident: the time on the case and its timeline entry in one
 * write, so the case never says "stopped" without saying why. Nothing when they are not getting
 * them (never asked, or already stopped), so a second click or a second bounce changes nothing.
 * Jobs already queued are dropped by the consumer, which checks `wantsUpdates` again at send time.
 */
export async function stopProgressEmails(
  deps: { caseStore: Pick<CaseStore, "update">; clock: Clock },
  report: Case,
  why: ProgressStopReason,
  actor = "system",
): Promise<"stopped" | "not-getting-them"> {
  if (!wantsUpdates(report)) return "not-getting-them";
  const now = deps.clock.now();
  await deps.caseStore.update(report.reference, { progressEmailsStoppedAt: now.toISOString() }, [
    event(now, "progress-emails-stopped", PROGRESS_STOP_SUMMARIES[why], { reason: why }, actor),
  ]);
  return "stopped";
}
