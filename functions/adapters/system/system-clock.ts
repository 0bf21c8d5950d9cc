import type { Clock } from "#core/ports/clock.js";

/** The operating system's wall clock. */
export const systemClock: Clock = { now: () => new Date() };
