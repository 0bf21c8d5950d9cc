import type { ClerkContact } from "./directory.js";

export interface CachedContact {
  /** null: the directory was asked and had no usable contact (also worth remembering). */
  contact: ClerkContact | null;
  fetchedAt: string;
}

/** Clerk contacts remembered between function invocations (DynamoDB in AWS and locally). */
export interface ContactCache {
  get(parishCode: string): Promise<CachedContact | undefined>;
  put(parishCode: string, entry: CachedContact): Promise<void>;
}
