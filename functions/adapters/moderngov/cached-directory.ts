import { UpstreamError } from "#core/errors.js";
import type { CachedContact, ContactCache } from "#core/ports/contact-cache.js";
import type { ClerkLookup, Directory, LookUpOptions, ParishRef } from "#core/ports/directory.js";

export interface CachedDirectoryOptions {
  /** A contact younger than this is used without asking the directory. Default 24 h. */
  freshMs?: number;
  /** Up to this age a stale contact is used at once and refreshed in the background. Default 7 days. */
  staleWhileRevalidateMs?: number;
  now?: () => Date;
}

/**
 * Clerk contacts with a shared cache in front of the directory: fresh entries are used as they are;
 * stale ones are used at once while a refresh runs (stale-while-revalidate); older ones are
 * refreshed first, and used anyway if the directory cannot be reached (stale-if-error). A parish
 * with no contact is remembered too, so a broken directory page is not fetched for every report.
 */
export class CachedDirectory implements Directory {
  readonly #inner: Directory;
  readonly #cache: ContactCache;
  readonly #freshMs: number;
  readonly #swrMs: number;
  readonly #now: () => Date;
  readonly #background = new Set<Promise<unknown>>();

  constructor(inner: Directory, cache: ContactCache, options: CachedDirectoryOptions = {}) {
    this.#inner = inner;
    this.#cache = cache;
    this.#freshMs = options.freshMs ?? 24 * 60 * 60 * 1000;
    this.#swrMs = options.staleWhileRevalidateMs ?? 7 * 24 * 60 * 60 * 1000;
    this.#now = options.now ?? (() => new Date());
  }

  async lookUp(parish: ParishRef, options: LookUpOptions = {}): Promise<ClerkLookup> {
    if (options.fresh) return withFetchedAt(await this.refresh(parish, options));
    const cached = await this.#cache.get(parish.code);
    const age = cached ? this.#now().getTime() - Date.parse(cached.fetchedAt) : Infinity;
    if (cached && age < this.#freshMs) return withFetchedAt(cached);
    if (cached && age < this.#swrMs) {
      const refresh = this.#ask(parish, {}).catch(() => undefined);
      this.#background.add(refresh);
      void refresh.finally(() => this.#background.delete(refresh));
      return withFetchedAt(cached);
    }
    try {
      return withFetchedAt(await this.#ask(parish, options));
    } catch (error) {
      if (cached && error instanceof UpstreamError) return withFetchedAt(cached);
      throw error;
    }
  }

  /** Background refreshes still running; a Lambda handler awaits this before it returns. */
  async settle(): Promise<void> {
    await Promise.all([...this.#background]);
  }

  /**
   * Asks the directory now, past every cache (the directory page's "refresh now", the weekly
   * refresh), and remembers the answer; `deadlineMs` bounds the look-up itself. A run over every
   * parish passes its start as `freshSince`, so each shared source is read once in the run.
   */
  refresh(
    parish: ParishRef,
    options: Pick<LookUpOptions, "deadlineMs" | "freshSince"> = {},
  ): Promise<CachedContact> {
    return this.#ask(parish, { ...options, fresh: true });
  }

  /** A look-up for dispatch and the digest may use the directory's own cached sources. */
  async #ask(parish: ParishRef, options: LookUpOptions): Promise<CachedContact> {
    const lookup = await this.#inner.lookUp(parish, options);
    const entry: CachedContact = { lookup, fetchedAt: this.#now().toISOString() };
    await this.#cache.put(parish.code, entry);
    return entry;
  }
}

function withFetchedAt(entry: CachedContact): ClerkLookup {
  const { contact, problems } = entry.lookup;
  return contact ? { contact: { ...contact, fetchedAt: entry.fetchedAt }, problems } : { problems };
}
