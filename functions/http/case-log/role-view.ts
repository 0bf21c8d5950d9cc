import type { Case, Destination, Reporter } from "#core/case/case.js";
import { mayShareWith } from "#core/case/consent.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import { STAFF_REROUTE_RULE } from "#core/use-cases/staff-actions.js";
import { type TimelineWordsContext, timelineSentence, whoDidIt } from "./timeline-words.js";
import type { StaffIdentity } from "./token-verifier.js";

// What each role may see of a case. District staff see everything. A parish clerk sees what
// happened to the case, not the district's reasons, notes or officers (they may name residents and
// staff) unless staff marked an entry for the parish, and the resident's details only where the
// resident agreed to share them with the clerk's own council.

/** One line of the timeline as a page shows it. */
export interface TimelineLine {
  at: string;
  type: string;
  /** Who did it, in words ("You", "Signpost", "The resident", a clerk by email link, a staff email). */
  who: string;
  sentence: string;
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
 * out anything that may hold the resident's details), and without a staff re-route's reason.
 */
export function visibleCase(identity: StaffIdentity, report: Case): Case {
  if (identity.role === "staff") return report;
  const { reporter: _reporter, recipient: _recipient, fromClient: _fromClient, ...rest } = report;
  const reporter = visibleReporter(identity, report);
  const routing = { ...report.routing, reason: visibleRoutingReason(identity, report) };
  return { ...rest, routing, ...(reporter ? { reporter } : {}) };
}

/** The names of the councils the resident agreed to share their details with (staff view). */
export function sharedWithNames(
  report: Case,
  areas: readonly Destination[],
  name: (area: Destination) => string = (a) => a.name,
): string[] {
  return areas.filter((a) => a.kind === "parish" && mayShareWith(report, a)).map(name);
}

/**
 * The timeline in words for this person. District staff see every entry, with the staff's reasons,
 * who did it and the addresses and errors in its data. A clerk sees the case's history but not a
 * note unless it is theirs or marked for the parish, nor a status reason unless it is theirs or
 * marked, nor a re-route's reason, and sees other staff as "Council staff".
 */
export function visibleTimeline(
  timeline: TimelineEvent[],
  identity: StaffIdentity,
  words: TimelineWordsContext,
): TimelineLine[] {
  const me = actorOf(identity);
  if (identity.role === "staff") return timeline.map((e) => staffLine(e, me, words));
  return timeline
    .filter((e) => e.type !== "note" || e.actor === me || e.data?.visibleToParish === true)
    .map((e) => {
      const mine = e.actor === me;
      // A re-route's reason is the district's alone (a clerk cannot re-route).
      const staffText = e.type === "rerouted" ? mine : mine || e.data?.visibleToParish === true;
      return {
        at: e.at,
        type: e.type,
        // A resident's own update (from their app) is theirs, not the district's.
        who: whoDidIt(e.actor, me, false, words),
        sentence: timelineSentence(e, words, { staffText }),
      };
    });
}

function staffLine(e: TimelineEvent, me: string, words: TimelineWordsContext): TimelineLine {
  const details = [e.data?.recipients ?? e.data?.recipient, e.data?.error]
    .filter((v) => v !== undefined && v !== "")
    .join("; ");
  return {
    at: e.at,
    type: e.type,
    who: whoDidIt(e.actor, me, true, words),
    sentence: timelineSentence(e, words, { staffText: true }),
    ...(details ? { details } : {}),
  };
}

/**
 * Why the case went where it is, as this person may read it: a clerk is told that staff re-routed
 * it, not their reason (staff write about residents and officers freely).
 */
export function visibleRoutingReason(identity: StaffIdentity, report: Case): string {
  if (identity.role !== "staff" && report.routing.ruleId === STAFF_REROUTE_RULE) {
    return "Re-routed by district council staff";
  }
  return report.routing.reason;
}
