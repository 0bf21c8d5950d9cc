import type { DirectoryProblem } from "#core/ports/directory.js";
import { readContact } from "./contact-fields.js";
import { describeZone, findContainer, findHeading, layoutLines } from "./content-region.js";
import { emailsInHref, emailsInText } from "./email-candidates.js";
import { attribute, findAll, loadHtml, textOf } from "./html-document.js";
import { chromeMentions, ownLines } from "./own-lines.js";
import type { ScreenContext } from "./screen-emails.js";

export { parseParishDetailsList } from "./parse-details-list.js";

/**
 * What a Modern.Gov parish details page (`mgParishCouncilDetails.aspx?ID=<n>`) says about one parish.
 * The markup of these pages is not documented, so fields are found by their labels, and the clerk's
 * email only in the parish's own content region (see `content-region.ts`).
 */
export interface ParishPage {
  /** The council's name as the page heading gives it. */
  title?: string;
  clerkName?: string;
  email?: string;
  /** Further addresses the page gave for the clerk, in page order. */
  otherEmails?: string[];
  phone?: string;
  address?: string[];
  /** Addresses not used and why, or none found: for the clerk directory page. */
  problems: DirectoryProblem[];
}

/** What the caller knows that one page cannot show: site chrome, the district's domains. */
export type PageContext = ScreenContext;

/** One link of the parish index page (`mgParishCouncilDetails.aspx`). */
export interface ParishIndexEntry {
  id: number;
  title: string;
}

export function parseParishPage(html: string, context: PageContext = {}): ParishPage {
  const { document, pageTitle } = loadHtml(html);
  const heading = findHeading(document);
  const lines = layoutLines(document, heading, findContainer(document, heading));
  const title = heading ? cleanTitle(textOf(heading)) : pageTitle ? cleanTitle(pageTitle) : undefined;

  const own = ownLines(lines);
  const contact = readContact(own, context);
  const page: ParishPage = { ...(title ? { title } : {}), ...contact };
  if (!page.email) page.problems.push(...whyNoEmail(lines, own, page.problems));
  return page;
}

/**
 * The reasons a page gave no clerk's address: the addresses it shows elsewhere (page chrome), and
 * a plain "no email address" when the parish's own details had none to screen.
 */
export function whyNoEmail(
  lines: Parameters<typeof chromeMentions>[0],
  own: Parameters<typeof chromeMentions>[1],
  problems: readonly DirectoryProblem[],
): DirectoryProblem[] {
  const mentions = chromeMentions(lines, own);
  const found: DirectoryProblem[] = mentions.slice(0, MAX_CHROME_PROBLEMS).map(({ email, zone }) => ({
    code: "page-chrome",
    message: shorten(`${email} appears in ${describeZone(zone)}, not the parish's details`),
  }));
  const more = mentions.length - MAX_CHROME_PROBLEMS;
  if (more > 0) {
    found.push({
      code: "page-chrome",
      message: `and ${more} more ${more === 1 ? "address" : "addresses"} in the page chrome`,
    });
  }
  if (problems.length === 0) {
    found.unshift({ code: "no-email", message: "no email address for the clerk on the page" });
  }
  return found;
}

/** A page can list hundreds of addresses in its chrome: staff see the first few, and a count. */
const MAX_CHROME_PROBLEMS = 10;
const MAX_MESSAGE = 300;

function shorten(message: string): string {
  return message.length <= MAX_MESSAGE ? message : `${message.slice(0, MAX_MESSAGE - 1)}…`;
}

/** Every address anywhere on a page, lower case (the caller treats the index page's as site chrome). */
export function emailsOnPage(html: string): Set<string> {
  const { document } = loadHtml(html);
  const found = new Set<string>();
  for (const email of emailsInText(textOf(document))) found.add(email.toLowerCase());
  for (const link of findAll(document.children, (e) => e.name === "a")) {
    for (const email of emailsInHref(attribute(link, "href"))) found.add(email.toLowerCase());
  }
  return found;
}

/** The `?ID=` links of the parish index page, in page order, one per id. */
export function parseParishIndex(html: string): ParishIndexEntry[] {
  const { document } = loadHtml(html);
  const entries = new Map<number, ParishIndexEntry>();
  for (const link of findAll(document.children, (e) => e.name === "a")) {
    const id = /mgParishCouncilDetails\.aspx\?(?:[^#]*?[&;])?ID=(\d+)/i.exec(attribute(link, "href"))?.[1];
    const title = textOf(link);
    if (id === undefined || title === "" || entries.has(Number(id))) continue;
    entries.set(Number(id), { id: Number(id), title });
  }
  return [...entries.values()];
}

const COUNCILISH = /\b(parish|town|community|village|council|meeting|cyngor|cymuned)\b/i;

/** "Parish council details - St Mary's Parish Council | Demo District Council" → "St Mary's Parish Council". */
export function cleanTitle(text: string): string | undefined {
  const segments = text
    .split(/\s+[|–—-]\s+|:\s+/)
    .map((s) => s.trim())
    .filter((s) => s !== "" && !/\bdetails\b|modern\.?gov|^home$/i.test(s));
  return segments.find((s) => COUNCILISH.test(s)) ?? segments[0];
}
