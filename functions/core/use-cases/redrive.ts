import { event } from "../case/timeline.js";
import { NotFoundError } from "../errors.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Queue } from "../ports/queue.js";

/**
 * What happens to a case whose dispatch job ran out of retries: it is marked not sent, visibly,
 * and waits for a person. Re-driving puts it back on the queue with a fresh set of retries.
 */
export function createDeadLetterCases(deps: { caseStore: CaseStore; queue: Queue; clock: Clock }) {
  async function markNotSent(reference: string, attempts: number, lastError: string): Promise<void> {
    await deps.caseStore.transitionDelivery(reference, ["queued", "sending"], { delivery: "failed" }, [
      event(
        deps.clock.now(),
        "dead-lettered",
        `Not sent after ${attempts} attempts; waiting for staff to re-drive it`,
        {
          attempts,
          error: lastError.slice(0, 500),
        },
      ),
    ]);
  }

  /** Staff (or the redrive command) send a failed or unconfirmed case again. */
  async function redrive(reference: string, actor: string): Promise<"redriven" | "not-needed"> {
    const current = await deps.caseStore.get(reference);
    if (!current) throw new NotFoundError(`No case ${reference}`);
    const moved = await deps.caseStore.transitionDelivery(
      reference,
      ["failed", "unconfirmed"],
      { delivery: "queued" },
      [
        event(
          deps.clock.now(),
          "redriven",
          "Queued for sending again",
          { previous: current.delivery },
          actor,
        ),
      ],
    );
    if (!moved) return "not-needed";
    await deps.queue.send({ reference });
    return "redriven";
  }

  return { markNotSent, redrive };
}
