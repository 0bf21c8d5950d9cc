import type { Clock } from "../ports/clock.js";
import type { ClerkOverride, DirectoryOverrides } from "../ports/directory-overrides.js";
import type { ClerkContact, ClerkLookup, Directory, LookUpOptions, ParishRef } from "../ports/directory.js";

export interface OverriddenDirectoryOptions {
  /**
   * How long the overrides read are reused before reading them again. One read (a query) then serves
   * every parish, so a warm dispatch function adds no read per report; an override set or removed
   * in the case log reaches reports within this time. Default 30 seconds.
   */
  memoMs?: number;
  clock: Clock;
}

/**
 * The clerk directory with staff overrides first: a parish with an override gets it as its contact
 * (`via: "override"`, with who set it and when as its source), so dispatch and the digest send to it
 * and record where it came from; every other parish is looked up as before.
 */
export class OverriddenDirectory implements Directory {
  readonly #inner: Directory & { settle?: () => Promise<void> };
  readonly #overrides: Pick<DirectoryOverrides, "list">;
  readonly #options: OverriddenDirectoryOptions;
  #memo: { overrides: Promise<Map<string, ClerkOverride>>; until: number } | undefined;

  constructor(
    inner: Directory & { settle?: () => Promise<void> },
    overrides: Pick<DirectoryOverrides, "list">,
    options: OverriddenDirectoryOptions,
  ) {
    this.#inner = inner;
    this.#overrides = overrides;
    this.#options = options;
  }

  async lookUp(parish: ParishRef, options?: LookUpOptions): Promise<ClerkLookup> {
    const override = (await this.#current()).get(parish.code);
    if (override) return { contact: overrideContact(override), problems: [] };
    return this.#inner.lookUp(parish, options);
  }

  /** The inner directory's background refreshes (a Lambda handler awaits them before it returns). */
  async settle(): Promise<void> {
    await this.#inner.settle?.();
  }

  #current(): Promise<Map<string, ClerkOverride>> {
    const now = this.#options.clock.now().getTime();
    if (this.#memo && this.#memo.until > now) return this.#memo.overrides;
    const overrides = this.#overrides.list();
    this.#memo = { overrides, until: now + (this.#options.memoMs ?? 30_000) };
    // A failed read is not remembered: the next look-up reads again.
    overrides.catch(() => {
      if (this.#memo?.overrides === overrides) this.#memo = undefined;
    });
    return overrides;
  }
}

/** An override as a contact: its source says who set it and when, for the case's timeline. */
export function overrideContact(override: ClerkOverride): ClerkContact {
  return {
    councilName: override.councilName,
    email: override.email,
    ...(override.clerkName ? { clerkName: override.clerkName } : {}),
    ...(override.phone ? { phone: override.phone } : {}),
    source: `Override set by ${override.setBy} in the clerk directory on ${override.setAt}`,
    via: "override",
    fetchedAt: override.setAt,
  };
}
