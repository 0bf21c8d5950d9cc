/** A client's count in one fixed window, including the submission just counted, and the window's end. */
export interface WindowCount {
  count: number;
  windowEndsAt: Date;
}

/** What counting one submission found, in the minute and the hour that hold it. */
export interface ClientCounts {
  minute: WindowCount;
  hour: WindowCount;
}

/**
 * Per-client counts of submissions, shared by every container that takes reports (so not in
 * memory). `client` is the pseudonymous id the edge gives (`ip:…` or `key:…`).
 */
export interface ClientLimitCounters {
  /** Counts one submission by `client` at `at`, in its minute and its hour at once. */
  take(client: string, at: Date): Promise<ClientCounts>;
  /** Gives back a count taken at `at` (a submission that turned out to be a replay). */
  giveBack(client: string, at: Date): Promise<void>;
}

/** How many reports a client may submit each minute and each hour. */
export interface ClientLimit {
  perMinute: number;
  perHour: number;
}

/** A resident's address and an Open311 API key have budgets of their own. */
export interface ClientLimits {
  resident: ClientLimit;
  apiKey: ClientLimit;
}
