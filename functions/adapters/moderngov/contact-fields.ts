import type { DirectoryProblem } from "#core/ports/directory.js";
import type { Line } from "./content-region.js";
import { emailsInField, emailsInHref, obfuscatedBesidePlain } from "./email-candidates.js";
import { type ScreenContext, screenEmails } from "./screen-emails.js";
import { cleanEmail, looksLikePhone, squash, UK_POSTCODE } from "./text.js";

/**
 * A clerk's contact read from the lines of one parish's details (a page's content region, or one
 * parish's section of the details list). Labels are matched in English and Welsh.
 */
export interface ContactFields {
  clerkName?: string;
  email?: string;
  otherEmails?: string[];
  phone?: string;
  address?: string[];
  problems: DirectoryProblem[];
}

/** Who the lines after a label are about: the clerk, the chair, or no one in particular. */
type Entry = "clerk" | "chair" | "general";

const CHAIR_LABEL = /^(?:vice[- ]?)?chair(?:man|person|woman)?\b/i;
/** "Email the clerk: …", "Clerk's email: …" name the clerk without starting with the label. */
const CLERK_ADDRESS_LABEL = /^(?:e-?mail|contact|write to)\s+(?:the\s+)?clerk\b|^clerk'?s\s+e-?mail\b/i;

/** Which entry each line belongs to: a clerk's or chair's label starts one, a "Contact" label ends it. */
function entriesOf(texts: readonly string[]): Entry[] {
  let entry: Entry = "general";
  return texts.map((text) => {
    if (isClerkLabel(text) || CLERK_ADDRESS_LABEL.test(text) || NAME_THEN_CLERK.test(text)) entry = "clerk";
    else if (CHAIR_LABEL.test(text)) entry = "chair";
    else if (/^(?:contact|cyswllt)\b/i.test(text)) entry = "general";
    return entry;
  });
}

export function readContact(rawLines: readonly Line[], context: ScreenContext): ContactFields {
  const lines = rawLines.map((l) => ({ ...l, text: englishLabel(l.text) }));
  const texts = lines.map((l) => l.text);
  // The clerk's own entries win: a chair's address may be listed above them. Only when the clerk's
  // entry has no address are the page's general ones used; a chair's address is never the clerk's
  // (a sentence such as "The clerk is on leave." is not a label and starts no entry).
  const entries = entriesOf(texts);
  const clerkAt = entries.indexOf("clerk");
  const ordered = clerkAt < 0 ? lines : [...lines.slice(clerkAt), ...lines.slice(0, clerkAt)];
  const linesOf = (entry: Entry) => lines.filter((_, i) => entries[i] === entry);
  const emailsOf = (entry: Entry) =>
    linesOf(entry).flatMap((l) => [
      ...l.links.flatMap((link) => emailsInHref(link.href)),
      ...emailsInField(l.text),
    ]);
  const clerkPart = emailsOf("clerk");
  const entry: Entry = clerkPart.length > 0 ? "clerk" : "general";
  const candidates = clerkPart.length > 0 ? clerkPart : emailsOf("general");
  let screened = screenEmails(candidates, context);
  // No plain address usable: an obfuscated one beside a plain (chrome) one may be the clerk's.
  const hidden = screened.email ? [] : linesOf(entry).flatMap((l) => obfuscatedBesidePlain(l.text));
  if (hidden.length > 0) screened = screenEmails([...candidates, ...hidden], context);
  const fields: ContactFields = { problems: [...screened.problems] };
  if (screened.email) fields.email = screened.email;
  if (screened.otherEmails.length > 0) fields.otherEmails = screened.otherEmails;
  const chairs = emailsOf("chair");
  if (candidates.length === 0 && chairs.length > 0) {
    fields.problems.push({
      code: "no-email",
      message: `the only address given is the chair's (${chairs[0] ?? ""}), not the clerk's`.slice(0, 300),
    });
  }

  const phone = firstDefined(ordered.flatMap((l) => l.links.map(phoneFromTelLink))) ?? phoneFromLines(texts);
  if (phone) fields.phone = phone;
  const clerkName = clerkNameFromLines(texts);
  if (clerkName) fields.clerkName = clerkName;
  const address =
    addressFromLines(texts) ??
    lines.filter((l) => l.block?.name === "address").flatMap((l) => splitCommas(l.text));
  if (address && address.length > 0) fields.address = address;
  return fields;
}

/** True when the line is (or starts with) a clerk, contact or email label, English or Welsh. */
export function isContactLabel(text: string): boolean {
  return /^(?:(?:parish|town|community)\s+)?(?:clerk|clerc|contact|cyswllt|e-?mail|e-?bost)\b/i.test(
    englishLabel(text),
  );
}

/** True when the line is (or starts with) a clerk's label, English or Welsh: "Parish Clerk: …", "Clerc". */
export function isClerkLabel(text: string): boolean {
  return /^(?:(?:parish|town|community)\s+)?(?:clerk|clerc)\b/i.test(englishLabel(text));
}

const WELSH_LABELS: [RegExp, string][] = [
  [/^clerc(?:\s+y\s+cyngor)?\b/i, "Clerk"],
  [/^cyswllt\b/i, "Contact"],
  [/^(?:cyfeiriad\s+e-?bost|e-?bost)\b/i, "Email"],
  [/^(?:rhif\s+)?ff[ôo]n\b/i, "Telephone"],
  [/^cyfeiriad(?:\s+gohebiaeth)?\b/i, "Address"],
  [/^gwefan\b/i, "Website"],
  [/^cadeirydd\b/i, "Chair"],
];

/**
 * The line with its label in English: "Clerc: …" → "Clerk: …", and for a bilingual label
 * ("Clerk / Clerc: …", "E-bost / Email: …") the English half.
 */
function englishLabel(text: string): string {
  const bilingual = /^([^:/]{1,40}?)\s*\/\s*([^:/]{1,40}?)\s*:\s*(.*)$/.exec(text);
  const line = bilingual
    ? `${isLabelWord(bilingual[1] ?? "") ? bilingual[1] : bilingual[2]}: ${bilingual[3] ?? ""}`
    : text;
  for (const [welsh, english] of WELSH_LABELS) {
    if (welsh.test(line)) return line.replace(welsh, english);
  }
  return line;
}

function isLabelWord(text: string): boolean {
  return FIELD_LABEL.test(text) || /^(clerk|contact)\b/i.test(text);
}

function firstDefined<T>(values: (T | undefined)[]): T | undefined {
  return values.find((v) => v !== undefined);
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%20/g, " ");
  }
}

function phoneFromTelLink(link: { href: string; text: string }): string | undefined {
  if (!/^tel:/i.test(link.href)) return undefined;
  if (looksLikePhone(link.text)) return link.text;
  const dialled = squash(safeDecodeUri(link.href.replace(/^tel:/i, "")));
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
  if (/@|https?:|www\.|\[at\]|\(at\)/i.test(name) || /\d{3,}/.test(name) || FIELD_LABEL.test(name)) {
    return undefined;
  }
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

function splitCommas(text: string): string[] {
  return text
    .split(",")
    .map(squash)
    .filter((s) => s !== "");
}
