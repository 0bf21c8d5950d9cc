import type { Clock } from "#core/ports/clock.js";

/**
 * How long a page may keep reading the case store. The case log function stops at 10 s; a read
 * started before 6 s and the rendering after it still fit.
 */
export const READ_BUDGET_MS = 6000;

/** Started when a page begins reading: `spent()` once the budget has gone, by the page's clock. */
export function readBudget(clock: Clock, ms: number = READ_BUDGET_MS): { spent: () => boolean } {
  const end = clock.now().getTime() + ms;
  return { spent: () => clock.now().getTime() >= end };
}
