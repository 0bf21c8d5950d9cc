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
  /** Sets (or replaces) the parish's override and records the change. */
  set(override: ClerkOverride): Promise<void>;
  /** Removes the override and records who did and why; false when there was none. */
  remove(parishCode: string, change: { actor: string; at: string; reason: string }): Promise<boolean>;
  /** The parish's changes, newest first. */
  history(parishCode: string): Promise<OverrideChange[]>;
}
