import type { ClientCounts, WindowCount } from "./client-limits.js";

/**
 * Counts behind "Check your report", shared by every container (so not in memory): look-ups per
 * client, in its minute and hour, and wrong answers per reference, in its day. A reference's count
 * is taken before its answer is compared and given back when the answer was right, so a burst of
 * guesses at once cannot all slip in before the first is counted.
 */
export interface ReportLookupCounters {
  /** Counts one look-up by `client` (the edge's pseudonymous id) at `at`. */
  takeLookup(client: string, at: Date): Promise<ClientCounts>;
  /** Counts one attempt at `reference`'s answer, in the day holding `at`. */
  takeAttempt(reference: string, at: Date): Promise<WindowCount>;
  /** Gives back an attempt taken at `at` whose answer was right. */
  giveBackAttempt(reference: string, at: Date): Promise<void>;
}
