import type { CaseStatus, DeliveryState } from "#core/case/case.js";

/** How staff read a case's codes: one place, so the list, the case, the CSV and the charts agree. */

/** The email's state as staff read it, with a GOV.UK tag colour where it needs them. */
export const deliveryLabels: Record<DeliveryState, { text: string; tag: string }> = {
  queued: { text: "Waiting to send", tag: "govuk-tag--grey" },
  sending: { text: "Sending", tag: "govuk-tag--grey" },
  sent: { text: "Sent", tag: "govuk-tag--green" },
  unconfirmed: { text: "Not confirmed", tag: "govuk-tag--yellow" },
  failed: { text: "Not sent", tag: "govuk-tag--red" },
  held: { text: "In daily digest", tag: "govuk-tag--blue" },
};

export const statusLabels: Record<CaseStatus, string> = {
  new: "New",
  "in-progress": "In progress",
  closed: "Closed",
};

// Built once (toLocaleString builds one per call): every list row and timeline line uses it.
const londonTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

/** A time as staff read it, in London: "3 Dec 2026, 14:05". */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return londonTime.format(d);
}
