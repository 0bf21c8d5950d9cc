/** A clerk's contact set by district staff; it wins over Modern.Gov until it is removed. */
export interface ClerkOverride {
  parishCode: string;
  councilName: string;
  email: string;
  clerkName?: string;
  phone?: string;
  /** Why staff set it, in their words (kept in the audit too). */
  reason: string;
  /** Who set it (their work email) and when. */
  setBy: string;
  setAt: string;
  /** Counts the parish's changes (set or removed); a change is made against the one staff saw. */
  version?: number;
}

/** Someone else set or removed the parish's override since the version the change was made against. */
export class OverrideConflictError extends Error {
  override name = "OverrideConflictError";
}

/** What staff may change about an override, as one audit entry records it before and after. */
export type OverrideValues = Pick<ClerkOverride, "councilName" | "email" | "clerkName" | "phone">;

/** One change to a parish's override, kept for good (no expiry). */
export interface OverrideChange {
  parishCode: string;
  action: "set" | "removed";
  actor: string;
  at: string;
  reason: string;
  /** The override before the change (absent when there was none). */
  before?: OverrideValues;
  /** The override after it (absent for a removal). */
  after?: OverrideValues;
}

/** Staff overrides of the clerk directory, each set and removal audited (DynamoDB). */
export interface DirectoryOverrides {
  get(parishCode: string): Promise<ClerkOverride | undefined>;
  /** Every parish's current override, by ONS code. */
  list(): Promise<Map<string, ClerkOverride>>;
  /**
   * Sets (or replaces) the parish's override and records the change. `expectedVersion` is the
   * version of the override staff saw (undefined: they saw none); otherwise OverrideConflictError.
   */
  set(override: ClerkOverride, expectedVersion?: number): Promise<void>;
  /**
   * Removes the override and records who did and why; false when there was none. Throws
   * OverrideConflictError when the override is no longer at `expectedVersion`.
   */
  remove(
    parishCode: string,
    change: { actor: string; at: string; reason: string },
    expectedVersion?: number,
  ): Promise<boolean>;
  /** The parish's changes, newest first. */
  history(parishCode: string): Promise<OverrideChange[]>;
}
