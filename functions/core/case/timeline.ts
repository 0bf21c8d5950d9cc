/**
 * A case's history, append-only. Every step a case goes through is an event, so staff can see what
 * happened and when, and nothing is silently overwritten.
 */
export const TIMELINE_EVENT_TYPES = [
  "submitted",
  "signposted",
  "queued",
  "rerouted",
  "sent",
  "send-failed",
  "send-unconfirmed",
  "dead-lettered",
  "redriven",
  "requeued",
  "acknowledged",
  "acknowledgement-skipped",
  "resident-emailed",
  "delivered",
  "bounced",
  "status-changed",
  "public-update",
  "client-update",
  "note",
  "held-for-digest",
  "digest-sent",
  "possible-duplicate",
  "duplicate-linked",
  "duplicate-unlinked",
  "progress-emails-stopped",
] as const;

/** Listed as values so a test can check that every type has its words in the case log. */
export type TimelineEventType = (typeof TIMELINE_EVENT_TYPES)[number];

export interface TimelineEvent {
  at: string;
  type: TimelineEventType;
  /** `system`, `resident`, or a staff user id. */
  actor: string;
  /** One line for people. */
  summary: string;
  /**
   * Structured details (recipient, message id, error), shown to district staff only. Never the
   * resident's contact details. `visibleToParish: true` on a staff note or status change shows its
   * text to the parish clerk. A `public-update` is public, so every role sees it; so is a
   * `client-update` (a resident's own update, already public on their app).
   */
  data?: Record<string, string | number | boolean>;
}

export function event(
  at: Date,
  type: TimelineEventType,
  summary: string,
  data?: TimelineEvent["data"],
  actor = "system",
): TimelineEvent {
  return { at: at.toISOString(), type, actor, summary, ...(data ? { data } : {}) };
}
