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
import type { Fetched, SourceCache, SourceFailure } from "./source-cache.js";

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

  constructor(
    readonly parish: ParishRef,
    readonly chain: LookupChain,
    readonly deadline: Deadline,
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
    if (contact) return { contact, problems: unique(this.problems) };
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
    return { problems: unique(this.problems) };
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
  ): Promise<T | undefined> {
    return this.#note(await this.chain.cache.get(key, load), key, label, informative);
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
      this.#mayPass.push({ key, failure });
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
    // XML is per-council data, with no site chrome; the district's own addresses are still screened.
    const screened = screenEmails(record.email ? [record.email] : [], {
      districtDomains: this.chain.settings.districtDomains,
      allowedEmails: this.#allowed,
    });
    this.problems.push(...screened.problems);
    if (!screened.email) {
      this.problems.push({
        code: "no-email",
        message: `${label} has no usable email address for ${record.title}`,
      });
      return undefined;
    }
    return contactOf(record.title, match, { ...record, ...screened }, source, via);
  }

  /** The index page, fetched at most once per look-up (the details steps both need it). */
  #indexFetched: Promise<Fetched<Index>> | undefined;

  #loadIndex(): Promise<Fetched<Index>> {
    const url = this.chain.urls.index;
    this.#indexFetched ??= this.chain.cache.get(url, async () => {
      const html = await this.chain.http.request(url, {}, this.deadline);
      return { entries: parseParishIndex(html), chrome: emailsOnPage(html) };
    });
    return this.#indexFetched;
  }

  /** The screening context of a parish page: the index page's addresses are site chrome. */
  async #context(): Promise<PageContext> {
    const index = await this.#loadIndex();
    // A host found down here ends the look-up; the index step would say so, so it is said now.
    if (!index.ok && index.failure.down) this.#note(index, this.chain.urls.index, INDEX_LABEL, () => true);
    return {
      chromeEmails: index.ok ? index.value.chrome : new Set(),
      districtDomains: this.chain.settings.districtDomains,
      allowedEmails: this.#allowed,
    };
  }

  async #fromDetailsList(): Promise<ClerkContact | undefined> {
    const url = this.chain.urls.detailsList;
    const label = "The parish councils' details page (mgParishCouncilDetailsList.aspx)";
    const context = await this.#context();
    if (this.#down) return undefined;
    const pages = await this.#fetch(
      this.#keyed(url),
      label,
      async () => parseParishDetailsList(await this.chain.http.request(url, {}, this.deadline), context),
      nonEmpty,
    );
    if (!pages) return undefined;
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
    return this.#fromPage(found.record, found.record.title, found.match, url, "details-list", context);
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
    const context = await this.#context();
    if (this.#down) return undefined;
    const page = await this.#fetch(
      this.#keyed(url),
      `The page of ${target.title}`,
      async () => parseParishPage(await this.chain.http.request(url, {}, this.deadline), context),
      () => true,
    );
    if (!page) return undefined;
    return this.#fromPage(page, target.title, target.match, url, "details-page", context);
  }

  #fromPage(
    page: ParishPage,
    title: string,
    match: NameMatch,
    source: string,
    via: ContactVia,
    context: PageContext,
  ): ClerkContact | undefined {
    // The page's own "no email" is said below, naming the council.
    this.problems.push(...page.problems.filter((p) => p.code !== "no-email"));
    // Screened again here so a page parser that missed chrome or a district address cannot pass it on.
    const screened = screenEmails(page.email ? [page.email, ...(page.otherEmails ?? [])] : [], context);
    this.problems.push(...screened.problems);
    if (!screened.email) {
      this.problems.push({
        code: "no-email",
        message: `the Modern.Gov page of ${title} has no usable email address`,
      });
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

  /** A page parsed with this parish's allowed addresses is kept apart from the others'. */
  #keyed(url: string): string {
    return this.#allowed.length === 0 ? url : `${url}#allow=${[...this.#allowed].sort().join(",")}`;
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

  lookUp(parish: ParishRef, deadline: Deadline): Promise<ClerkLookup> {
    return new LookUp(parish, this, deadline).run();
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

function unique(problems: DirectoryProblem[]): DirectoryProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
