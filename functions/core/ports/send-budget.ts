/**
 * Daily caps on what Signpost emails, counted across every Lambda container (so not in memory).
 * A body past its cap still gets every report, in its daily digest; an address past its cap of
 * acknowledgements gets no more that day.
 */
export interface SendBudget {
  /** Takes one of today's individual report emails to this body (a parish or district code). */
  takeReportEmail(bodyCode: string, at: Date): Promise<boolean>;
  /** Takes one of today's acknowledgements to this address; false once the day's cap is reached. */
  takeAcknowledgement(address: string, at: Date): Promise<boolean>;
}
