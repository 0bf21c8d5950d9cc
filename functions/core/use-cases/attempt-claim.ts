/**
 * An idempotency claim held by one attempt at an action: which attempt, and when it began. A second
 * attempt that finds the claim held by a young one leaves it be (the first is still at work: a
 * double click, three parallel POSTs); one that finds an old claim whose work never finished takes
 * it over. No request runs this long (the functions stop after 10 seconds, API Gateway after 30),
 * so a claim this old is an attempt that died.
 */
export const ATTEMPT_IN_FLIGHT_MS = 60_000;

/** The claim's value: `<reference>#<attempt id>#<ISO time>`. */
export const attemptClaim = (reference: string, attemptId: string, at: Date): string =>
  `${reference}#${attemptId}#${at.toISOString()}`;

/** The attempt id in a claim (claims made before times were kept have none: taken as old). */
export function claimedAttempt(holder: string): { attemptId: string; at?: Date } {
  const [, attemptId = "", iso] = holder.split("#");
  const at = iso ? new Date(iso) : undefined;
  return at && !Number.isNaN(at.getTime()) ? { attemptId, at } : { attemptId };
}

/** The attempt holding the claim began less than `ATTEMPT_IN_FLIGHT_MS` ago: leave it be. */
export function stillInFlight(holder: string, now: Date): boolean {
  const { at } = claimedAttempt(holder);
  return at !== undefined && now.getTime() - at.getTime() < ATTEMPT_IN_FLIGHT_MS;
}
