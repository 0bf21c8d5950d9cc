import type { DirectoryProblem } from "./directory.js";

/** What the weekly summary compares for one parish: the address reports go to, and the problems. */
export interface ContactSnapshot {
  email?: string;
  problems: DirectoryProblem[];
}

/**
 * The directory as the last weekly summary left it, by ONS code. The summary compares with this,
 * not with the contact cache: dispatch refreshes the cache during the week, so the cache alone
 * would already hold most of what changed, and a summary that failed to send would be lost.
 */
export interface DirectoryBaseline {
  /** Undefined before the first summary. */
  get(): Promise<Map<string, ContactSnapshot> | undefined>;
  put(snapshots: Map<string, ContactSnapshot>, at: string): Promise<void>;
}
