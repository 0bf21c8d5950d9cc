/**
 * Fixed sentences the emails to residents share. They name the "Check your report" page in words,
 * never as a link: these emails go to addresses nobody has verified, and a council that never puts
 * links in them gives a resident a simple rule that any "council" email with a link is not from it.
 */

/** How to check on a report later, without a link: where the page is, and what it asks for. */
export function checkReportSentence(reference: string, districtName: string): string {
  return `To check on your report at any time, go to the “Report a problem” pages on the ${districtName} website and choose “Check your report”. Enter your reference, ${reference}, and the email address or postcode you gave.`;
}

/**
 * How to stop progress emails, the same in every email that promises or carries them: a reply
 * reaches the district team (the emails' reply-to), and staff stop them from the case log.
 */
export function stopProgressSentence(districtName: string, what = "these emails"): string {
  return `To stop ${what}, reply to this email or contact ${districtName}, quoting your reference.`;
}

/** What the acknowledgement says to a resident who asked for progress emails. */
export const PROGRESS_PROMISE = "We will email you when there is progress on your report.";
