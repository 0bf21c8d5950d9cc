import type { ClientCounts } from "./client-limits.js";

/**
 * Counts behind "Check your report", shared by every container (so not in memory): look-ups per
 * client, in its minute and hour, and attempts at a reference's answer in a London day (`day` is
 * its `YYYY-MM-DD`), by everyone and by each client. An attempt is taken before its answer is
 * compared and given back only when the page showed it right, so a burst of guesses at once
 * cannot all slip in before the first is counted.
 */
export interface ReportLookupCounters {
  /** Counts one look-up by `client` (the edge's pseudonymous id) at `at`. */
  takeLookup(client: string, at: Date): Promise<ClientCounts>;
  /**
   * Counts one attempt at `reference`'s answer on London day `day`: `client`'s own count when a
   * client is given, else the count by everyone. Resolves with the count including this one.
   */
  takeAttempt(reference: string, day: string, client?: string): Promise<number>;
  /** Gives back an attempt taken as `takeAttempt` took it, whose answer was right. */
  giveBackAttempt(reference: string, day: string, client?: string): Promise<void>;
}
