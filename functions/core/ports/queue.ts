/** A unit of dispatch work: send the case's report to its recipient. */
export interface DispatchJob {
  reference: string;
}

export interface Queue {
  send(job: DispatchJob): Promise<void>;
}
