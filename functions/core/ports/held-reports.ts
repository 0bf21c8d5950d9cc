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
