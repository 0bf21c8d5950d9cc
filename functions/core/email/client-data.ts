import type { Case, RecordedSignpost, Reporter } from "../case/case.js";

/**
 * What an Open311 client sent beyond our fields, made ready for a reader: the case log's page and
 * the council's emails. Every piece of it is attacker-controlled text, so here it becomes one line
 * of plain characters (escaping is the renderer's job), photo links are kept only as plain https
 * addresses, and a reader who may not have the resident's contact details gets nothing that looks
 * like them.
 */
export interface ClientData {
  /** In the order sent: the code as sent, the value as sent. */
  attributes: Array<{ code: string; value: string }>;
  /** Links to the client's copies of photos, never fetched or embedded by us. */
  photos: Array<{ href: string; host: string }>;
  notUsed: Array<{ field: string; reason: string }>;
  /** Photo links left out because they are not plain https addresses (never shown, not even as text). */
  linksLeftOut: number;
  /** Items kept from this reader because they may hold the resident's contact details. */
  withheld: number;
}

/** Longest address we make a link of: a longer one is left out rather than cut. */
const MAX_LINK = 2048;

/**
 * The client's extras as this reader may see them, or undefined when the client sent none.
 * `mayHaveContact` is the consent rule for the reader (district staff always; a parish only where
 * the resident agreed to share with it, see consent.ts).
 */
export function clientDataFor(report: Case, mayHaveContact: boolean): ClientData | undefined {
  const sent = report.fromClient;
  if (!sent) return undefined;
  const holdsDetails = contactMatcher(report.reporter);
  // For a reader without the resident's consent: a code naming a contact field, or any text holding
  // one of the resident's details.
  const keepFrom = (name: string, ...texts: string[]) =>
    !mayHaveContact && (isContactCode(name) || holdsDetails(name, ...texts));
  const data: ClientData = { attributes: [], photos: [], notUsed: [], linksLeftOut: 0, withheld: 0 };
  for (const a of sent.attributes ?? []) {
    const item = { code: plainLine(a.code), value: plainLine(a.value) };
    if (keepFrom(item.code, item.value)) data.withheld += 1;
    else data.attributes.push(item);
  }
  for (const raw of sent.mediaUrls ?? []) {
    const link = httpsLink(raw);
    if (!link) data.linksLeftOut += 1;
    else if (keepFrom("", link.href, decoded(link.href))) data.withheld += 1;
    else data.photos.push(link);
  }
  for (const n of sent.notUsed ?? []) {
    const item = { field: plainLine(n.field), reason: plainLine(n.reason) };
    if (keepFrom(item.field, item.reason)) data.withheld += 1;
    else data.notUsed.push(item);
  }
  const empty =
    data.attributes.length + data.photos.length + data.notUsed.length + data.linksLeftOut + data.withheld;
  return empty === 0 ? undefined : data;
}

/** What a reader is told of items left out, so they know something was there. */
export function leftOutSentences(data: ClientData): string[] {
  return [
    ...(data.linksLeftOut
      ? [
          `${data.linksLeftOut === 1 ? "1 photo link was" : `${data.linksLeftOut} photo links were`} left out: not a plain https address.`,
        ]
      : []),
    ...(data.withheld
      ? [
          `${data.withheld === 1 ? "1 item was" : `${data.withheld} items were`} left out: it may hold the resident's contact details, which they did not agree to share with you.`,
        ]
      : []),
  ];
}

/** "The resident's app could not show them this before they sent the report: <title>. <message>" */
export function signpostSentence(signpost: RecordedSignpost): string {
  const title = plainLine(signpost.title);
  const stop = /[.!?]$/.test(title) ? "" : ".";
  return `The resident's app could not show them this before they sent the report: ${title}${stop} ${plainLine(signpost.message)}`;
}

/**
 * The address as a link target, only if it is a plain https URL: no other scheme (javascript:,
 * data:, http:), no user name or password before the host (a lure such as
 * `https://council.example@evil.example/`), not overlong. Returns the parsed, normalised form,
 * so spaces, quotes and angle brackets arrive percent-encoded and the host in ASCII.
 */
export function httpsLink(raw: string): { href: string; host: string } | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" || url.username || url.password || !url.hostname) return undefined;
  if (url.href.length > MAX_LINK) return undefined;
  return { href: url.href, host: url.host };
}

// Control characters (line breaks included) and the bidirectional controls that can make text read
// differently from what it is.
const UNSAFE_CHARACTERS = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/** One line of visible characters: controls become spaces, runs of whitespace one space. */
export function plainLine(value: string): string {
  return value.replace(UNSAFE_CHARACTERS, " ").replace(/\s+/g, " ").trim();
}

// Codes that name the person rather than the problem (FixMyStreet sends `attribute[last_name]`, and
// strips `fms_extra_` from `fms_extra_title`), compared without case, prefix or punctuation.
const CONTACT_CODES = new Set([
  "name",
  "firstname",
  "lastname",
  "surname",
  "fullname",
  "title",
  "email",
  "emailaddress",
  "phone",
  "phonenumber",
  "telephone",
  "tel",
  "mobile",
  "contact",
  "accountid",
]);

/** Parts of a code that say it holds a way to reach someone (`contact_number`, `reporter_email`). */
const CONTACT_PARTS = /phone|mobile|email|contact|telephone|reporter|firstname|lastname|surname|fullname/;

function isContactCode(code: string): boolean {
  const bare = code
    .toLowerCase()
    .replace(/^attribute\[(.*)\]$/, "$1")
    .replace(/^fms_extra_/, "")
    .replace(/[^a-z0-9]/g, "");
  return CONTACT_CODES.has(bare) || CONTACT_PARTS.test(bare);
}

/** An email address, or a UK or international phone number (a UPRN or an easting is neither). */
const EMAIL_LIKE = /[^\s@]+@[^\s@]+/;
const PHONE_LIKE = /(?:\+|\b0)[\d\s().-]{8,}\d/;

/**
 * Whether a piece of text holds any of the resident's details: their email, their phone number's
 * digits, or a word of their name. Cautious on purpose: a value that shares a word with the name is
 * kept from the reader too.
 */
function contactMatcher(reporter: Reporter | undefined): (...texts: string[]) => boolean {
  const email = reporter?.email?.trim().toLowerCase();
  // The last nine digits: the same number written +44 1632 960001 or 01632 960001.
  const phoneDigits = (reporter?.phone?.replace(/\D/g, "") ?? "").slice(-9);
  const nameWords = new Set(words(reporter?.name ?? "").filter((w) => w.length >= 3));
  return (...texts) =>
    texts.some((text) => {
      const lower = text.toLowerCase();
      if (email && lower.includes(email)) return true;
      if (phoneDigits.length >= 6 && text.replace(/\D/g, "").includes(phoneDigits)) return true;
      // Anyone's email or phone number, even one the report's own fields could not keep.
      if (EMAIL_LIKE.test(text) || PHONE_LIKE.test(text)) return true;
      return words(lower).some((w) => nameWords.has(w));
    });
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{M}]+/gu) ?? [];
}

function decoded(href: string): string {
  try {
    return decodeURIComponent(href);
  } catch {
    return href;
  }
}
