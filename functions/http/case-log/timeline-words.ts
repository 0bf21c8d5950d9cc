import type { CaseStatus } from "#core/case/case.js";
import { isPublicStatus, PUBLIC_STATUSES } from "#core/case/public-update.js";
import type { TimelineEvent, TimelineEventType } from "#core/case/timeline.js";
import { clerkLinkBodyOf } from "#core/links/clerk-actor.js";
import { WITHOUT_CONTACT } from "#core/use-cases/staff-actions.js";
import { statusLabels } from "./labels.js";

/**
 * A timeline entry as a sentence an officer reads, made when the page is shown from the event's
 * type and the codes in its data, so entries stored before these words read as well as new ones.
 * Where the stored summary is already plain words (and may hold what the data does not: a
 * council's name, a provider's reason) it is used as it is.
 */

export interface TimelineWordsContext {
  /** A body's name for an area code ("Ashcombe Parish Council"), if the district has the area. */
  bodyName: (code: string) => string | undefined;
  /** A body's name for an area named in an older summary. */
  bodyNameForArea: (name: string) => string | undefined;
}

/** How the page may word one event: with the staff's own words (a reason) or without them. */
export interface WordsOptions {
  staffText: boolean;
}

type Words = (e: TimelineEvent, ctx: TimelineWordsContext, options: WordsOptions) => string;

const text = (e: TimelineEvent, key: string): string | undefined => {
  const value = e.data?.[key];
  return value === undefined || value === "" ? undefined : String(value);
};

/** What follows the summary's first ": " (a reason after a fixed opening), if anything. */
const afterColon = (summary: string): string | undefined => {
  const at = summary.indexOf(": ");
  return at < 0 ? undefined : summary.slice(at + 2) || undefined;
};

/** "Emailed to X…" becomes "Report emailed to X…": it is the report, not the acknowledgement. */
const reportEmailed = (summary: string): string =>
  summary.startsWith("Emailed to ") ? `Report e${summary.slice(1)}` : summary;

const body = (ctx: TimelineWordsContext, code: string | undefined): string =>
  (code && ctx.bodyName(code)) ?? code ?? "another council";

const withReason = (sentence: string, reason: string | undefined, options: WordsOptions): string =>
  options.staffText && reason ? `${sentence}: ${reason}` : sentence;

function statusChanged(e: TimelineEvent, _ctx: TimelineWordsContext, options: WordsOptions): string {
  const from = statusLabels[text(e, "from") as CaseStatus];
  const to = statusLabels[text(e, "to") as CaseStatus];
  if (!to) return withReason("Status changed", afterColon(e.summary), options);
  // Stored as "Status <from> → <to>: <reason>"; the reason is what follows that opening.
  const opening = `Status ${text(e, "from")} → ${text(e, "to")}: `;
  const reason = e.summary.startsWith(opening) ? e.summary.slice(opening.length) : afterColon(e.summary);
  if (!options.staffText) return `Status changed to ${to}`;
  return withReason(
    from ? `Status changed from ${from} to ${to}` : `Status changed to ${to}`,
    reason,
    options,
  );
}

function rerouted(e: TimelineEvent, ctx: TimelineWordsContext, options: WordsOptions): string {
  const from = body(ctx, text(e, "from"));
  const to = body(ctx, text(e, "to"));
  if (e.data?.bounced !== undefined) {
    return `Re-routed from ${from} to ${to} because the parish clerk's email address bounced`;
  }
  if (e.actor === "system") {
    // Dispatch's fallback: "Sent to <name> instead: <why>", the why being Signpost's, not staff's.
    const why = afterColon(e.summary);
    return why ? `Sent to ${to} instead of ${from}: ${why}` : `Sent to ${to} instead of ${from}`;
  }
  const without = e.summary.includes(WITHOUT_CONTACT) ? WITHOUT_CONTACT : "";
  return withReason(`Re-routed from ${from} to ${to}${without}`, afterColon(e.summary), options);
}

/** Delivery notices: older ones named whoever the message went to, so they are reworded. */
function delivery(e: TimelineEvent): string {
  if (e.data?.message === "acknowledgement" || e.data?.message === "resident-update") return e.summary;
  if (e.summary.startsWith("Report email")) return e.summary;
  if (e.type === "delivered") return "Email delivered";
  return e.summary.startsWith("Marked as spam") ? "Email marked as spam" : "Email bounced";
}

function submitted(e: TimelineEvent, ctx: TimelineWordsContext): string {
  const routedTo = /; routed to (.+)$/.exec(e.summary)?.[1];
  if (!routedTo) return "Report received";
  return `Report received, for ${ctx.bodyNameForArea(routedTo) ?? routedTo}`;
}

/** A public status's label from an event's data, as the public read it. */
const publicLabel = (e: TimelineEvent): string => {
  const status = text(e, "status") ?? "";
  return isPublicStatus(status) ? PUBLIC_STATUSES[status].label : status;
};

const other = (e: TimelineEvent) => text(e, "other") ?? "another case";

/** Every type of event has its words: a type added without them fails the type check and a test. */
export const TIMELINE_WORDS: Record<TimelineEventType, Words> = {
  submitted,
  signposted: (e) => e.summary,
  queued: () => "Queued to be emailed",
  rerouted,
  sent: (e) => reportEmailed(e.summary),
  "send-failed": (e) => e.summary,
  "send-unconfirmed": () =>
    "An attempt to send the report stopped before it was recorded, so the email may have gone. It is not sent again by itself: check, then send it again if needed",
  "dead-lettered": (e) =>
    text(e, "attempts")
      ? `Not sent after ${text(e, "attempts")} attempts: waiting for staff to send it again`
      : "Not sent: waiting for staff to send it again",
  redriven: () => "Queued to be emailed again",
  requeued: () => "Queued to be emailed again: sending had stalled",
  acknowledged: () => "Acknowledgement emailed to the resident",
  "acknowledgement-skipped": (e) => e.summary,
  "resident-emailed": (e) =>
    e.data?.status ? `Emailed the resident the update “${publicLabel(e)}”` : "Emailed the resident an update",
  delivered: delivery,
  bounced: delivery,
  "status-changed": statusChanged,
  "public-update": (e) => e.summary,
  "client-update": (e) => e.summary,
  note: (e) => `Note: ${e.summary}`,
  "held-for-digest": (e) => e.summary,
  "digest-sent": (e) => reportEmailed(e.summary),
  "possible-duplicate": (e) => `Marked as a possible duplicate of ${other(e)}`,
  "duplicate-linked": (e) => `Linked as a possible duplicate of ${other(e)}`,
  "duplicate-unlinked": (e) => `Unlinked: not a duplicate of ${other(e)}`,
  // Fixed words by reason (PROGRESS_STOP_SUMMARIES), as stored: no address, nothing staff typed.
  "progress-emails-stopped": (e) => e.summary,
};

/** The event as a sentence; a type this version does not know (stored by a newer one) as stored. */
export function timelineSentence(e: TimelineEvent, ctx: TimelineWordsContext, options: WordsOptions): string {
  const words = Object.hasOwn(TIMELINE_WORDS, e.type) ? TIMELINE_WORDS[e.type] : undefined;
  return words ? words(e, ctx, options) : e.summary;
}

/**
 * Who did it, in words: "You", "Signpost" (the system), "The resident" (their app), "The clerk of
 * <body>, by email link" (a one-click answer from the report email), and otherwise the staff
 * member's email for district staff or "Council staff" for a clerk.
 */
export function whoDidIt(
  actor: string,
  me: string,
  namesStaff: boolean,
  ctx?: Pick<TimelineWordsContext, "bodyName">,
): string {
  if (actor === me) return "You";
  if (actor === "system") return "Signpost";
  if (actor === "resident") return "The resident";
  const clerkOf = clerkLinkBodyOf(actor);
  if (clerkOf !== undefined) return `The clerk of ${ctx?.bodyName(clerkOf) ?? clerkOf}, by email link`;
  return namesStaff ? actor : "Council staff";
}
