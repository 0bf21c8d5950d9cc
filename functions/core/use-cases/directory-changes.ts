import type { CachedContact } from "../ports/contact-cache.js";
import type { ContactSnapshot } from "../ports/directory-baseline.js";
import {
  type DirectoryProblem,
  type DirectoryProblemCode,
  noEmailReason,
  type ParishRef,
} from "../ports/directory.js";

/** What a refresh changed about one parish's clerk, as the weekly email tells district staff. */
export type DirectoryChangeKind =
  /** Reports used to go to the clerk; now there is no address, so they go to the district. */
  | "lost"
  /** The clerk's address is a different one now. */
  | "changed"
  /** An address was found where there was none (or the parish had not been checked before). */
  | "found"
  /** Same address (or still none), with problems it did not have before. */
  | "new-problems";

export interface DirectoryChange {
  parish: ParishRef;
  kind: DirectoryChangeKind;
  /** The address reports went to before, if any. */
  before?: string;
  /** The address reports go to now, if any. */
  after?: string;
  /** Why there is no address now (lost), in the words reports record when they go to the district. */
  reason?: string;
  /** The problems the refresh found that the previous entry did not have. */
  newProblems: DirectoryProblem[];
  /** Where the new entry was read from, for staff to check. */
  source?: string;
}

/** What the summary remembers of a cache entry: the address reports go to, and the problems. */
export function snapshotOf(entry: CachedContact): ContactSnapshot {
  const email = entry.lookup.contact?.email;
  return { ...(email ? { email } : {}), problems: entry.lookup.problems };
}

/**
 * Problems that are worth noting but need nobody to act: a parish with several addresses still has
 * one reports go to, and a part of Modern.Gov that failed this time (source-unavailable) says
 * nothing about the clerk. The weekly email and the directory page's "need attention" leave them out.
 */
const NO_ACTION: ReadonlySet<DirectoryProblemCode> = new Set(["several-addresses", "source-unavailable"]);

/** Whether staff need to act on a problem of this kind. */
export const needsAttention = (code: DirectoryProblemCode): boolean => !NO_ACTION.has(code);

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
const problemKey = (p: DirectoryProblem) => `${p.code} ${p.message}`;

/**
 * Compares what the last summary knew of a parish (nothing if it was never checked) with a fresh
 * cache entry: the change worth telling staff about, or undefined when nothing they act on changed.
 */
export function directoryChange(
  parish: ParishRef,
  previous: ContactSnapshot | undefined,
  current: CachedContact,
): DirectoryChange | undefined {
  const before = previous?.email;
  const after = current.lookup.contact?.email;
  const known = new Set((previous?.problems ?? []).map(problemKey));
  // Only problems staff act on: a transient "GetParishCouncils failed (HTTP 500)" on every parish
  // is not news about every parish.
  const newProblems = current.lookup.problems.filter(
    (p) => needsAttention(p.code) && !known.has(problemKey(p)),
  );
  const source = current.lookup.contact?.source;
  const base = { parish, newProblems, ...(source ? { source } : {}) };
  if (before && !after)
    return { ...base, kind: "lost", before, reason: noEmailReason(parish, current.lookup) };
  if (before && after && !sameAddress(before, after)) return { ...base, kind: "changed", before, after };
  if (!before && after) return { ...base, kind: "found", after };
  if (newProblems.length > 0)
    return { ...base, kind: "new-problems", ...(before ? { before } : {}), ...(after ? { after } : {}) };
  return undefined;
}
