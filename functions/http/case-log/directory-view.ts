import type { Destination } from "#core/case/case.js";
import type { ClerkBounce } from "#core/ports/clerk-bounces.js";
import type { CachedContact } from "#core/ports/contact-cache.js";
import type { ClerkOverride } from "#core/ports/directory-overrides.js";
import type { ClerkContact, ContactVia, DirectoryProblemCode, NameMatch } from "#core/ports/directory.js";
import { needsAttention } from "#core/use-cases/directory-changes.js";
import { overrideContact } from "#core/use-cases/overridden-directory.js";
import { staffPaths } from "./paths.js";

// The clerk directory as staff read it: plain words for where a contact came from, how sure the
// name match is, and what needs checking. Everything here is data; the views escape it.

export const viaWords: Record<ContactVia, string> = {
  "web-service": "Modern.Gov web service",
  "web-service-soap": "Modern.Gov web service (SOAP)",
  "details-list": "Modern.Gov parish list page",
  "details-page": "Modern.Gov parish page",
  override: "Override set by staff",
};

/** Each problem's tag; whether it counts towards "parishes need attention" is the core's `needsAttention`. */
export const problemTags: Record<DirectoryProblemCode, { text: string; colour: string }> = {
  "no-match": { text: "No match", colour: "govuk-tag--red" },
  "uncertain-match": { text: "Check the match", colour: "govuk-tag--yellow" },
  "no-email": { text: "No email address", colour: "govuk-tag--red" },
  "page-chrome": { text: "Page chrome", colour: "govuk-tag--orange" },
  "district-domain": { text: "District address", colour: "govuk-tag--orange" },
  "several-addresses": { text: "Several addresses", colour: "govuk-tag--blue" },
  "source-unavailable": { text: "Source unavailable", colour: "govuk-tag--grey" },
  bounced: { text: "Bounced", colour: "govuk-tag--red" },
};

export interface ProblemLine {
  tag: string;
  colour: string;
  message: string;
  attention: boolean;
}

export interface DirectoryRow {
  code: string;
  name: string;
  href: string;
  lookedUp: boolean;
  overridden: boolean;
  councilName?: string;
  clerkName?: string;
  email?: string;
  otherEmails: string[];
  phone?: string;
  sourceWords?: string;
  /** The source as a link, only when it is a web address. */
  sourceUrl?: string;
  sourceText?: string;
  /** When Modern.Gov was last asked (or, for an override, when it was set), in London time. */
  fetched?: string;
  match?: string;
  problems: ProblemLine[];
  needsAttention: boolean;
}

/** One parish's row, from what is cached, any override, and its latest recent bounce. */
export function directoryRow(
  parish: Destination,
  cached: CachedContact | undefined,
  override: ClerkOverride | undefined,
  bounce: ClerkBounce | undefined,
): DirectoryRow {
  const contact: ClerkContact | undefined = override
    ? overrideContact(override)
    : cached?.lookup.contact && { ...cached.lookup.contact, fetchedAt: cached.fetchedAt };
  // An override replaces what Modern.Gov said, problems included.
  const problems: ProblemLine[] = override ? [] : (cached?.lookup.problems ?? []).map(problemLine);
  if (bounce && contact?.email && sameAddress(bounce.address, contact.email)) {
    problems.unshift({
      ...problemLine({ code: "bounced", message: "" }),
      message: `Email to ${bounce.address} bounced permanently on ${londonTime(bounce.at)} (case ${bounce.reference})`,
    });
  }
  if (cached && !contact?.email && !problems.some((p) => p.attention)) {
    problems.push(problemLine({ code: "no-email", message: "No email address was found for the clerk" }));
  }
  const lookedUp = cached !== undefined || override !== undefined;
  const source = contact?.source;
  const checkedAt = contact?.fetchedAt ?? cached?.fetchedAt;
  return {
    code: parish.code,
    name: parish.name,
    href: staffPaths.directoryParish(parish.code),
    lookedUp,
    overridden: override !== undefined,
    ...(contact?.councilName ? { councilName: contact.councilName } : {}),
    ...(contact?.clerkName ? { clerkName: contact.clerkName } : {}),
    ...(contact?.email ? { email: contact.email } : {}),
    otherEmails: contact?.otherEmails ?? [],
    ...(contact?.phone ? { phone: contact.phone } : {}),
    ...(contact ? { sourceWords: viaWords[contact.via] ?? contact.via } : {}),
    // An override's source is in words already (who set it and when show beside it).
    ...(source && /^https?:\/\//i.test(source)
      ? { sourceUrl: source }
      : source && !override
        ? { sourceText: source }
        : {}),
    // A parish with no contact was still checked: when, so staff know how stale "None found" is.
    ...(checkedAt ? { fetched: londonTime(checkedAt) } : {}),
    ...(contact?.match ? { match: matchWords(contact.match) } : {}),
    problems,
    needsAttention: !lookedUp || !contact?.email || problems.some((p) => p.attention),
  };
}

function problemLine(problem: { code: DirectoryProblemCode; message: string }): ProblemLine {
  const tag = problemTags[problem.code] ?? { text: problem.code, colour: "govuk-tag--grey" };
  return {
    tag: tag.text,
    colour: tag.colour,
    message: problem.message,
    attention: needsAttention(problem.code),
  };
}

const sameAddress = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** "Exact", "Close (0.9)", "Loose (0.6)", or "Set in configuration" for a mapped name. */
export function matchWords(match: NameMatch): string {
  const score = Math.round(match.confidence * 100) / 100;
  if (match.how === "mapped") return "Set in configuration";
  if (score >= 1) return "Exact";
  if (match.how === "welsh") return `Welsh name (${score})`;
  return score >= 0.8 ? `Close (${score})` : `Loose (${score})`;
}

const dateWords = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const timeParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/London",
  hour: "numeric",
  minute: "2-digit",
  hour12: true,
});

/** An instant as GOV.UK writes times, in London: "3 December 2026 at 2:05pm". */
export function londonTime(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return iso;
  const parts = Object.fromEntries(timeParts.formatToParts(at).map((p) => [p.type, p.value]));
  const hour = parts.hour === "0" ? "12" : parts.hour;
  return `${dateWords.format(at)} at ${hour}:${parts.minute}${(parts.dayPeriod ?? "").toLowerCase().replace(/[^apm]/g, "")}`;
}

/** "3 parishes need attention", "1 parish needs attention", "No parishes need attention". */
export function attentionSummary(count: number): string {
  if (count === 0) return "No parishes need attention";
  return count === 1 ? "1 parish needs attention" : `${count} parishes need attention`;
}
