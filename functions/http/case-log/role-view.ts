import type { Case, CaseStatus, Destination, Reporter } from "#core/case/case.js";
import { mayShareWith } from "#core/case/consent.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import type { StaffIdentity } from "./token-verifier.js";

// What each role may see of a case. District staff see everything. A parish clerk sees what
// happened to the case, not the district's reasons, notes or officers (they may name residents and
// staff) unless staff marked an entry for the parish, and the resident's details only where the
// resident agreed to share them with the clerk's own council.

/** One line of the timeline as a page shows it. */
export interface TimelineLine {
  at: string;
  type: string;
  actor: string;
  summary: string;
  /** Addresses and errors from the event's data: district staff only. */
  details?: string;
}

/** Who an action is recorded as: the person's work email, or their pool id if the token has none. */
export const actorOf = (identity: StaffIdentity) => identity.email ?? identity.sub;

/** Whether this person may have the resident's contact details (staff, or a clerk shared with). */
export function mayHaveContact(identity: StaffIdentity, report: Case): boolean {
  return identity.role === "staff" || mayShareWith(report, report.destination);
}

/** The resident's details, if this person may see them. */
export function visibleReporter(identity: StaffIdentity, report: Case): Reporter | undefined {
  return mayHaveContact(identity, report) ? report.reporter : undefined;
}

/**
 * The case as a page for this person may hold it: for a clerk, without the resident's details
 * unless shared with their council, without the address it was last emailed to, and without what
 * the Open311 client sent as it was stored (a clerk gets it through `clientDataView`, which leaves
 * out anything that may hold the resident's details).
 */
export function visibleCase(identity: StaffIdentity, report: Case): Case {
  if (identity.role === "staff") return report;
  const { reporter: _reporter, recipient: _recipient, fromClient: _fromClient, ...rest } = report;
  const reporter = visibleReporter(identity, report);
  return { ...rest, ...(reporter ? { reporter } : {}) };
}

/** The names of the councils the resident agreed to share their details with (staff view). */
export function sharedWithNames(report: Case, areas: readonly Destination[]): string[] {
  return areas.filter((a) => a.kind === "parish" && mayShareWith(report, a)).map((a) => a.name);
}

export function visibleTimeline(
  timeline: TimelineEvent[],
  identity: StaffIdentity,
  statusLabels: Record<CaseStatus, string>,
): TimelineLine[] {
  if (identity.role === "staff") return timeline.map(staffLine);
  const me = actorOf(identity);
  return timeline
    .filter((e) => e.type !== "note" || e.actor === me || e.data?.visibleToParish === true)
    .map((e) => ({
      at: e.at,
      type: e.type,
      // A resident's own update (from their app) is theirs, not the district's.
      actor:
        e.actor === "system" || e.actor === "resident" || e.actor === me ? e.actor : "district council staff",
      summary: clerkSummary(e, e.actor === me, statusLabels),
    }));
}

function staffLine(e: TimelineEvent): TimelineLine {
  const details = [e.data?.recipients ?? e.data?.recipient, e.data?.error]
    .filter((v) => v !== undefined && v !== "")
    .join("; ");
  return { at: e.at, type: e.type, actor: e.actor, summary: e.summary, ...(details ? { details } : {}) };
}

function clerkSummary(e: TimelineEvent, mine: boolean, statusLabels: Record<CaseStatus, string>): string {
  if (e.type === "status-changed" && !mine && e.data?.visibleToParish !== true) {
    const to = statusLabels[e.data?.to as CaseStatus];
    return to ? `Status changed to ${to}` : "Status changed";
  }
  if (e.type === "delivered" || e.type === "bounced") return deliverySummary(e);
  return e.summary;
}

/**
 * Delivery notices are recorded without addresses; ones recorded before that named whoever the
 * message went to (the resident too, for an acknowledgement), so a clerk sees them reworded.
 */
function deliverySummary(e: TimelineEvent): string {
  if (e.data?.message === "acknowledgement" || e.summary.startsWith("Report email")) return e.summary;
  if (e.type === "delivered") return "Email delivered";
  return e.summary.startsWith("Marked as spam") ? "Email marked as spam" : "Email bounced";
}
