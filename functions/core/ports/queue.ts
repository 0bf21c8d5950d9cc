import type { PublicStatus } from "../case/public-update.js";

/**
 * A unit of dispatch work: send the case's report to its recipient or, with `residentUpdate`, email
 * the resident who asked for progress that public update. The update rides in the job (its text is
 * public already), so the job needs no read of the updates and can go before the timeline entry.
 */
export interface DispatchJob {
  reference: string;
  residentUpdate?: ResidentUpdateJob;
  /**
   * Email the report's public status to the address given with it: asked for on "Check your
   * report" by someone who typed that address (see check-report.ts). Nothing else rides in the job.
   */
  statusEmail?: true;
}

export interface ResidentUpdateJob {
  /** The public update's id: the resident is emailed once per update, however often it is queued. */
  updateId: string;
  status: PublicStatus;
  text: string;
}

export interface Queue {
  send(job: DispatchJob): Promise<void>;
}
