import type { Case, CaseStatus, CaseUpdate, DeliveryState } from "../case/case.js";
import type { TimelineEvent } from "../case/timeline.js";

export interface CaseStore {
  /** Stores a new case and its first events. Rejects with `DuplicateCaseError` if the reference exists. */
  create(report: Case, events: TimelineEvent[]): Promise<void>;
  get(reference: string): Promise<Case | undefined>;
  /** Applies a partial update to the case record and returns the updated case. */
  update(reference: string, update: CaseUpdate): Promise<Case>;
  appendEvents(reference: string, events: TimelineEvent[]): Promise<void>;
  /**
   * Moves the delivery state only if it is currently one of `from` (a conditional write), applying
   * `update` with it. Returns the updated case, or undefined if the state had moved on.
   */
  transitionDelivery(
    reference: string,
    from: DeliveryState[],
    update: CaseUpdate & { delivery: DeliveryState },
  ): Promise<Case | undefined>;
  timeline(reference: string): Promise<TimelineEvent[]>;
  /**
   * Binds a client's idempotency key to a reference, once. Returns the reference that holds the key:
   * the one given if this call claimed it, else the one an earlier submission claimed.
   */
  claimIdempotencyKey(key: string, reference: string, expiresAt: number): Promise<string>;
  /**
   * Cases with one staff status, newest first, created within `[from, to]` (ISO instants, both
   * inclusive), optionally of one service only; at most `limit`. Reads the status index, never the
   * whole table.
   */
  listByStatus(query: CaseListQuery): Promise<Case[]>;
}

export interface CaseListQuery {
  status: CaseStatus;
  from: string;
  to: string;
  service?: string;
  limit: number;
}

export class DuplicateCaseError extends Error {
  override name = "DuplicateCaseError";
}
