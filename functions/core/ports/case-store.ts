import type { Case, CaseStatus, CaseUpdate, DeliveryState, Destination } from "../case/case.js";
import type { TimelineEvent } from "../case/timeline.js";

export interface CaseStore {
  /**
   * Stores a new case with its first events, in one write. Rejects with `DuplicateCaseError` if the
   * reference exists; given the submission's idempotency key (and the hash of its body), the case
   * keeps them, and the error says which key and hash the existing case was made under (read only
   * on that path).
   */
  create(report: Case, events: TimelineEvent[], options?: SubmissionKey): Promise<void>;
  get(reference: string): Promise<Case | undefined>;
  /**
   * The cases of many references at once (a status check of up to 1,000), as `get` would find each:
   * in the order given, each once however often it is named, missing or expired ones left out.
   */
  getMany(references: readonly string[]): Promise<Case[]>;
  /**
   * Applies a partial update to the case record, with `events` recorded in the same write, and
   * returns the updated case.
   */
  update(reference: string, update: CaseUpdate, events?: TimelineEvent[]): Promise<Case>;
  /**
   * Moves the staff status from `from` to `to` only if it is still `from` (a conditional write), and
   * the status counters with it. Undefined if the case has moved on (or is gone).
   */
  changeStatus(reference: string, from: CaseStatus, to: CaseStatus): Promise<Case | undefined>;
  /**
   * Adds events of any size or number (staff notes and reasons) to the timeline, beside the case.
   */
  appendEvents(reference: string, events: TimelineEvent[]): Promise<void>;
  /**
   * Adds a few short system events to the case itself, in one write that also reads it: the case as
   * it is now, or undefined (nothing recorded) if there is no such case.
   */
  recordEvents(reference: string, events: TimelineEvent[]): Promise<Case | undefined>;
  /**
   * Moves the delivery state only if it is currently one of `from` (a conditional write), applying
   * `update` and recording `events` with it; given `only.destination` (a body's code), also only if
   * the case is still with that body. Returns the updated case, or undefined (nothing written) if
   * the state or the destination had moved on.
   */
  transitionDelivery(
    reference: string,
    from: DeliveryState[],
    update: CaseUpdate & { delivery: DeliveryState },
    events?: TimelineEvent[],
    only?: { destination?: string },
  ): Promise<Case | undefined>;
  /**
   * Sets the case's possible duplicates to `next` only if they are still `expected` (a conditional
   * write, so two markings at once cannot lose one), recording `events` with it. The updated case,
   * or undefined (nothing written) if the list had changed or there is no such case.
   */
  setPossibleDuplicates(
    reference: string,
    expected: readonly string[],
    next: readonly string[],
    events?: TimelineEvent[],
  ): Promise<Case | undefined>;
  timeline(reference: string): Promise<TimelineEvent[]>;
  /**
   * Binds a client's idempotency key to a reference, once. Returns the reference that holds the key:
   * the one given if this call claimed it, else the one an earlier submission claimed.
   */
  claimIdempotencyKey(key: string, reference: string, expiresAt: number): Promise<string>;
  /**
   * As `claimIdempotencyKey`, for a report submission: the record also keeps the hash of the body
   * the key was first used with. Returns the claim that holds the key (this one, or an earlier one).
   */
  claimSubmissionKey(
    key: string,
    claim: { reference: string; bodyHash: string },
    expiresAt: number,
  ): Promise<{ reference: string; bodyHash?: string }>;
  /**
   * Cases of one council with one staff status, newest first, created within `[from, to]` (ISO instants, both
   * inclusive), optionally of one service only; at most `limit`. Reads the status index, never the
   * whole table.
   */
  listByStatus(query: CaseListQuery): Promise<Case[]>;
  /**
   * One page of one council's case log, newest first, with any of the filters of `CasePageQuery`. Reads
   * the destination index (one partition) or the status index (one partition per status), never
   * the whole table, and at most `MAX_READS_PER_PARTITION` queries a partition: a page thinned by
   * a filter may hold fewer than `limit` cases and still have a `next`. `cursor` is the `next` of
   * the page before.
   */
  listCases(query: CasePageQuery): Promise<CasePage>;
  /**
   * One council's cases received within `[from, to]` whose sending looks stalled since `untouchedSince`: still
   * `queued` and unchanged (a dispatch job may have been lost), or `sending` with a claim that old
   * (an attempt that died without a retry left). Reads the status index.
   */
  listAwaitingDispatch(query: {
    council: string;
    from: string;
    to: string;
    untouchedSince: string;
    limit: number;
  }): Promise<Case[]>;
  /**
   * How many of one council's cases hold each staff status, of those received on the London days of
   * `from` to `to` (ISO instants; default: all kept). Read from per-council, per-day counters kept
   * with every create and status change: one query.
   */
  countByStatus(range: CouncilRange): Promise<Record<CaseStatus, number>>;
}

/** A keyed submission: its key (scoped to the client and service) and its canonical body's hash. */
export interface SubmissionKey {
  idempotencyKey?: string;
  bodyHash?: string;
}

export const CASE_STATUSES: readonly CaseStatus[] = ["new", "in-progress", "closed"];

/**
 * Every list and count is of one council's cases (its id, core/councils): a case without
 * `council` is the first council's (docs/adr/0012-many-councils.md).
 */
export interface CouncilRange {
  council: string;
  from?: string;
  to?: string;
}

export interface CasePageQuery {
  council: string;
  status?: CaseStatus;
  /** One destination: a parish's or the district's code. */
  destination?: string;
  /** Only cases sent to a parish, only those the district handles, or only those sent to a body. */
  destinationKind?: Destination["kind"];
  service?: string;
  /** Only cases whose email has not gone: dead-lettered (`failed`) or `unconfirmed`. */
  notSent?: boolean;
  /** Received at or after / at or before these ISO instants. */
  from?: string;
  to?: string;
  /**
   * Search: the case's postcode starts with this, in the stored form ("ZX1 5ZB"; a district as
   * "ZX1 ", a sector as "ZX1 5": see `postcodeSearchPrefix`). Given with `road`, either may match.
   */
  postcodePrefix?: string;
  /** Search: the case's road name contains this, in lower case with single spaces (`searchableRoad`). */
  road?: string;
  limit: number;
  cursor?: string;
}

/** Bounds the DynamoDB calls behind one list page, whatever the filters. */
export const MAX_READS_PER_PARTITION = 3;

export interface CasePage {
  cases: Case[];
  /** Opaque; present when there are older cases. */
  next?: string;
}

/** Cursors are a case's index sort key: `<createdAt>#<reference>`. */
export const CURSOR_PATTERN = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[0-9A-Z-]{1,40}$/;

export const caseSortKey = (c: Pick<Case, "createdAt" | "reference">) => `${c.createdAt}#${c.reference}`;

export interface CaseListQuery {
  council: string;
  status: CaseStatus;
  from: string;
  to: string;
  service?: string;
  limit: number;
}
