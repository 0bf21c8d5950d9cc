import type { Case } from "../case/case.js";
import { event, type TimelineEvent } from "../case/timeline.js";
import type { Councils } from "../councils/councils.js";
import { distanceMetres } from "../geo.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { MarkPossibleDuplicates } from "../ports/send-budget.js";

export interface PossibleDuplicatesOptions {
  /** How near another report must be to count as the same place (default 50 m). */
  radiusMetres?: number;
  /** How long before this report another one may have come in (default 24 hours). */
  windowHours?: number;
  /** The most earlier cases of the same body read to compare (one bounded list read). */
  maxCandidates?: number;
}

export const DEFAULT_DUPLICATE_RADIUS_METRES = 50;
const DEFAULT_WINDOW_HOURS = 24;
const DEFAULT_MAX_CANDIDATES = 100;
/**
 * The most cases one report is marked against: the most recent near ones. Staff need a few to
 * compare, and a burst at one spot (a campaign, or a client repeating itself) then costs each
 * report at most twice this many writes, and no case's list grows past about this many.
 */
export const MAX_MARKED = 10;

/**
 * Finds the cases this one may repeat: the same service, sent to the same body, received within
 * `windowHours` before it and within `radiusMetres` of it. Both sides are marked (each with a
 * `possible-duplicate` event) and the references returned for the clerk's email; nothing is
 * suppressed. A pair staff have unlinked is not marked again. Marking is idempotent, so a second
 * dispatch of the same case changes nothing.
 */
export function createMarkPossibleDuplicates(
  deps: { caseStore: CaseStore; clock: Clock; councils: Pick<Councils, "first"> },
  options: PossibleDuplicatesOptions = {},
): MarkPossibleDuplicates {
  const radius = options.radiusMetres ?? DEFAULT_DUPLICATE_RADIUS_METRES;
  const windowMs = (options.windowHours ?? DEFAULT_WINDOW_HOURS) * 3_600_000;
  const limit = options.maxCandidates ?? DEFAULT_MAX_CANDIDATES;

  return async function markPossibleDuplicates(report: Case): Promise<string[]> {
    const received = Date.parse(report.createdAt);
    // The destination index, one partition, newest first: a bounded read however busy the body is.
    // Only the same council's cases (a case without one is the first council's).
    const { cases } = await deps.caseStore.listCases({
      council: report.council ?? deps.councils.first.id,
      destination: report.destination.code,
      service: report.service,
      from: new Date(received - windowMs).toISOString(),
      to: report.createdAt,
      limit,
    });
    const near = cases.filter(
      (other) =>
        other.reference !== report.reference &&
        other.service === report.service &&
        other.destination.code === report.destination.code &&
        distanceMetres(other.location, report.location) <= radius,
    );
    if (near.length === 0) return [];

    // Only on this rare path: the pairs staff have already said are not duplicates.
    const unlinked = unlinkedFrom(await deps.caseStore.timeline(report.reference));
    // Newest first, as listed: the most recent reports are the likeliest repeats.
    const found = near.filter((other) => !unlinked.has(other.reference)).slice(0, MAX_MARKED);
    const now = deps.clock.now();
    let current: Case = report;
    for (const other of found) {
      current = await changeMark(deps.caseStore, current, other.reference, "add", () =>
        event(now, "possible-duplicate", `Possible duplicate of ${other.reference}`, {
          other: other.reference,
        }),
      );
      await changeMark(deps.caseStore, other, report.reference, "add", () =>
        event(now, "possible-duplicate", `Possible duplicate of ${report.reference}`, {
          other: report.reference,
        }),
      );
    }
    return found.map((other) => other.reference).sort();
  };
}

/** The references a case's timeline says staff unlinked it from (and have not linked again since). */
function unlinkedFrom(timeline: TimelineEvent[]): Set<string> {
  const unlinked = new Set<string>();
  for (const e of timeline) {
    const other = e.data?.other;
    if (typeof other !== "string") continue;
    if (e.type === "duplicate-unlinked") unlinked.add(other);
    if (e.type === "duplicate-linked") unlinked.delete(other);
  }
  return unlinked;
}

/** Marks a case holds at most (a case repeated more often than this is a pattern staff will see). */
export const MAX_POSSIBLE_DUPLICATES = 50;

/** Conditional writes lost to a concurrent marking before giving up (each re-reads the case). */
const MARK_TRIES = 4;

/**
 * Adds `other` to the case's possible duplicates, or removes it, with the event `record` makes, in
 * one conditional write on the list as last read (`current` is the first guess, so the common case
 * reads nothing). Changes nothing, and records nothing, if the mark is already as asked. Returns
 * the case as it now is; a case that is gone is returned as given. Adds nothing to a case that
 * holds `MAX_POSSIBLE_DUPLICATES` already.
 */
export async function changeMark(
  store: CaseStore,
  current: Case,
  other: string,
  change: "add" | "remove",
  record: () => TimelineEvent,
): Promise<Case> {
  let known: Case | undefined = current;
  for (let attempt = 1; known; attempt++) {
    const held = known.possibleDuplicates ?? [];
    if (held.includes(other) === (change === "add")) return known;
    if (change === "add" && held.length >= MAX_POSSIBLE_DUPLICATES) return known;
    const next = change === "add" ? [...held, other] : held.filter((r) => r !== other);
    const updated = await store.setPossibleDuplicates(known.reference, held, next, [record()]);
    if (updated) return updated;
    if (attempt >= MARK_TRIES) throw new Error(`The possible duplicates of ${known.reference} kept changing`);
    known = await store.get(known.reference);
  }
  return current;
}
