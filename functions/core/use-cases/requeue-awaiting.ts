import { event } from "../case/timeline.js";
import type { Councils } from "../councils/councils.js";
import { type CaseStore, caseSortKey } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Queue } from "../ports/queue.js";
import { createDeadLetterCases } from "./redrive.js";

export interface RequeueSettings {
  /** A queued case untouched this long has probably lost its job (retries move it sooner). */
  staleMinutes: number;
  /** How far back to look: longer than the dead-letter queue keeps messages (14 days), since staff re-drive cases that old. */
  windowDays: number;
  /** Most cases handled in one run (the rest wait for the next). */
  batch: number;
  /** After this many re-queues with no attempt seen, the case is marked not sent for staff. */
  maxRequeues: number;
}

export const defaultRequeueSettings: RequeueSettings = {
  staleMinutes: 15,
  windowDays: 15,
  batch: 200,
  maxRequeues: 3,
};

/**
 * The safety net under "stored, then queued". If the queue could not be reached after a report was
 * stored (or re-routed, or re-driven), its case stays `queued` with no job; if a send attempt died
 * on its last try, the case stays `sending`. A scheduled run finds both and queues them again:
 * dispatch then sends a queued case (its conditional claim means never twice) and marks a stale
 * `sending` one unconfirmed for staff. A case re-queued `maxRequeues` times with nothing happening
 * is marked not sent, so staff see it instead of it cycling for ever.
 */
export function createRequeueAwaiting(
  deps: { caseStore: CaseStore; queue: Queue; clock: Clock; councils: Pick<Councils, "all"> },
  settings: RequeueSettings = defaultRequeueSettings,
) {
  const deadLetters = createDeadLetterCases(deps);
  return async function requeueAwaiting(): Promise<{ requeued: string[]; givenUp: string[] }> {
    const now = deps.clock.now().getTime();
    const untouchedSince = new Date(now - settings.staleMinutes * 60_000).toISOString();
    // Every council's cases (each council's lists are its own), the oldest `batch` of them all.
    const perCouncil = await Promise.all(
      deps.councils.all.map((council) =>
        deps.caseStore.listAwaitingDispatch({
          council: council.id,
          from: new Date(now - settings.windowDays * 86_400_000).toISOString(),
          to: untouchedSince,
          untouchedSince,
          limit: settings.batch,
        }),
      ),
    );
    const stalled = perCouncil
      .flat()
      .sort((a, b) => caseSortKey(a).localeCompare(caseSortKey(b)))
      .slice(0, settings.batch);
    const requeued: string[] = [];
    const givenUp: string[] = [];
    for (const report of stalled) {
      const timeline = await deps.caseStore.timeline(report.reference);
      const tries = timeline.filter((e) => e.type === "requeued").length;
      if (tries >= settings.maxRequeues) {
        await deadLetters.markNotSent(report.reference, tries, "Queued again with no send attempt seen");
        givenUp.push(report.reference);
        continue;
      }
      await deps.queue.send({ reference: report.reference });
      // Also touches the case (updatedAt), so the next run leaves it to the job just sent.
      await deps.caseStore.update(report.reference, {}, [
        event(deps.clock.now(), "requeued", "Queued again: sending had stalled", {
          delivery: report.delivery,
        }),
      ]);
      requeued.push(report.reference);
    }
    return { requeued, givenUp };
  };
}
