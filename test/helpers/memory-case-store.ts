import { londonDate } from "#core/case/london-time.js";
import type { Case, CaseStatus, CaseUpdate, DeliveryState } from "#core/case/case.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import { DuplicateCaseError, NotFoundError } from "#core/errors.js";
import {
  CASE_STATUSES,
  type CaseListQuery,
  type CasePage,
  type CasePageQuery,
  type CaseStore,
  caseSortKey,
} from "#core/ports/case-store.js";

/** An in-memory CaseStore for unit tests of the core; the DynamoDB adapter has its own tests. */
export class MemoryCaseStore implements CaseStore {
  readonly cases = new Map<string, Case>();
  readonly events = new Map<string, TimelineEvent[]>();
  readonly keys = new Map<string, string>();

  async create(report: Case, events: TimelineEvent[]): Promise<void> {
    if (this.cases.has(report.reference)) throw new DuplicateCaseError(report.reference);
    this.cases.set(report.reference, structuredClone(report));
    this.events.set(report.reference, [...events]);
  }

  async get(reference: string): Promise<Case | undefined> {
    const found = this.cases.get(reference);
    return found && structuredClone(found);
  }

  async update(reference: string, update: CaseUpdate): Promise<Case> {
    const current = this.cases.get(reference);
    if (!current) throw new NotFoundError(reference);
    const next = { ...current, ...update };
    this.cases.set(reference, next);
    return structuredClone(next);
  }

  async changeStatus(reference: string, from: CaseStatus, to: CaseStatus): Promise<Case | undefined> {
    const current = this.cases.get(reference);
    if (!current || current.status !== from) return undefined;
    const next = { ...current, status: to };
    this.cases.set(reference, next);
    return structuredClone(next);
  }

  async transitionDelivery(
    reference: string,
    from: DeliveryState[],
    update: CaseUpdate & { delivery: DeliveryState },
  ): Promise<Case | undefined> {
    const current = this.cases.get(reference);
    if (!current || !from.includes(current.delivery)) return undefined;
    return this.update(reference, update);
  }

  async appendEvents(reference: string, events: TimelineEvent[]): Promise<void> {
    this.events.get(reference)?.push(...events);
  }

  async claimIdempotencyKey(key: string, reference: string): Promise<string> {
    const held = this.keys.get(key);
    if (held) return held;
    this.keys.set(key, reference);
    return reference;
  }

  async timeline(reference: string): Promise<TimelineEvent[]> {
    return [...(this.events.get(reference) ?? [])];
  }

  async listByStatus(query: CaseListQuery): Promise<Case[]> {
    return [...this.cases.values()]
      .filter((c) => c.status === query.status && (!query.service || c.service === query.service))
      .filter((c) => c.createdAt >= query.from && c.createdAt <= query.to)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .slice(0, query.limit)
      .map((c) => structuredClone(c));
  }

  async listAwaitingDispatch(query: {
    from: string;
    to: string;
    untouchedSince: string;
    limit: number;
  }): Promise<Case[]> {
    return [...this.cases.values()]
      .filter(
        (c) =>
          c.updatedAt < query.untouchedSince &&
          (c.delivery === "queued" ||
            (c.delivery === "sending" && (c.sendingSince ?? "") < query.untouchedSince)) &&
          c.createdAt >= query.from &&
          c.createdAt <= query.to,
      )
      .sort((a, b) => caseSortKey(a).localeCompare(caseSortKey(b)))
      .slice(0, query.limit)
      .map((c) => structuredClone(c));
  }

  async listCases(query: CasePageQuery): Promise<CasePage> {
    const matching = [...this.cases.values()]
      .filter(
        (c) =>
          (!query.status || c.status === query.status) &&
          (!query.destination || c.destination.code === query.destination) &&
          (!query.destinationKind || c.destination.kind === query.destinationKind) &&
          (!query.service || c.service === query.service) &&
          (!query.notSent || c.delivery === "failed" || c.delivery === "unconfirmed") &&
          (!query.from || c.createdAt >= query.from) &&
          (!query.to || c.createdAt <= query.to),
      )
      .filter((c) => !query.cursor || caseSortKey(c) < query.cursor)
      .sort((a, b) => caseSortKey(b).localeCompare(caseSortKey(a)));
    const cases = matching.slice(0, query.limit).map((c) => structuredClone(c));
    const last = cases.at(-1);
    return { cases, ...(matching.length > query.limit && last ? { next: caseSortKey(last) } : {}) };
  }

  async countByStatus(range: { from?: string; to?: string } = {}): Promise<Record<CaseStatus, number>> {
    const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
    for (const c of this.cases.values()) {
      const day = londonDate(c.createdAt);
      if ((!range.from || day >= londonDate(range.from)) && (!range.to || day <= londonDate(range.to))) {
        counts[c.status] += 1;
      }
    }
    return counts;
  }
}
