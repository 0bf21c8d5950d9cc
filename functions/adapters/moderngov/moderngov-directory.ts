import type { Clock } from "../../core/ports/clock.js";
import type { ClerkLookup, Directory, LookUpOptions, ParishRef } from "../../core/ports/directory.js";
import type { RequestPacing } from "../../core/ports/request-pacing.js";
import { systemClock } from "../system/system-clock.js";
import { getParishCouncilsUrl, webServiceUrl } from "./get-parish-councils.js";
import { InProcessPacing } from "./in-process-pacing.js";
import { type DirectorySettings, LookupChain } from "./lookup-chain.js";
import { deadlineIn, ModernGovHttp } from "./moderngov-http.js";
import { SourceCache } from "./source-cache.js";

export interface ModernGovDirectoryOptions {
  /** The Modern.Gov site root: the directory holding `mgWebService.asmx`, path prefix included. */
  baseUrl: string;
  fetch?: typeof fetch;
  /** Per request, body included. Default 5 s. */
  timeoutMs?: number;
  /** The most one look-up may take, every step and retry included. Default: no limit. */
  lookupDeadlineMs?: number;
  /** How long each source's parsed answer is served from memory. Default 24 h. */
  listTtlMs?: number;
  /** How long a source that refused (or failed while another answered) is skipped. Default 1 h. */
  refusedTtlMs?: number;
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
  /** Configured names, allowed district addresses and the district's domains. Default: none. */
  settings?: Partial<DirectorySettings>;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/**
 * The parish clerk directory of a district's Modern.Gov install, read through a chain of sources
 * (see LookupChain): the `GetParishCouncils` web service by GET, then SOAP, then the HTML pages.
 * Each source's parsed answer is cached in memory (stale-if-error), and a refused source is skipped
 * for a while, so most look-ups cost no request at all.
 */
export class ModernGovDirectory implements Directory {
  readonly baseUrl: string;
  readonly #chain: LookupChain;
  readonly #deadlineMs: number;
  readonly #now: () => number;

  constructor(options: ModernGovDirectoryOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    const pacing =
      options.pacing ??
      new InProcessPacing(options.minIntervalMs ?? 1000, options.pacingClock ?? systemClock);
    const http = new ModernGovHttp({
      ...(options.fetch ? { fetch: options.fetch } : {}),
      timeoutMs: options.timeoutMs ?? 5000,
      attempts: options.attempts ?? 3,
      retryBaseMs: options.retryBaseMs ?? 250,
      pacing,
    });
    this.#now = options.now ?? (() => systemClock.now().getTime());
    const cache = new SourceCache({
      ttlMs: options.listTtlMs ?? DAY_MS,
      refusedTtlMs: options.refusedTtlMs ?? HOUR_MS,
      now: this.#now,
    });
    const settings: DirectorySettings = {
      names: options.settings?.names ?? {},
      allowDistrictAddresses: options.settings?.allowDistrictAddresses ?? {},
      districtDomains: options.settings?.districtDomains ?? [],
    };
    const urls = {
      getParishCouncils: this.listUrl,
      webService: webServiceUrl(this.baseUrl),
      detailsList: `${this.baseUrl}/mgParishCouncilDetailsList.aspx`,
      index: `${this.baseUrl}/mgParishCouncilDetails.aspx`,
      details: (id: number) => this.detailsUrl(id),
    };
    this.#chain = new LookupChain(this.baseUrl, urls, http, cache, settings);
    this.#deadlineMs = options.lookupDeadlineMs ?? Infinity;
  }

  get listUrl(): string {
    return getParishCouncilsUrl(this.baseUrl);
  }

  detailsUrl(id: number): string {
    return `${this.baseUrl}/mgParishCouncilDetails.aspx?ID=${id}`;
  }

  /** `fresh` asks every source again (see SourceCache); `deadlineMs` may shorten the look-up's own. */
  lookUp(parish: ParishRef, options: LookUpOptions = {}): Promise<ClerkLookup> {
    const deadline = deadlineIn(Math.min(this.#deadlineMs, options.deadlineMs ?? Infinity));
    if (!options.fresh) return this.#chain.lookUp(parish, deadline);
    const readSince = options.freshSince?.getTime() ?? this.#now();
    return this.#chain.lookUp(parish, deadline, { readSince });
  }
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
