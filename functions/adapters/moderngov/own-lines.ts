import { isContactLabel } from "./contact-fields.js";
import type { Line, Zone } from "./content-region.js";
import { emailsInField, emailsInHref } from "./email-candidates.js";

/**
 * The lines that are the parish's own: its content region, plus any line in the main content
 * before the heading that is, or follows, a clerk/contact/email label. Chrome and anything outside
 * the main content never count, labelled or not (a footer says "Email: democratic.services@…").
 */
export function ownLines(lines: readonly Line[]): Line[] {
  return lines.filter((line, i) => {
    if (line.zone === "content") return true;
    if (line.zone !== "before-heading") return false;
    const previous = lines[i - 1];
    return (
      isContactLabel(line.text) || (previous?.zone === "before-heading" && isContactLabel(previous.text))
    );
  });
}

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
