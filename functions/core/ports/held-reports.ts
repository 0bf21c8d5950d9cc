/** A report held over its body's daily cap, waiting for that body's daily digest. */
export interface HeldReport {
  /** The body whose cap it was over (a parish's or the district's code). */
  bodyCode: string;
  reference: string;
  /** The London day (`YYYY-MM-DD`) it was held on. */
  day: string;
}

/** The holds the daily digest works through (written by the send budget when a body is over its cap). */
export interface HeldReports {
  /** Holds of `throughDay` (a London date) and every day before it, oldest first, at most `limit`. */
  pending(throughDay: string, limit: number): Promise<HeldReport[]>;
  /** Forgets a hold once its case is in a digest sent (or is no longer held). */
  done(held: HeldReport): Promise<void>;
}

/**
 * Which cases each digest email carried, so the provider's word about the digest (a permanent
 * bounce above all) reaches every case in it: a digest names no case in its own tags.
 */
export interface DigestContents {
  /** Records the cases a digest email carried, once it is sent. */
  record(digest: string, references: readonly string[]): Promise<void>;
  /** The cases a digest carried; empty for a digest unknown or past keeping. */
  referencesOf(digest: string): Promise<string[]>;
}
