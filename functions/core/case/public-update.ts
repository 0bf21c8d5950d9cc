import type { CaseStatus } from "./case.js";

/**
 * What the public are told about a case, as FixMyStreet and other Open311 clients show it: staff
 * write it when they change a case's status, apart from the internal reason. Only these are served
 * (`servicerequestupdates`); notes and reasons never are.
 */
export type PublicStatus =
  | "open"
  | "investigating"
  | "in-progress"
  | "action-scheduled"
  | "fixed"
  | "not-councils-responsibility"
  | "duplicate"
  | "no-further-action"
  | "closed";

export interface PublicStatusInfo {
  /** The words officers choose from, as the public read them. */
  label: string;
  /** GeoReport v2 / mySociety's code, which FixMyStreet's `map_state` reads. */
  open311: string;
  /** The case status it can go with: a closed case is not "in progress" to the public. */
  fits: CaseStatus;
}

/** In the order officers are offered them. */
export const PUBLIC_STATUSES: Record<PublicStatus, PublicStatusInfo> = {
  open: { label: "Open", open311: "OPEN", fits: "new" },
  investigating: { label: "Investigating", open311: "INVESTIGATING", fits: "in-progress" },
  "in-progress": { label: "In progress", open311: "IN_PROGRESS", fits: "in-progress" },
  "action-scheduled": { label: "Action scheduled", open311: "ACTION_SCHEDULED", fits: "in-progress" },
  fixed: { label: "Fixed", open311: "FIXED", fits: "closed" },
  "not-councils-responsibility": {
    label: "Not the council's responsibility",
    open311: "NOT_COUNCILS_RESPONSIBILITY",
    fits: "closed",
  },
  duplicate: { label: "Duplicate", open311: "DUPLICATE", fits: "closed" },
  "no-further-action": { label: "No further action", open311: "NO_FURTHER_ACTION", fits: "closed" },
  closed: { label: "Closed", open311: "CLOSED", fits: "closed" },
};

/** What the public are told when staff do not choose. */
export const DEFAULT_PUBLIC_STATUS: Record<CaseStatus, PublicStatus> = {
  new: "open",
  "in-progress": "in-progress",
  closed: "closed",
};

/** The public statuses that may go with a case status, in the order they are offered. */
export function publicStatusesFor(status: CaseStatus): PublicStatus[] {
  return (Object.keys(PUBLIC_STATUSES) as PublicStatus[]).filter((s) => PUBLIC_STATUSES[s].fits === status);
}

/** Own keys only: `in` would accept "constructor" or "toString". */
export const isPublicStatus = (value: string): value is PublicStatus => Object.hasOwn(PUBLIC_STATUSES, value);

export interface PublicUpdate {
  /** Unique and never reused: clients de-duplicate by it. */
  updateId: string;
  /** The case's council: a client polls one council's updates. Absent as on the case (the first's). */
  council?: string;
  /** The case's reference (its Open311 `service_request_id`). */
  reference: string;
  status: PublicStatus;
  text: string;
  /**
   * ISO instant, to the millisecond, so updates keep the order they were written in. Clients are
   * given it to the second (GeoReport's date-times), which their window checks compare.
   */
  at: string;
  /** The case's retention (epoch seconds): the update goes with it. */
  retainUntil: number;
}
