import { UpstreamError } from "../../core/errors.js";
import type { Clock } from "../../core/ports/clock.js";
import type { ClerkContact, ClerkLookup, Directory, ParishRef } from "../../core/ports/directory.js";
import type { RequestPacing } from "../../core/ports/request-pacing.js";
import { systemClock } from "../system/system-clock.js";
import { InProcessPacing } from "./in-process-pacing.js";
import { matchParish } from "./parish-name.js";
import { MODERNGOV, type ParishCouncilRecord, parseParishCouncils } from "./parse-parish-councils.js";
import { type ParishPage, parseParishPage } from "./parse-parish-page.js";

export interface ModernGovDirectoryOptions {
  /** The Modern.Gov site root: the directory holding `mgWebService.asmx`, path prefix included. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per request, body included. Default 5 s. */
  timeoutMs?: number;
  /** How long the parsed parish list (and each details page) is served from memory. Default 24 h. */
  listTtlMs?: number;
  /** The cache's clock, in ms. Default: the system clock. */
  now?: () => number;
  /**
   * The clock per-host pacing waits by. Its bookings are shared by every directory in the process, so
   * it stays real time even where a test fakes `now`. Default: the system clock.
   */
  pacingClock?: Clock;
  /** Attempts per request for 5xx answers and network errors (not timeouts). Default 3. */
  attempts?: number;
  /** First back-off between attempts; doubles each time. Default 250 ms. */
  retryBaseMs?: number;
  /** Least time between two requests to the same host: councils ask for ≤ 1 a second. Default 1000. */
  minIntervalMs?: number;
  /** Paces requests per host; default: in this process only, `minIntervalMs` apart. */
  pacing?: RequestPacing;
}

class RetryableUpstreamError extends UpstreamError {}

interface CacheEntry<T> {
  value: T;
  fetchedAt: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The parish clerk directory of a district's Modern.Gov install: the `GetParishCouncils` web service,
 * completed from the parish's HTML details page when the XML carries no email.
 *
 * Parsed responses are cached in memory for `listTtlMs`; when a refresh fails, the stale copy is served
 * (stale-if-error). All HTTP goes through `get(url)`, the one place a retry policy would go.
 */
export class ModernGovDirectory implements Directory {
  readonly baseUrl: string;
  private readonly fetchFn: typeof fetch;
  private readonly timeoutMs: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly pacingClock: Clock;
  private readonly cache = new Map<string, CacheEntry<unknown>>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly attempts: number;
  private readonly retryBaseMs: number;
  private readonly pacing: RequestPacing;

  constructor(options: ModernGovDirectoryOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.fetchFn = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.ttlMs = options.listTtlMs ?? DAY_MS;
    this.now = options.now ?? (() => systemClock.now().getTime());
    this.pacingClock = options.pacingClock ?? systemClock;
    this.attempts = options.attempts ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.pacing = options.pacing ?? new InProcessPacing(options.minIntervalMs ?? 1000, this.pacingClock);
  }

  get listUrl(): string {
    return `${this.baseUrl}/mgWebService.asmx/GetParishCouncils`;
  }

  detailsUrl(id: number): string {
    return `${this.baseUrl}/mgParishCouncilDetails.aspx?ID=${id}`;
  }

  async lookUp(parish: ParishRef): Promise<ClerkLookup> {
    const listUrl = this.listUrl;
    const records = await this.cached(listUrl, (body) => parseParishCouncils(body, listUrl));
    const record = matchParish(parish.name, records);
    if (!record) {
      return { problems: [{ code: "no-match", message: `no council in Modern.Gov matches ${parish.name}` }] };
    }
    if (record.email) return { contact: toContact(record, record, listUrl, "web-service"), problems: [] };
    const noEmail = {
      problems: [
        { code: "no-email" as const, message: `Modern.Gov has no email address for ${record.title}` },
      ],
    };
    if (record.id === undefined) return noEmail;

    const pageUrl = this.detailsUrl(record.id);
    const page = await this.cached<ParishPage>(pageUrl, (html) => parseParishPage(html));
    if (!page.email) return noEmail;
    const from = { ...page, clerkName: record.clerkName ?? page.clerkName };
    return { contact: toContact(record, from, pageUrl, "details-page"), problems: [] };
  }

  /** Fresh cached value, else fetch and parse; on failure the stale value if there is one. */
  private async cached<T>(url: string, parse: (body: string) => T): Promise<T> {
    const entry = this.cache.get(url) as CacheEntry<T> | undefined;
    if (entry && this.now() - entry.fetchedAt < this.ttlMs) return entry.value;

    const pending = this.inFlight.get(url) as Promise<T> | undefined;
    if (pending) return pending;
    const refresh = (async () => {
      try {
        const value = parse(await this.get(url));
        this.cache.set(url, { value, fetchedAt: this.now() });
        return value;
      } catch (error) {
        if (entry && error instanceof UpstreamError) return entry.value;
        throw error;
      } finally {
        this.inFlight.delete(url);
      }
    })();
    this.inFlight.set(url, refresh);
    return refresh;
  }

  /**
   * GET with retries: 5xx answers and network errors are tried again after 250 ms, 500 ms…; a 4xx,
   * a timeout or a non-XML answer is not (another try would not help, or would cost the budget).
   */
  private async get(url: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      await this.pacing.waitTurn(new URL(url).host);
      try {
        return await this.getOnce(url);
      } catch (error) {
        if (!(error instanceof RetryableUpstreamError) || attempt >= this.attempts) throw error;
        await sleep(this.retryBaseMs * 2 ** (attempt - 1));
      }
    }
  }

  /** One HTTP GET: the body of a 2xx response, else `UpstreamError` (status, network failure or timeout). */
  private async getOnce(url: string): Promise<string> {
    try {
      const response = await this.fetchFn(url, {
        headers: { accept: "text/xml, application/xml, text/html;q=0.9, */*;q=0.1" },
        redirect: "follow",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        const Failure = response.status >= 500 ? RetryableUpstreamError : UpstreamError;
        throw new Failure(MODERNGOV, `HTTP ${response.status} from ${url}`);
      }
      return await response.text();
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
        throw new UpstreamError(MODERNGOV, `no answer within ${this.timeoutMs} ms from ${url}`, {
          cause: error,
        });
      }
      const reason = error instanceof Error ? describe(error) : String(error);
      throw new RetryableUpstreamError(MODERNGOV, `request to ${url} failed: ${reason}`, { cause: error });
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (error) {
    throw new TypeError(`Modern.Gov baseUrl is not a URL: ${JSON.stringify(raw)}`, { cause: error });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`Modern.Gov baseUrl must be http(s): ${JSON.stringify(raw)}`);
  }
  // Someone may paste the service or a page URL; the base is the folder holding them.
  const path = url.pathname.replace(/\/(mgWebService\.asmx(\/.*)?|mg\w+\.aspx)$/i, "").replace(/\/+$/, "");
  return `${url.origin}${path}`;
}

function describe(error: Error): string {
  const cause = error.cause;
  const code = cause && typeof cause === "object" && "code" in cause ? String(cause.code) : undefined;
  return code ? `${error.message} (${code})` : error.message;
}

function toContact(
  record: ParishCouncilRecord,
  from: { clerkName?: string; email?: string; phone?: string },
  source: string,
  via: ClerkContact["via"],
): ClerkContact {
  const contact: ClerkContact = { councilName: record.title, source, via };
  const clerkName = from.clerkName;
  const phone = record.phone ?? from.phone;
  if (clerkName) contact.clerkName = clerkName;
  if (from.email) contact.email = from.email;
  if (phone) contact.phone = phone;
  return contact;
}
