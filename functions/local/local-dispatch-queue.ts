import type { SqsEventSource } from "./sqs-event-source.js";
import type { LocalSqsQueues, StoredMessage } from "./sqs-queues.js";

/**
 * The dispatch queue and its dead-letter queue as local admin and tests see them: depth, dead
 * letters, a re-drive, and a wait for the queue to empty. The functions reach the queue only
 * through the SQS API.
 */
export interface LocalDispatchQueue {
  readonly depth: { visible: number; inFlight: number; deadLetters: number };
  deadLetters(): readonly StoredMessage[];
  /** Removes and returns every dead letter (their cases are re-driven with fresh jobs). */
  takeDeadLetters(): StoredMessage[];
  /** Moves dead letters back onto the queue with a fresh receive count (SQS "start DLQ redrive"). */
  redrive(): number;
  /** Resolves once nothing is waiting or in flight, and no batch is being handled. */
  drained(timeoutMs?: number): Promise<void>;
}

export function localDispatchQueue(
  queues: LocalSqsQueues,
  names: { queue: string; deadLetterQueue: string },
  eventSource: SqsEventSource,
): LocalDispatchQueue {
  return {
    get depth() {
      const { visible, inFlight, delayed } = queues.depth(names.queue);
      return {
        visible,
        inFlight: inFlight + delayed,
        deadLetters: queues.messages(names.deadLetterQueue).length,
      };
    },
    deadLetters: () => queues.messages(names.deadLetterQueue),
    takeDeadLetters: () => queues.takeAll(names.deadLetterQueue),
    redrive: () => queues.moveAll(names.deadLetterQueue, names.queue),
    async drained(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (queues.messages(names.queue).length > 0 || eventSource.busy) {
        if (Date.now() > deadline) throw new Error(`Queue not drained after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
  };
}
