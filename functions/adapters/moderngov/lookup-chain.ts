import { createHash } from "node:crypto";
import { UpstreamError } from "#core/errors.js";
import type {
  ClerkContact,
  ClerkLookup,
  ContactVia,
  DirectoryProblem,
  NameMatch,
  ParishRef,
} from "#core/ports/directory.js";
import { parishCouncilsByGet, parishCouncilsBySoap } from "./get-parish-councils.js";
import type { Deadline, ModernGovHttp } from "./moderngov-http.js";
import { findParish } from "./parish-name.js";
import { MODERNGOV, type ParishCouncilRecord } from "./parse-parish-councils.js";
import {
  emailsOnPage,
  type PageContext,
  type ParishIndexEntry,
  type ParishPage,
  parseParishDetailsList,
  parseParishIndex,
  parseParishPage,
} from "./parse-parish-page.js";
import { screenEmails } from "./screen-emails.js";
import type { Fetched, GetOptions, SourceCache, SourceFailure } from "./source-cache.js";

/** What staff configured for the directory (see functions/config/directory-config.ts). */
export interface DirectorySettings {
  /** ONS code → the Modern.Gov title to use. */
  names: Readonly<Record<string, string>>;
  /** ONS code → district addresses allowed as that parish's clerk. */
  allowDistrictAddresses: Readonly<Record<string, readonly string[]>>;
  /** The district's own domains: their addresses are not a parish clerk's. */
  districtDomains: readonly string[];
}

export interface ChainUrls {
  getParishCouncils: string;
  webService: string;
  detailsList: string;
  index: string;
  details(id: number): string;
}

interface Index {
  entries: ParishIndexEntry[];
  /** Addresses on the index page: site chrome, as the page lists no parish's own. */
  chrome: Set<string>;
}

/** How a parish page is screened, and under which key its parse may be kept. */
interface Screening {
  context: PageContext;
  /** Part of the cache key: a parse depends on the chrome set and the parish's allowed addresses. */
  key: string;
  /** The index page could not be read, so chrome could not be told apart: the parse is not kept. */
  chromeKnown: boolean;
  /** Said once a page is read without chrome known. */
  chromeUnknown?: DirectoryProblem;
}

/** A source that listed the parish with no usable address. */
interface NoEmail {
  /** The source, as "no usable email address in …" names it. */
  where: string;
  /** It gave addresses, all screened out with a problem saying why. */
  screenedOut: boolean;
}

/** The most problems one look-up records; the rest are counted. */
const MAX_PROBLEMS = 12;

/** What an earlier step found about the parish without a usable email, for a later page to complete. */
interface Found {
  title: string;
  match: NameMatch;
  id?: number;
  clerkName?: string;
  phone?: string;
}

/**
 * One look-up, step by step: `GetParishCouncils` by GET, by SOAP when GET fails, the all-parishes
 * details list, then the index and the parish's own `?ID=` page. A step that fails, does not list
 * the parish, or lists it with no usable email leads to the next, and says why in a problem; the
 * first usable email wins, with its source URL and step. When no step got an answer at all the
 * look-up throws `UpstreamError`, so the caller can tell "Modern.Gov is down" from "no clerk".
 */
class LookUp {
  readonly problems: DirectoryProblem[] = [];
  /** Failures that may pass; remembered as refused only if another source answered. */
  readonly #mayPass: { key: string; failure: SourceFailure }[] = [];
  readonly #unanswered: string[] = [];
  #answered = false;
  /** A source found the host down: the steps left are not tried, and no contact means "unknown". */
  #down = false;
  #found: Found | undefined;
  #uncertain = false;
  readonly #nearMisses = new Set<string>();
  readonly #allowed: readonly string[];
  readonly #mapped: string | undefined;
  readonly #noEmail: NoEmail[] = [];

  constructor(
    readonly parish: ParishRef,
    readonly chain: LookupChain,
    readonly deadline: Deadline,
    /** A forced refresh: no source's answer read before this instant is used (see SourceCache). */
    readonly readSince: number | undefined,
  ) {
    this.#allowed = chain.settings.allowDistrictAddresses[parish.code] ?? [];
    this.#mapped = chain.settings.names[parish.code];
  }

  async run(): Promise<ClerkLookup> {
    const { urls } = this.chain;
    let records = await this.#fetch(
      urls.getParishCouncils,
      "Modern.Gov's web service (GetParishCouncils)",
      () => parishCouncilsByGet(this.chain.http, this.chain.baseUrl, this.deadline),
      nonEmpty,
    );
    let via: ContactVia = "web-service";
    let source = urls.getParishCouncils;
    if (!records && !this.#down) {
      records = await this.#fetch(
        urls.webService,
        "Modern.Gov's web service by SOAP",
        () => parishCouncilsBySoap(this.chain.http, this.chain.baseUrl, this.deadline),
        nonEmpty,
      );
      via = "web-service-soap";
      source = urls.webService;
    }
    const contact =
      (records && this.#fromRecords(records, via, source)) ??
      (this.#down ? undefined : await this.#fromDetailsList()) ??
      (this.#down ? undefined : await this.#fromDetailsPage());
    return this.#finish(contact);
  }

  #finish(contact: ClerkContact | undefined): ClerkLookup {
    if (this.#answered) for (const { key, failure } of this.#mayPass) this.chain.cache.remember(key, failure);
    if (contact) return { contact, problems: capped(unique(this.problems)) };
    // Down part-way, the parish may still have a clerk: "unknown" is not cached as "none".
    if (!this.#answered || this.#down) {
      throw new UpstreamError(MODERNGOV, `no part of the directory answered: ${this.#unanswered.join("; ")}`);
    }
    if (!this.#found && !this.#uncertain) {
      const mapped = this.#mapped ? ` (the configured title "${this.#mapped}" is not listed)` : "";
      const near = [...this.#nearMisses];
      const possible = near.length > 0 ? `; possible match, not used: ${near.join(", ")}` : "";
      this.problems.push({
        code: "no-match",
        message: `no council in Modern.Gov matches ${this.parish.name}${mapped}${possible}`,
      });
    }
    this.#sayNoEmail();
    return { problems: capped(unique(this.problems)) };
  }

  /**
   * One "no email" for the look-up, naming every source that listed the parish without a usable
   * address; none when each of them gave addresses that were screened out, as those problems say why.
   */
  #sayNoEmail(): void {
    if (this.#noEmail.length === 0 || this.#noEmail.every((n) => n.screenedOut)) return;
    const title = this.#found?.title ?? this.parish.name;
    const where = [...new Set(this.#noEmail.map((n) => n.where))];
    const list = where.length > 1 ? `${where.slice(0, -1).join(", ")} or ${where.at(-1)}` : where[0];
    this.problems.push({ code: "no-email", message: `${title} has no usable email address in ${list}` });
  }

  /**
   * A source's parsed answer, or `undefined` with a problem saying why it could not be used. The
   * directory counts as answering once a source gives any parish (`informative`) or says no (4xx).
   */
  async #fetch<T>(
    key: string,
    label: string,
    load: () => Promise<T>,
    informative: (value: T) => boolean,
    options: GetOptions = {},
  ): Promise<T | undefined> {
    const fetched = await this.chain.cache.get(key, load, { ...this.#since(), ...options });
    return this.#note(fetched, key, label, informative);
  }

  #note<T>(fetched: Fetched<T>, key: string, label: string, informative: (value: T) => boolean) {
    if (fetched.ok) {
      if (informative(fetched.value)) this.#answered = true;
      else {
        this.#unanswered.push(`${label} lists no parish councils`);
        this.problems.push({ code: "source-unavailable", message: `${label} lists no parish councils` });
      }
      return fetched.value;
    }
    const { failure } = fetched;
    if (failure.definitive) this.#answered = true;
    else {
      if (failure.down) this.#down = true;
      // Signpost's own limit being busy says nothing about the source: it is not skipped later.
      if (!failure.ours) this.#mayPass.push({ key, failure });
      this.#unanswered.push(`${label} ${failure.reason}`);
    }
    this.problems.push({ code: "source-unavailable", message: `${label} ${failure.reason}` });
    return undefined;
  }

  /** The record that names the parish, noting an uncertain match or near misses. */
  #match<T extends { title: string }>(
    records: readonly T[],
    label: string,
  ): { record: T; match: NameMatch } | undefined {
    const found = findParish(this.parish, records, this.#mapped);
    if (found.kind === "match") return found;
    if (found.kind === "uncertain") {
      this.#uncertain = true;
      const titles = found.candidates.map((c) => c.title).join(", ");
      this.problems.push({
        code: "uncertain-match",
        message: `${label} lists several councils that could be ${this.parish.name} (${titles}); none was used`,
      });
    } else {
      for (const title of found.nearMisses) this.#nearMisses.add(title);
    }
    return undefined;
  }

  #fromRecords(records: ParishCouncilRecord[], via: ContactVia, source: string): ClerkContact | undefined {
    const label = "Modern.Gov's web service";
    const found = this.#match(records, label);
    if (!found) return undefined;
    const { record, match } = found;
    this.#remember({
      title: record.title,
      match,
      id: record.id,
      clerkName: record.clerkName,
      phone: record.phone,
    });
    // XML is per-council data, with no site chrome; the district's own addresses are still screened,
    // every address of the field: the clerk's may follow a district one.
    const candidates = record.email ? [record.email, ...(record.otherEmails ?? [])] : [];
    const screened = screenEmails(candidates, {
      districtDomains: this.chain.settings.districtDomains,
      allowedEmails: this.#allowed,
    });
    this.problems.push(...screened.problems);
    if (!screened.email) {
      this.#noEmail.push({ where: label, screenedOut: candidates.length > 0 });
      return undefined;
    }
    const details = { clerkName: record.clerkName, phone: record.phone, ...screened };
    return contactOf(record.title, match, details, source, via);
  }

  /** The index page, fetched at most once per look-up (the details steps both need it). */
  #indexFetched: Promise<Fetched<Index>> | undefined;

  #loadIndex(): Promise<Fetched<Index>> {
    const url = this.chain.urls.index;
    const load = async () => {
      const html = await this.chain.http.request(url, {}, this.deadline);
      return { entries: parseParishIndex(html), chrome: emailsOnPage(html) };
    };
    this.#indexFetched ??= this.chain.cache.get(url, load, this.#since());
    return this.#indexFetched;
  }

  #since(): GetOptions {
    return this.readSince === undefined ? {} : { readSince: this.readSince };
  }

  #screening: Screening | undefined;

  /**
   * How a parish page is screened: the index page's addresses are site chrome. Without the index
   * that cannot be told: staff are told once a page is read (it needs their attention: a footer
   * address may have been taken as the clerk's), and the page's parse is not kept for other look-ups.
   */
  async #screen(): Promise<Screening> {
    if (this.#screening) return this.#screening;
    const index = await this.#loadIndex();
    // A host found down here ends the look-up; the index step would say so, so it is said now.
    if (!index.ok && index.failure.down) this.#note(index, this.chain.urls.index, INDEX_LABEL, () => true);
    const chrome = index.ok ? index.value.chrome : new Set<string>();
    const allow = [...this.#allowed].map((e) => e.toLowerCase()).sort();
    this.#screening = {
      context: {
        chromeEmails: chrome,
        districtDomains: this.chain.settings.districtDomains,
        allowedEmails: this.#allowed,
      },
      key: `chrome=${digest([...chrome].sort())}${allow.length > 0 ? `&allow=${allow.join(",")}` : ""}`,
      chromeKnown: index.ok,
      ...(index.ok
        ? {}
        : {
            chromeUnknown: {
              code: "page-chrome" as const,
              message: `could not check the parish pages for site chrome: ${INDEX_LABEL} ${index.failure.reason}`,
            },
          }),
    };
    return this.#screening;
  }

  async #fromDetailsList(): Promise<ClerkContact | undefined> {
    const url = this.chain.urls.detailsList;
    const label = "The parish councils' details page (mgParishCouncilDetailsList.aspx)";
    const { context, key, chromeKnown, chromeUnknown } = await this.#screen();
    if (this.#down) return undefined;
    const pages = await this.#fetch(
      `${url}#${key}`,
      label,
      async () => parseParishDetailsList(await this.chain.http.request(url, {}, this.deadline), context),
      nonEmpty,
      { keep: chromeKnown },
    );
    if (!pages) return undefined;
    if (chromeUnknown) this.problems.push(chromeUnknown);
    const titled = pages.flatMap((p) => (p.title ? [{ ...p, title: p.title }] : []));
    if (titled.length === 0 && pages.length > 0) {
      this.problems.push({
        code: "source-unavailable",
        message: `${label} lists no parish councils that could be read`,
      });
      return undefined;
    }
    const found = this.#match(titled, label);
    if (!found) return undefined;
    this.#remember({ title: found.record.title, match: found.match });
    const where = "the parish councils' details page";
    return this.#fromPage(found.record, found.record.title, found.match, url, "details-list", context, where);
  }

  async #fromDetailsPage(): Promise<ClerkContact | undefined> {
    const index = this.#note(
      await this.#loadIndex(),
      this.chain.urls.index,
      INDEX_LABEL,
      (value) => value.entries.length > 0,
    );
    let target: Found | undefined;
    if (index) {
      const found = this.#match(index.entries, "The parish council index page");
      if (found) target = { title: found.record.title, match: found.match, id: found.record.id };
    }
    // Without the index, the id an earlier source gave still leads to the parish's page.
    target = target ?? (this.#found?.id === undefined ? undefined : this.#found);
    if (target?.id === undefined) return undefined;
    this.#remember(target);
    const url = this.chain.urls.details(target.id);
    const { context, key, chromeKnown, chromeUnknown } = await this.#screen();
    if (this.#down) return undefined;
    const page = await this.#fetch(
      `${url}#${key}`,
      `The page of ${target.title}`,
      async () => parseParishPage(await this.chain.http.request(url, {}, this.deadline), context),
      () => true,
      { keep: chromeKnown },
    );
    if (!page) return undefined;
    if (chromeUnknown) this.problems.push(chromeUnknown);
    return this.#fromPage(
      page,
      target.title,
      target.match,
      url,
      "details-page",
      context,
      "its Modern.Gov page",
    );
  }

  #fromPage(
    page: ParishPage,
    title: string,
    match: NameMatch,
    source: string,
    via: ContactVia,
    context: PageContext,
    where: string,
  ): ClerkContact | undefined {
    // The page's own "no email" is said once for the look-up, naming the sources.
    this.problems.push(...page.problems.filter((p) => p.code !== "no-email"));
    // Screened again here so a page parser that missed chrome or a district address cannot pass it on.
    const candidates = page.email ? [page.email, ...(page.otherEmails ?? [])] : [];
    const screened = screenEmails(candidates, context);
    this.problems.push(...screened.problems);
    if (!screened.email) {
      // A page whose addresses its parser already dropped as chrome or the district's says why.
      const explained = page.problems.some((p) => p.code === "page-chrome" || p.code === "district-domain");
      this.#noEmail.push({ where, screenedOut: candidates.length > 0 || explained });
      return undefined;
    }
    const earlier = this.#found;
    const details = {
      ...screened,
      clerkName: page.clerkName ?? earlier?.clerkName,
      phone: page.phone ?? earlier?.phone,
    };
    return contactOf(title, match, details, source, via);
  }

  /** The first source that lists the parish: its clerk's name, phone and id complete a later page. */
  #remember(found: Found): void {
    this.#found ??= found;
  }
}

/** The look-up chain of one Modern.Gov install, sharing its HTTP client and source cache. */
export class LookupChain {
  constructor(
    readonly baseUrl: string,
    readonly urls: ChainUrls,
    readonly http: ModernGovHttp,
    readonly cache: SourceCache,
    readonly settings: DirectorySettings,
  ) {}

  /** `readSince`: a forced refresh, using no source's answer read before then (nor a stale one). */
  lookUp(parish: ParishRef, deadline: Deadline, options: { readSince?: number } = {}): Promise<ClerkLookup> {
    return new LookUp(parish, this, deadline, options.readSince).run();
  }
}

const INDEX_LABEL = "The parish council index page (mgParishCouncilDetails.aspx)";

const nonEmpty = (list: readonly unknown[]) => list.length > 0;

function contactOf(
  councilName: string,
  match: NameMatch,
  from: {
    clerkName?: string | undefined;
    email?: string;
    otherEmails?: string[];
    phone?: string | undefined;
  },
  source: string,
  via: ContactVia,
): ClerkContact {
  const contact: ClerkContact = { councilName, source, via, match };
  if (from.clerkName) contact.clerkName = from.clerkName;
  if (from.email) contact.email = from.email;
  if (from.otherEmails && from.otherEmails.length > 0) contact.otherEmails = from.otherEmails;
  if (from.phone) contact.phone = from.phone;
  return contact;
}

/** At most MAX_PROBLEMS: the last place says how many more there were, under the first left out's code. */
function capped(problems: DirectoryProblem[]): DirectoryProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  const kept = problems.slice(0, MAX_PROBLEMS - 1);
  const rest = problems.slice(MAX_PROBLEMS - 1);
  const first = rest[0] as DirectoryProblem;
  return [...kept, { code: first.code, message: `${first.message}; and ${rest.length - 1} more` }];
}

/** A short, stable name for a set of addresses (a cache key part, not a secret). */
function digest(values: readonly string[]): string {
  return createHash("sha256").update(values.join("\n")).digest("hex").slice(0, 16);
}

function unique(problems: DirectoryProblem[]): DirectoryProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
