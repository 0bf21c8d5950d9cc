import type { Case } from "../case/case.js";

/**
 * Daily caps on what Signpost emails, counted across every Lambda container (so not in memory).
 * A body past its cap still gets every report, in its daily digest; an address past its cap of
 * acknowledgements gets no more that day.
 */
export interface SendBudget {
  /**
   * Takes one of today's individual report emails to this body (a parish or district code). False
   * once the day's cap is reached: the budget has then put `reference` in the body's next digest,
   * and the caller marks the case `held`.
   */
  takeReportEmail(bodyCode: string, reference: string, at: Date): Promise<boolean>;
  /** Takes one of today's acknowledgements to this address; false once the day's cap is reached. */
  takeAcknowledgement(address: string, at: Date): Promise<boolean>;
  /**
   * Takes one of today's progress emails to this address, a cap of its own: a resident with several
   * reports in a day still hears about each, and acknowledgements never use it up. False once reached.
   */
  takeProgressEmail(address: string, at: Date): Promise<boolean>;
}

/**
 * Finds earlier cases this one may repeat (same service and body, near, within a day), marks both
 * sides, and returns their references for the clerk's email. Never suppresses anything.
 */
export type MarkPossibleDuplicates = (report: Case) => Promise<string[]>;
