import type { ClientCounts } from "./client-limits.js";

/** A reference's attempts in one London day: by everyone, and by the client asking (when known). */
export interface AttemptCounts {
  all: number;
  byClient?: number;
}

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
  /** Counts one attempt at `reference`'s answer on London day `day`, by `client` if known. */
  takeAttempt(reference: string, client: string | undefined, day: string): Promise<AttemptCounts>;
  /** Gives back an attempt taken on `day` whose answer was right. */
  giveBackAttempt(reference: string, client: string | undefined, day: string): Promise<void>;
}
