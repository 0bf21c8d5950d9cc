import type { PublicInfo } from "../../config/public-info.js";

type Accessibility = PublicInfo["accessibility"];

/**
 * The GOV.UK model statement's compliance sentences, one per status. They are the legally required
 * wording, so they are kept as the model gives them rather than reworded.
 */
const COMPLIANCE: Record<Accessibility["status"], string> = {
  full: "This website is fully compliant with the Web Content Accessibility Guidelines version 2.2 AA standard.",
  partial:
    "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard, due to the non-compliances listed below.",
  not: "This website is not compliant with the Web Content Accessibility Guidelines version 2.2 AA standard. The non-compliances are listed below.",
};

const longDate = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "2026-11-23" → "23 November 2026", the GOV.UK style. */
export function formatLongDate(isoDate: string): string {
  return longDate.format(new Date(`${isoDate}T00:00:00Z`));
}

/** What the accessibility statement view needs, from the configured status and dates. */
export function accessibilityStatement(accessibility: Accessibility) {
  return {
    status: accessibility.status,
    compliance: COMPLIANCE[accessibility.status],
    // The view ends each sentence itself.
    knownIssues: accessibility.knownIssues.map((issue) => ({
      description: withoutFullStop(issue.description),
      criterion: issue.criterion,
      plan: withoutFullStop(issue.plan),
    })),
    improvements: accessibility.improvements.map(withoutFullStop),
    preparedOn: formatLongDate(accessibility.preparedOn),
    reviewedOn: accessibility.reviewedOn ? formatLongDate(accessibility.reviewedOn) : undefined,
    testedOn: accessibility.testedOn ? formatLongDate(accessibility.testedOn) : undefined,
    testedBy: accessibility.testedBy,
    replyWorkingDays: accessibility.replyWorkingDays,
  };
}

const withoutFullStop = (text: string) => text.replace(/\.+$/, "");
