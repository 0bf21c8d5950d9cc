/** Server-side state of a resident's journey through the form, keyed by a random session id. */
export interface SessionStore<T> {
  get(id: string): Promise<T | undefined>;
  /** Stores the whole state; it expires at `expiresAt` (epoch seconds). */
  put(id: string, data: T, expiresAt: number): Promise<void>;
}
