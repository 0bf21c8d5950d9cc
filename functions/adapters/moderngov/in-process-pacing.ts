import type { Clock } from "#core/ports/clock.js";
import type { RequestPacing } from "#core/ports/request-pacing.js";
import { systemClock } from "../system/system-clock.js";

/** When each host may next be asked, shared by every in-process pacing in this process. */
const nextRequestAt = new Map<string, number>();

/**
 * One request per `minIntervalMs` per host within this process: the fallback where no shared store
 * is wired (unit tests), and the old per-container behaviour.
 */
export class InProcessPacing implements RequestPacing {
  readonly #minIntervalMs: number;
  readonly #clock: Clock;

  constructor(minIntervalMs: number, clock: Clock = systemClock) {
    this.#minIntervalMs = minIntervalMs;
    this.#clock = clock;
  }

  async waitTurn(host: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const now = this.#clock.now().getTime();
    const at = Math.max(now, nextRequestAt.get(host) ?? 0);
    const next = at + this.#minIntervalMs;
    nextRequestAt.set(host, next);
    if (at <= now) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", abandon);
        resolve();
      }, at - now);
      function abandon() {
        clearTimeout(timer);
        // The turn is given back when no later caller booked after it.
        if (nextRequestAt.get(host) === next) nextRequestAt.set(host, at);
        reject(signal?.reason as Error);
      }
      signal?.addEventListener("abort", abandon, { once: true });
    });
  }
}
