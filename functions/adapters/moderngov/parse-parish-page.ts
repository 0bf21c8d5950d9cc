import type { DirectoryProblem } from "#core/ports/directory.js";
import type { ScreenContext } from "./screen-emails.js";
import { cleanEmail, decodeEntities, looksLikePhone, squash, UK_POSTCODE } from "./text.js";

/**
 * What a Modern.Gov parish details page (`mgParishCouncilDetails.aspx?ID=<n>`) says about one parish.
 * The markup of these pages is not documented, so everything here is found by tolerant pattern matching.
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

/** Any start or end tag; attribute values may contain `>` when quoted. */
const TAG = /<\/?([a-zA-Z][\w:-]*)(?:[^>"']|"[^"]*"|'[^']*')*\/?>/g;
const ANCHOR = /<a\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/a\s*>/gi;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))/i;
/** Tags that do not break a line of text. */
const INLINE =
  /^(a|abbr|b|bdi|bdo|cite|code|em|font|i|kbd|label|mark|q|s|small|span|strong|sub|sup|time|u|var)$/i;

export function parseParishPage(html: string, _context: PageContext = {}): ParishPage {
  const cleaned = removeNoise(html);
  const page: ParishPage = { problems: [] };

  const heading = findHeading(cleaned);
  const title = heading?.title ?? titleFromTitleTag(html);
  if (title) page.title = title;

  // The parish's own content starts at its heading; anything before it is site chrome.
  const main = heading ? cleaned.slice(heading.index) : cleaned;
  const lines = toLines(main);
  const anchors = anchorsOf(main);
  const clerkAt = main.search(/>[^<]*\bclerk\b/i);
  const clerkFirst = <T extends { index: number }>(items: T[]): T[] =>
    clerkAt < 0
      ? items
      : [...items.filter((a) => a.index > clerkAt), ...items.filter((a) => a.index <= clerkAt)];

  const email =
    firstDefined(
      clerkFirst(anchors).map((a) => (/^mailto:/i.test(a.href) ? emailFromHref(a.href) : undefined)),
    ) ??
    firstDefined(
      lines.map((l) => cleanEmail(/[^\s@<>,;:()[\]"]+@[^\s@<>,;:()[\]"]+\.[a-z]{2,}/i.exec(l)?.[0])),
    );
  if (email) page.email = email;

  const phone =
    firstDefined(clerkFirst(anchors).map((a) => (/^tel:/i.test(a.href) ? phoneFromTelLink(a) : undefined))) ??
    phoneFromLines(lines);
  if (phone) page.phone = phone;

  const clerkName = clerkNameFromLines(lines);
  if (clerkName) page.clerkName = clerkName;

  const address = addressFromLines(lines) ?? addressFromElement(main);
  if (address && address.length > 0) page.address = address;
  return page;
}

/**
 * Every parish on `mgParishCouncilDetailsList.aspx` (all parishes' contact details on one page), in
 * page order. (To be written: returns none yet.)
 */
export function parseParishDetailsList(_html: string, _context: PageContext = {}): ParishPage[] {
  return [];
}

/** Every address anywhere on a page (the index page's are site chrome), lower case. */
export function emailsOnPage(html: string): Set<string> {
  const found = new Set<string>();
  for (const m of decodeEntities(html).matchAll(/[^\s@<>,;:()[\]"'=/]+@[^\s@<>,;:()[\]"'?]+\.[a-z]{2,}/gi)) {
    const email = cleanEmail(m[0]);
    if (email) found.add(email.toLowerCase());
  }
  return found;
}

/** The `?ID=` links of the parish index page, in page order, one per id. */
export function parseParishIndex(html: string): ParishIndexEntry[] {
  const entries = new Map<number, ParishIndexEntry>();
  for (const anchor of anchorsOf(removeNoise(html))) {
    const id = /mgParishCouncilDetails\.aspx\?(?:[^#]*?[&;])?ID=(\d+)/i.exec(anchor.href)?.[1];
    const title = textOf(anchor.inner);
    if (id === undefined || title === "" || entries.has(Number(id))) continue;
    entries.set(Number(id), { id: Number(id), title });
  }
  return [...entries.values()];
}

function removeNoise(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<(header|footer|nav)\b[\s\S]*?<\/\1\s*>/gi, " ");
}

/** Text of an HTML fragment: tags removed, entities decoded, whitespace squashed. */
function textOf(fragment: string): string {
  return squash(decodeEntities(fragment.replace(TAG, " ")));
}

/** Lines of text as a browser would roughly lay them out: block tags and `<br>` end a line. */
function toLines(html: string): string[] {
  return html
    .replace(TAG, (_tag, name: string) => (INLINE.test(name) ? " " : "\n"))
    .split("\n")
    .map((line) => squash(decodeEntities(line)))
    .filter((line) => line !== "");
}

interface Anchor {
  href: string;
  inner: string;
  index: number;
}

function anchorsOf(html: string): Anchor[] {
  const anchors: Anchor[] = [];
  for (const m of html.matchAll(ANCHOR)) {
    const href = HREF.exec(m[1] ?? "");
    const value = href?.[1] ?? href?.[2] ?? href?.[3];
    if (value !== undefined) {
      anchors.push({ href: decodeEntities(value).trim(), inner: m[2] ?? "", index: m.index ?? 0 });
    }
  }
  return anchors;
}

function firstDefined<T>(values: (T | undefined)[]): T | undefined {
  return values.find((v) => v !== undefined);
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%40/gi, "@").replace(/%20/g, " ");
  }
}

function emailFromHref(href: string): string | undefined {
  const address = href.replace(/^mailto:/i, "").split("?")[0] ?? "";
  // `mailto:` may list several addresses; the first is the clerk's.
  return cleanEmail(safeDecodeUri(address).split(/[,;]/)[0]);
}

function phoneFromTelLink(anchor: Anchor): string | undefined {
  const shown = textOf(anchor.inner);
  if (looksLikePhone(shown)) return shown;
  const dialled = squash(safeDecodeUri(anchor.href.replace(/^tel:/i, "")));
  return looksLikePhone(dialled) ? dialled : undefined;
}

const PHONE_RUN = /(?:\+\s?\d{1,3}[\s.-]?)?\(?\d[\d\s().-]{7,16}\d/g;

function phoneIn(line: string): string | undefined {
  for (const m of line.matchAll(PHONE_RUN)) {
    const candidate = squash(m[0]);
    if (looksLikePhone(candidate)) return candidate;
  }
  return undefined;
}

function phoneFromLines(lines: string[]): string | undefined {
  for (const [i, line] of lines.entries()) {
    if (/^(tel|telephone|phone|mobile|contact number)\b/i.test(line)) {
      const phone = phoneIn(line) ?? phoneIn(lines[i + 1] ?? "");
      if (phone) return phone;
    }
  }
  return firstDefined(lines.map(phoneIn));
}

const FIELD_LABEL =
  /^(e-?mail|email address|tel|telephone|phone|mobile|fax|address|correspondence address|postal address|website|web site|web|postcode|chair|chairman|chairperson|vice[- ]chair\w*)\b/i;

/** A line that is a label (possibly with its value) rather than a plain value. */
function isLabel(line: string): boolean {
  return FIELD_LABEL.test(line) || /^(clerk|contact)\b/i.test(line) || /^[^:]{1,40}:\s*$/.test(line);
}

function personName(text: string): string | undefined {
  const name = squash(
    text
      .replace(/\s+(?:e-?mail|tel|telephone|phone|mobile|address|website)\b\s*:.*$/i, "")
      .replace(/[\s,;]+$/, ""),
  );
  if (name === "" || name.length > 80 || name.endsWith(":")) return undefined;
  if (/@|https?:|www\./i.test(name) || /\d{3,}/.test(name) || FIELD_LABEL.test(name)) return undefined;
  return /\p{L}/u.test(name) ? name : undefined;
}

const CLERK_LABEL =
  /^(?:(?:parish|town|community|village|council)\s+)?clerk(?:\s+to\s+the\s+[\w\s]*?council|\s+and\s+rfo|\s*\/\s*rfo|\s*&\s*rfo|'?s?\s+name|\s+name)?\s*(?:[:\-–—]\s*(.*))?$/i;
const CONTACT_LABEL = /^contact(?:\s+name|\s+person)?\s*(?:[:\-–—]\s*(.*))?$/i;
const NAME_THEN_CLERK =
  /^(.+?)\s*(?:[-–—,(]\s*)(?:the\s+)?(?:(?:parish|town|community|village)\s+)?clerk\b(?:\s+to\s+the\s+[\w\s]*?council)?\)?$/i;

function clerkNameFromLines(lines: string[]): string | undefined {
  for (const label of [CLERK_LABEL, CONTACT_LABEL]) {
    for (const [i, line] of lines.entries()) {
      const m = label.exec(line);
      if (!m) continue;
      const rest = squash(m[1] ?? "");
      const next = lines[i + 1];
      const candidate = rest !== "" ? rest : next !== undefined && !isLabel(next) ? next : undefined;
      const name = candidate === undefined ? undefined : personName(candidate);
      if (name) return name;
    }
    if (label === CLERK_LABEL) {
      for (const line of lines) {
        const m = NAME_THEN_CLERK.exec(line);
        const name = m?.[1] === undefined ? undefined : personName(m[1]);
        if (name) return name;
      }
    }
  }
  return undefined;
}

const ADDRESS_LABEL =
  /^(?:correspondence\s+|postal\s+|contact\s+|clerk'?s?\s+|office\s+)?address\b(?:\s+for\s+correspondence)?\s*:?\s*(.*)$/i;

function addressFromLines(lines: string[]): string[] | undefined {
  const start = lines.findIndex((l) => ADDRESS_LABEL.test(l));
  if (start < 0) return undefined;
  const address: string[] = [];
  const rest = squash(ADDRESS_LABEL.exec(lines[start] ?? "")?.[1] ?? "");
  if (rest !== "") {
    address.push(...splitCommas(rest));
    if (UK_POSTCODE.test(rest)) return address;
  }
  for (const line of lines.slice(start + 1, start + 9)) {
    if (isLabel(line) || cleanEmail(line) || looksLikePhone(line)) break;
    address.push(...splitCommas(line));
    if (UK_POSTCODE.test(line)) break;
  }
  return address;
}

function addressFromElement(html: string): string[] | undefined {
  const block = /<address\b[^>]*>([\s\S]*?)<\/address\s*>/i.exec(html)?.[1];
  return block === undefined ? undefined : toLines(block).flatMap(splitCommas);
}

function splitCommas(text: string): string[] {
  return text
    .split(",")
    .map(squash)
    .filter((s) => s !== "");
}

interface Heading {
  title: string;
  index: number;
}

const COUNCILISH = /\b(parish|town|community|village|council|meeting)\b/i;

function findHeading(html: string): Heading | undefined {
  const candidates: Heading[] = [];
  const patterns = [
    /<h1\b(?:[^>"']|"[^"]*"|'[^']*')*>([\s\S]*?)<\/h1\s*>/gi,
    /<(?:h[2-6]|div|span|p)\b[^>]*\bclass\s*=\s*["'][^"']*\bmgMainTitleTxt\b[^"']*["'][^>]*>([\s\S]*?)<\//gi,
  ];
  for (const pattern of patterns) {
    for (const m of html.matchAll(pattern)) {
      const title = cleanTitle(textOf(m[1] ?? ""));
      if (title) candidates.push({ title, index: m.index ?? 0 });
    }
    if (candidates.length > 0) break;
  }
  return candidates.find((c) => COUNCILISH.test(c.title)) ?? candidates[0];
}

function titleFromTitleTag(html: string): string | undefined {
  const raw = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html)?.[1];
  return raw === undefined ? undefined : cleanTitle(textOf(raw));
}

/** "Parish council details - St Mary's Parish Council | Demo District Council" → "St Mary's Parish Council". */
function cleanTitle(text: string): string | undefined {
  const segments = text
    .split(/\s+[|–—-]\s+|:\s+/)
    .map(squash)
    .filter((s) => s !== "" && !/\bdetails\b|modern\.?gov|^home$/i.test(s));
  return segments.find((s) => COUNCILISH.test(s)) ?? segments[0];
}
