import { TooManyRequestsError } from "../errors.js";
import type { ClientCounts, ClientLimit, ClientLimitCounters, ClientLimits } from "../ports/client-limits.js";
import type { Clock } from "../ports/clock.js";
import type { createSubmitReport } from "./submit-report.js";

type SubmitReport = ReturnType<typeof createSubmitReport>;

export interface LimitClientsDeps {
  counters: ClientLimitCounters;
  clock: Clock;
  limits: ClientLimits;
  /** Told when a replay's count could not be given back (the answer is sent all the same). */
  onGiveBackError?: (error: unknown) => void;
}

const WINDOWS: ReadonlyArray<{
  scope: string;
  count: (counts: ClientCounts) => ClientCounts[keyof ClientCounts];
  limit: (limit: ClientLimit) => number;
}> = [
  { scope: "per minute", count: (c) => c.minute, limit: (l) => l.perMinute },
  { scope: "per hour", count: (c) => c.hour, limit: (l) => l.perHour },
];

/** Clients this container has just refused; bounded, as a flood may come from many addresses. */
const MAX_REMEMBERED = 10_000;

/**
 * Per-client limits on submitted reports, around the intake use case: over a limit the client gets
 * `TooManyRequestsError` with the seconds to the end of the window that refused it.
 *
 * Every submission the edge has parsed counts, before anything else is done with it: signposted
 * ones, unknown postcodes and points outside the district too. They cost the sender nothing, and
 * counting only stored reports would leave the costly part of a flood (postcode look-ups, rule
 * checks, writes) unlimited. (A body the edge refuses as malformed never gets here: one parse.) An attempt the minute refuses still
 * counts in the hour (once a container has refused a client, it refuses it again uncounted until
 * the window ends). A submission that turns out to be a replay of an idempotent one made nothing
 * new, so its count is given back: a resident's retries never use up their budget (one sent when
 * the budget is already spent is refused like any other: it cannot be told from a new report
 * before it is handled). A missing client (tests, internal callers) is not limited.
 */
export function limitClients(submitReport: SubmitReport, deps: LimitClientsDeps): SubmitReport {
  /** Until when (epoch ms), and by which window, a client was last refused here. */
  const refused = new Map<string, { until: number; scope: string }>();

  return async function limitedSubmitReport(input, options = {}) {
    const client = options.client;
    if (!client) return submitReport(input, options);
    const at = deps.clock.now();
    // A client refused moments ago is refused again without another write: a flood from one
    // client costs a DynamoDB write per container and window, not one per request.
    const known = refused.get(client);
    if (known && known.until > at.getTime()) throw tooMany(known.until, at, known.scope);
    if (known) refused.delete(client);

    const limit = client.startsWith("key:") ? deps.limits.apiKey : deps.limits.resident;
    const counts = await deps.counters.take(client, at);
    // The longest refusal wins: retrying at the end of the minute would meet the hour's refusal.
    let refusal: { until: number; scope: string } | undefined;
    for (const window of WINDOWS) {
      const { count, windowEndsAt } = window.count(counts);
      if (count <= window.limit(limit)) continue;
      const until = windowEndsAt.getTime();
      if (!refusal || until > refusal.until) refusal = { until, scope: window.scope };
    }
    if (refusal) {
      if (refused.size >= MAX_REMEMBERED) refused.clear();
      refused.set(client, refusal);
      throw tooMany(refusal.until, at, refusal.scope);
    }

    const result = await submitReport(input, options);
    if (result.outcome === "created" && result.replayed) {
      await deps.counters.giveBack(client, at).catch((error: unknown) => deps.onGiveBackError?.(error));
    }
    return result;
  };
}

function tooMany(until: number, at: Date, scope: string): TooManyRequestsError {
  return new TooManyRequestsError(Math.max(1, Math.ceil((until - at.getTime()) / 1000)), scope);
}
