import { UpstreamError } from "#core/errors.js";
import { PacingBusyError } from "#core/ports/request-pacing.js";
import { HttpStatusError, NoAnswerError, TooLargeError } from "./moderngov-http.js";

/** Why a source could not be used, in plain words ("is not there (HTTP 404)"). */
export interface SourceFailure {
  reason: string;
  /**
   * The server answered and will say the same next time (4xx), as opposed to a failure that may
   * pass (5xx, no answer, or an answer not understood: an error page or a proxy's page in its place).
   */
  definitive: boolean;
  /** The host itself looks down (no answer, or 502/503/504): the other sources on it would fail too. */
  down?: boolean;
  /** The failure was Signpost's own (its request limit was busy): it says nothing of the source. */
  ours?: boolean;
}

export interface GetOptions {
  /**
   * A forced refresh: only an answer or refusal read after this instant (by the cache's
   * clock) is used; otherwise the source is asked now, and nothing stale is served if that fails.
   */
  readSince?: number;
  /** Keep the answer for later look-ups. Default true; false for a parse that lacked context. */
  keep?: boolean;
}

export type Fetched<T> = { ok: true; value: T } | { ok: false; failure: SourceFailure };

interface Entry {
  at: number;
  value?: unknown;
  failure?: SourceFailure;
}

export interface SourceCacheOptions {
  /** How long a parsed answer is used. */
  ttlMs: number;
  /** How long a refused source is skipped before it is asked again. */
  refusedTtlMs: number;
  now: () => number;
}

/**
 * Each source's parsed answer, kept for `ttlMs` and served stale when a refresh fails
 * (stale-if-error); and each refused source, skipped for `refusedTtlMs`, so one look-up does not
 * cost every step of the chain every time. Concurrent callers share one request.
 */
export class SourceCache {
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<Fetched<unknown>>>();
  readonly #options: SourceCacheOptions;

  constructor(options: SourceCacheOptions) {
    this.#options = options;
  }

  /**
   * The source's answer. With `readSince`, an older answer is not used and nothing stale is served
   * if the source fails: an answer staff forced must be what the source says now. Nor is another
   * caller's request shared, as that one may be served stale.
   */
  async get<T>(key: string, load: () => Promise<T>, options: GetOptions = {}): Promise<Fetched<T>> {
    const { readSince, keep = true } = options;
    const fresh = readSince !== undefined;
    const entry = this.#entries.get(key);
    const age = entry ? this.#options.now() - entry.at : Infinity;
    if (entry && fresh && entry.at > readSince) {
      return "value" in entry
        ? { ok: true, value: entry.value as T }
        : { ok: false, failure: entry.failure! };
    }
    if (!fresh) {
      if (entry && "value" in entry && age < this.#options.ttlMs)
        return { ok: true, value: entry.value as T };
      if (entry?.failure && age < this.#options.refusedTtlMs) return { ok: false, failure: entry.failure };
      const pending = this.#inFlight.get(key) as Promise<Fetched<T>> | undefined;
      if (pending) return pending;
    }
    const refresh = (async (): Promise<Fetched<T>> => {
      try {
        const value = await load();
        if (keep) this.#entries.set(key, { at: this.#options.now(), value });
        return { ok: true, value };
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        if (!fresh && entry && "value" in entry) return { ok: true, value: entry.value as T };
        const failure = describeFailure(error);
        if (failure.definitive) this.remember(key, failure);
        return { ok: false, failure };
      } finally {
        if (!fresh) this.#inFlight.delete(key);
      }
    })();
    if (!fresh) this.#inFlight.set(key, refresh);
    return refresh;
  }

  /** Skips the source for a while: it failed, and another source on the same host answered. */
  remember(key: string, failure: SourceFailure): void {
    const entry = this.#entries.get(key);
    if (entry && "value" in entry) return;
    this.#entries.set(key, { at: this.#options.now(), failure });
  }
}

function describeFailure(error: UpstreamError): SourceFailure {
  const detail = error.message.replace(/^Modern\.Gov: /, "");
  if (error instanceof PacingBusyError) {
    // Not counted against the source; the look-up stops, as the other sources share the host's limit.
    return { reason: `was not asked (${detail})`, definitive: false, down: true, ours: true };
  }
  if (error instanceof TooLargeError) {
    return {
      reason: `is too large to read (over ${Math.round(error.maxBytes / 1024)} KB)`,
      definitive: true,
    };
  }
  if (error instanceof HttpStatusError) {
    const { status } = error;
    if (status === 404 || status === 410)
      return { reason: `is not there (HTTP ${status})`, definitive: true };
    if (status < 500) return { reason: `was refused (HTTP ${status})`, definitive: true };
    return { reason: `failed (HTTP ${status})`, definitive: false, down: [502, 503, 504].includes(status) };
  }
  if (error instanceof NoAnswerError) {
    return { reason: `did not answer (${detail})`, definitive: false, down: true };
  }
  return { reason: `was not understood (${detail})`, definitive: false };
}
