import { searchablePostcode, searchableRoad } from "#core/case/case-search.js";
import type { Case, CaseStatus, CaseUpdate, DeliveryState } from "#core/case/case.js";
import { londonDate } from "#core/case/london-time.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import { DuplicateCaseError, NotFoundError } from "#core/errors.js";
import {
  CASE_STATUSES,
  type CaseListQuery,
  type CasePage,
  type CasePageQuery,
  type CaseStore,
  caseSortKey,
  type CouncilRange,
  type SubmissionKey,
} from "#core/ports/case-store.js";

const newestFirst = (a: Case, b: Case) => caseSortKey(b).localeCompare(caseSortKey(a));
/** The case list's search: a postcode prefix or a road name part (either, when both are given). */
export function matchesSearch(c: Case, query: Pick<CasePageQuery, "postcodePrefix" | "road">): boolean {
  if (!query.postcodePrefix && !query.road) return true;
  const postcode = searchablePostcode(c.location.postcode);
  const road = searchableRoad(c.location.roadName);
  return Boolean(
    (query.postcodePrefix && postcode?.startsWith(query.postcodePrefix)) ||
    (query.road && road?.includes(query.road)),
  );
}
/** The first council of the tests' one-council config ("Exampleshire Vale" as a slug). */
export const TEST_FIRST_COUNCIL = "exampleshire-vale";

const zeroCounts = () => Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;

/**
 * An in-memory CaseStore for unit tests of the core. It behaves as DynamoCaseStore does (the shared
 * contract suite in test/adapters runs against both): writes stamp `updatedAt`, cases past their
 * retention date are hidden, events read back in time order, and undefined fields in an update
 * leave the stored ones as they are.
 */
export class MemoryCaseStore implements CaseStore {
  readonly cases = new Map<string, Case>();
  readonly events = new Map<string, TimelineEvent[]>();
  readonly keys = new Map<string, string>();
  /** The body hash each submission key was claimed with (beside `keys`). */
  readonly keyHashes = new Map<string, string>();
  /** When each claimed key expires (epoch seconds); a key past it is free again. */
  readonly keyExpiries = new Map<string, number>();
  readonly #now: () => Date;
  readonly #firstCouncil: string;

  /** `firstCouncil`: whose cases those without `council` are (as DynamoCaseStore's option). */
  constructor(options: { now?: () => Date; firstCouncil?: string } = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#firstCouncil = options.firstCouncil ?? TEST_FIRST_COUNCIL;
  }

  /** Whether a case is one council's, as the index partitions of DynamoCaseStore hold it. */
  #ofCouncil(council: string) {
    return (c: Case) => (c.council ?? this.#firstCouncil) === council;
  }

  /** The idempotency key (and body hash) each keyed case was made under. */
  readonly caseKeys = new Map<string, SubmissionKey>();

  async create(report: Case, events: TimelineEvent[], options: SubmissionKey = {}): Promise<void> {
    const existing = this.cases.get(report.reference);
    if (existing) {
      const live = this.#live(report.reference);
      const { idempotencyKey, bodyHash } = this.caseKeys.get(report.reference) ?? {};
      throw new DuplicateCaseError(report.reference, {
        ...(options.idempotencyKey && live
          ? {
              existing: {
                createdAt: live.createdAt,
                ...(idempotencyKey ? { idempotencyKey } : {}),
                ...(bodyHash ? { bodyHash } : {}),
              },
            }
          : {}),
      });
    }
    this.cases.set(report.reference, structuredClone(report));
    if (options.idempotencyKey) {
      this.caseKeys.set(report.reference, {
        idempotencyKey: options.idempotencyKey,
        ...(options.bodyHash ? { bodyHash: options.bodyHash } : {}),
      });
    }
    await this.appendEvents(report.reference, events);
  }

  async get(reference: string): Promise<Case | undefined> {
    const found = this.#live(reference);
    return found && structuredClone(found);
  }

  async getMany(references: readonly string[]): Promise<Case[]> {
    return [...new Set(references)].flatMap((reference) => {
      const found = this.#live(reference);
      return found ? [structuredClone(found)] : [];
    });
  }

  async update(reference: string, update: CaseUpdate, events: TimelineEvent[] = []): Promise<Case> {
    const updated = this.#apply(reference, update);
    if (!updated) throw new NotFoundError(reference);
    await this.appendEvents(reference, events);
    return updated;
  }

  async changeStatus(reference: string, from: CaseStatus, to: CaseStatus): Promise<Case | undefined> {
    const current = this.#live(reference);
    if (current?.status !== from) return undefined;
    const now = this.#now().toISOString();
    return this.#apply(reference, {
      status: to,
      firstActionAt: current.firstActionAt ?? now,
      ...(to === "closed" ? { closedAt: now } : {}),
    });
  }

  async transitionDelivery(
    reference: string,
    from: DeliveryState[],
    update: CaseUpdate & { delivery: DeliveryState },
    events: TimelineEvent[] = [],
    only: { destination?: string } = {},
  ): Promise<Case | undefined> {
    const current = this.#live(reference);
    if (!current || !from.includes(current.delivery)) return undefined;
    if (only.destination !== undefined && current.destination.code !== only.destination) return undefined;
    const updated = this.#apply(reference, update);
    await this.appendEvents(reference, events);
    return updated;
  }

  async setPossibleDuplicates(
    reference: string,
    expected: readonly string[],
    next: readonly string[],
    events: TimelineEvent[] = [],
  ): Promise<Case | undefined> {
    const current = this.#live(reference);
    if (!current) return undefined;
    const held = current.possibleDuplicates ?? [];
    if (held.length !== expected.length || held.some((r, i) => r !== expected[i])) return undefined;
    const updated = this.#apply(reference, { possibleDuplicates: [...next] });
    await this.appendEvents(reference, events);
    return updated;
  }

  async recordEvents(reference: string, events: TimelineEvent[]): Promise<Case | undefined> {
    const found = this.#live(reference);
    if (!found) return undefined;
    await this.appendEvents(reference, events);
    return structuredClone(found);
  }

  async appendEvents(reference: string, events: TimelineEvent[]): Promise<void> {
    this.events.set(reference, [...(this.events.get(reference) ?? []), ...structuredClone(events)]);
  }

  async claimIdempotencyKey(key: string, reference: string, expiresAt: number): Promise<string> {
    return (await this.#claim(key, { reference }, expiresAt)).reference;
  }

  claimSubmissionKey(
    key: string,
    claim: { reference: string; bodyHash: string },
    expiresAt: number,
  ): Promise<{ reference: string; bodyHash?: string }> {
    return this.#claim(key, claim, expiresAt);
  }

  async #claim(
    key: string,
    claim: { reference: string; bodyHash?: string },
    expiresAt: number,
  ): Promise<{ reference: string; bodyHash?: string }> {
    const held = this.keys.get(key);
    const expired = (this.keyExpiries.get(key) ?? Infinity) * 1000 < this.#now().getTime();
    if (held && !expired) {
      const bodyHash = this.keyHashes.get(key);
      return { reference: held, ...(bodyHash ? { bodyHash } : {}) };
    }
    this.keys.set(key, claim.reference);
    if (claim.bodyHash) this.keyHashes.set(key, claim.bodyHash);
    else this.keyHashes.delete(key);
    this.keyExpiries.set(key, expiresAt);
    return claim;
  }

  async timeline(reference: string): Promise<TimelineEvent[]> {
    const found = this.cases.get(reference);
    if (found && this.#expired(found)) return [];
    // Stored under keys of time then sequence: by time, and in the order appended within one.
    return [...(this.events.get(reference) ?? [])].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  }

  async listByStatus(query: CaseListQuery): Promise<Case[]> {
    return this.#all()
      .filter(this.#ofCouncil(query.council))
      .filter((c) => c.status === query.status && (!query.service || c.service === query.service))
      .filter((c) => c.createdAt >= query.from && c.createdAt <= query.to)
      .sort(newestFirst)
      .slice(0, query.limit);
  }

  async listAwaitingDispatch(query: {
    council: string;
    from: string;
    to: string;
    untouchedSince: string;
    limit: number;
  }): Promise<Case[]> {
    const stalled = this.#all()
      .filter(this.#ofCouncil(query.council))
      .filter(
        (c) =>
          c.updatedAt < query.untouchedSince &&
          (c.delivery === "queued" ||
            (c.delivery === "sending" && (c.sendingSince ?? "") < query.untouchedSince)) &&
          c.createdAt >= query.from &&
          c.createdAt <= query.to,
      );
    // As the status index is read: the newest `limit` of each status, then the oldest of those.
    return CASE_STATUSES.flatMap((status) =>
      stalled
        .filter((c) => c.status === status)
        .sort(newestFirst)
        .slice(0, query.limit),
    )
      .sort((a, b) => caseSortKey(a).localeCompare(caseSortKey(b)))
      .slice(0, query.limit);
  }

  async listCases(query: CasePageQuery): Promise<CasePage> {
    const matching = this.#all()
      .filter(this.#ofCouncil(query.council))
      .filter(
        (c) =>
          (!query.status || c.status === query.status) &&
          (!query.destination || c.destination.code === query.destination) &&
          (!query.destinationKind || c.destination.kind === query.destinationKind) &&
          (!query.service || c.service === query.service) &&
          (!query.notSent || c.delivery === "failed" || c.delivery === "unconfirmed") &&
          (!query.from || c.createdAt >= query.from) &&
          (!query.to || c.createdAt <= query.to) &&
          matchesSearch(c, query),
      )
      .filter((c) => !query.cursor || caseSortKey(c) < query.cursor)
      .sort(newestFirst);
    const cases = matching.slice(0, query.limit);
    const last = cases.at(-1);
    return { cases, ...(matching.length > query.limit && last ? { next: caseSortKey(last) } : {}) };
  }

  /**
   * As the per-day counters count: every case received that day, until the day's counter expires
   * with the retention date of the last case created on it.
   */
  async countByStatus(range: CouncilRange): Promise<Record<CaseStatus, number>> {
    const days = new Map<string, { counts: Record<CaseStatus, number>; retainUntil: number }>();
    for (const c of [...this.cases.values()].filter(this.#ofCouncil(range.council))) {
      const day = days.get(londonDate(c.createdAt)) ?? { counts: zeroCounts(), retainUntil: 0 };
      day.counts[c.status] += 1;
      day.retainUntil = c.retainUntil;
      days.set(londonDate(c.createdAt), day);
    }
    const counts = zeroCounts();
    for (const [day, { counts: ofDay, retainUntil }] of days) {
      if (range.from && day < londonDate(range.from)) continue;
      if (range.to && day > londonDate(range.to)) continue;
      if (this.#expired({ retainUntil })) continue;
      for (const status of CASE_STATUSES) counts[status] += ofDay[status];
    }
    return counts;
  }

  /** Sets the defined fields and stamps `updatedAt`; undefined if there is no live case. */
  #apply(reference: string, fields: Partial<Case>): Case | undefined {
    const current = this.#live(reference);
    if (!current) return undefined;
    const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    const next = { ...current, ...structuredClone(defined), updatedAt: this.#now().toISOString() };
    this.cases.set(reference, next);
    return structuredClone(next);
  }

  #live(reference: string): Case | undefined {
    const found = this.cases.get(reference);
    return found && !this.#expired(found) ? found : undefined;
  }

  /** Copies of the cases not past their retention date (which DynamoDB TTL would have deleted). */
  #all(): Case[] {
    return [...this.cases.values()].filter((c) => !this.#expired(c)).map((c) => structuredClone(c));
  }

  #expired(c: Pick<Case, "retainUntil">): boolean {
    return c.retainUntil * 1000 < this.#now().getTime();
  }
}
