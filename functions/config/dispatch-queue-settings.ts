/**
 * Dispatch queue behaviour, the one source for the SQS queue in CDK, the local SQS endpoint and the
 * functions' defaults. Change a value here and all change (tests compare the synthesised template
 * with these, and check the arithmetic below).
 */

/** The Modern.Gov client's defaults (env.ts and the wiring read them): what one look-up may cost. */
export const directorySettings = {
  timeoutMs: 3000,
  /** Councils ask for at most one request a second per host. */
  minIntervalMs: 1000,
  /** Tries per request (5xx and network errors only); back-off 250 ms, then 500 ms. */
  tries: 3,
  retryBaseMs: 250,
  /**
   * At most five requests: the parish list by GET, by SOAP, the details list, the index and the
   * parish's page (each source is cached, and a refused one skipped, so most look-ups make none).
   */
  requestsPerLookup: 5,
  /** A look-up gives up on the steps left after this long: 25 s, below five requests at worst. */
  lookupDeadlineMs: 25_000,
} as const;

/** What a look-up may run past its deadline: parsing the last answer, settling the cut request. */
const LOOKUP_OVERRUN_MS = 500;

/**
 * One record's AWS calls: two SES sends (report, acknowledgement) and about four DynamoDB calls
 * (the claim, the clerk's contact read and, on a miss, stored, and the write recording the sends),
 * with the SDK's retries (up to three tries each, with back-off) and a margin: about 750 ms each.
 */
const AWS_CALLS_BUDGET_MS = 4500;

/**
 * The longest one record can take: its directory look-up at worst, plus its AWS calls. Defaults:
 * per request 3 × (3 s + 1 s pacing) + 0.25 + 0.5 s back-off = 12.75 s; × 5 requests = 63.75 s,
 * cut by the 25 s deadline; + 0.5 s overrun + 4.5 s = 30 s. Background cache refreshes share the
 * host's pacing, so they add no more than their own record's share.
 */
export function worstCaseRecordMs(directory: {
  timeoutMs: number;
  minIntervalMs: number;
  lookupDeadlineMs: number;
}): number {
  const { tries, retryBaseMs, requestsPerLookup } = directorySettings;
  const backoffMs = retryBaseMs * (2 ** (tries - 1) - 1);
  const perRequestMs = tries * (directory.timeoutMs + directory.minIntervalMs) + backoffMs;
  const lookupMs = Math.min(directory.lookupDeadlineMs, requestsPerLookup * perRequestMs);
  return lookupMs + LOOKUP_OVERRUN_MS + AWS_CALLS_BUDGET_MS;
}

const batchSize = 5;
/** A whole batch at its worst: 5 × 30 s = 150 s (the handler still hands back what will not fit). */
const dispatchTimeoutSeconds = (batchSize * worstCaseRecordMs(directorySettings)) / 1000;

/**
 * Retries outlast an outage: 30, 60, 120, 240, 480, 900, 900, 900, 900 s between the 10 receives,
 * 4530 s (75.5 minutes) before a job is dead-lettered. One hour needs 9 receives (3630 s); the
 * tenth leaves room for a receive spent on a hand-back (see the dispatch handler).
 */
export const retrySettings = {
  baseSeconds: 30,
  /** Per message the handler sets the visibility (SQS allows up to 12 hours); 15 minutes is plenty. */
  maxSeconds: 900,
} as const;

/**
 * The re-queue safety net treats a queued case untouched this long as having lost its job. A case
 * waiting out a 15-minute retry is untouched for that long, so the net waits twice the longest retry.
 */
export const requeueStaleMinutes = (2 * retrySettings.maxSeconds) / 60;

export const dispatchQueueSettings = {
  /**
   * Six times the function's timeout (6 × 150 s = 900 s), as AWS advises for SQS event sources:
   * https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html
   */
  visibilityTimeoutSeconds: 6 * dispatchTimeoutSeconds,
  dispatchTimeoutSeconds,
  /** Receives before a job is dead-lettered, unless the environment's config says otherwise. */
  maxReceiveCount: 10,
  batchSize,
  /** Dead letters wait this long for staff to re-drive them. */
  deadLetterRetentionDays: 14,
} as const;

/** Seconds a failed attempt waits: base × 2^(attempt − 1), capped. */
export function backoffSeconds(
  attempt: number,
  backoff: { baseSeconds: number; maxSeconds: number } = retrySettings,
): number {
  return Math.min(backoff.maxSeconds, backoff.baseSeconds * 2 ** Math.max(0, attempt - 1));
}

/** The waits between receives before a job is dead-lettered: one per failed attempt but the last. */
export function retrySchedule(
  maxReceiveCount: number = dispatchQueueSettings.maxReceiveCount,
  backoff: { baseSeconds: number; maxSeconds: number } = retrySettings,
): number[] {
  return Array.from({ length: maxReceiveCount - 1 }, (_, i) => backoffSeconds(i + 1, backoff));
}
