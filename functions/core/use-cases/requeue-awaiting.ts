import { event } from "../case/timeline.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Queue } from "../ports/queue.js";

export interface RequeueSettings {
  /** A queued case untouched this long has probably lost its job (retries move it sooner). */
  staleMinutes: number;
  /** How far back to look: older cases have long been settled one way or another. */
  windowDays: number;
  /** Most cases handled in one run (the rest wait for the next). */
  batch: number;
}

export const defaultRequeueSettings: RequeueSettings = { staleMinutes: 15, windowDays: 7, batch: 200 };

/**
 * The safety net under "stored, then queued": if the queue could not be reached after a report was
 * stored, its case stays `queued` with no job. A scheduled run finds such cases and queues them
 * again. Harmless for a case whose job is only slow: sending takes a conditional claim, so a case
 * is never emailed twice.
 */
export function createRequeueAwaiting(
  deps: { caseStore: CaseStore; queue: Queue; clock: Clock },
  settings: RequeueSettings = defaultRequeueSettings,
) {
  return async function requeueAwaiting(): Promise<{ requeued: string[] }> {
    const now = deps.clock.now().getTime();
    const untouchedSince = new Date(now - settings.staleMinutes * 60_000).toISOString();
    const waiting = await deps.caseStore.listAwaitingDispatch({
      from: new Date(now - settings.windowDays * 86_400_000).toISOString(),
      to: untouchedSince,
      untouchedSince,
      limit: settings.batch,
    });
    const requeued: string[] = [];
    for (const report of waiting) {
      await deps.queue.send({ reference: report.reference });
      // Also touches the case (updatedAt), so the next run leaves it to the job just sent.
      await deps.caseStore.update(report.reference, {});
      await deps.caseStore.appendEvents(report.reference, [
        event(deps.clock.now(), "requeued", "Queued again: no send attempt was seen"),
      ]);
      requeued.push(report.reference);
    }
    return { requeued };
  };
}
