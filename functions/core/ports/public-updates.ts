import type { PublicUpdate } from "../case/public-update.js";

/** The public updates staff have written, read by Open311 clients by time window. */
export interface PublicUpdates {
  /** Stores one update (an `updateId` never seen before). */
  add(update: PublicUpdate): Promise<void>;
  /**
   * One council's updates (those without a council are the first council's) whose `at` is within `[from, to]` (ISO instants, both inclusive), oldest first (ties by
   * `updateId`), at most `limit`; none past its `retainUntil`.
   */
  list(query: { council: string; from: string; to: string; limit: number }): Promise<PublicUpdate[]>;
}
