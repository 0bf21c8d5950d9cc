import type { ClerkLookup } from "./directory.js";

export interface CachedContact {
  /** What the directory said, including "no usable contact" (also worth remembering). */
  lookup: ClerkLookup;
  fetchedAt: string;
}

/** Clerk look-ups remembered between function invocations (DynamoDB in AWS and locally). */
export interface ContactCache {
  get(parishCode: string): Promise<CachedContact | undefined>;
  put(parishCode: string, entry: CachedContact): Promise<void>;
  /** Every remembered parish, by ONS code (the clerk directory page). */
  list(): Promise<Map<string, CachedContact>>;
}
