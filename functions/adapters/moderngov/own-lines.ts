import { isClerkLabel, isContactLabel } from "./contact-fields.js";
import type { Line, Zone } from "./content-region.js";
import { emailsInField, emailsInHref } from "./email-candidates.js";

/**
 * The lines that are the parish's own: its content region, plus any line in the main content
 * before the heading that is, or closely follows, a clerk's label ("Clerk", "Parish Clerk:",
 * "Clerc"). Before the heading a "Contact us" or "Email:" alone is the site's, not the clerk's.
 * Chrome and anything outside the main content never count, labelled or not (a footer says
 * "Email: democratic.services@…").
 */
export function ownLines(lines: readonly Line[]): Line[] {
  return lines.filter((line, i) => {
    if (line.zone === "content") return true;
    if (line.zone !== "before-heading") return false;
    // Within the clerk's entry, a line counts when it is labelled or follows a label ("Email:" then
    // the address); a loose line after that ("Opening hours…, info@…") is not the clerk's.
    const labelled = isContactLabel(line.text) || isContactLabel(lines[i - 1]?.text ?? "");
    if (!labelled) return false;
    for (let j = i; j >= Math.max(0, i - CLERK_LABEL_REACH); j--) {
      const earlier = lines[j];
      if (earlier?.zone !== "before-heading") return false;
      if (isClerkLabel(earlier.text)) return true;
      // Another heading-like label ("Contact us", "Chair:") ends the clerk's entry.
      if (j < i && OTHER_ENTRY.test(earlier.text)) return false;
    }
    return false;
  });
}

const OTHER_ENTRY = /^(?:contact|cyswllt|chair|cadeirydd|vice[- ]chair)/i;

/** How many lines after a clerk's label before the heading may still be the clerk's (name, email). */
const CLERK_LABEL_REACH = 3;

/** Addresses shown on the page but not in the parish's own lines, each with where it is. */
export function chromeMentions(
  lines: readonly Line[],
  own: readonly Line[],
): { email: string; zone: Zone }[] {
  const ownSet = new Set(own);
  const seen = new Set(own.flatMap(addressesIn).map((e) => e.toLowerCase()));
  const mentions: { email: string; zone: Zone }[] = [];
  for (const line of lines) {
    if (ownSet.has(line)) continue;
    for (const email of addressesIn(line)) {
      if (seen.has(email.toLowerCase())) continue;
      seen.add(email.toLowerCase());
      mentions.push({ email, zone: line.zone });
    }
  }
  return mentions;
}

function addressesIn(line: Line): string[] {
  return [...line.links.flatMap((l) => emailsInHref(l.href)), ...emailsInField(line.text)];
}
