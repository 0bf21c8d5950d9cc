import { cleanEmail } from "./text.js";

/**
 * Finding email addresses in one field's text or one link, as councils really write them:
 * several in a field ("a@x.gov.uk;b@y.co.uk", "a@x / b@y"), with a comment ("name@x.gov.uk (for ward
 * issues)"), in a `mailto:` with several recipients and a query, or obfuscated ("clerk [at] x [dot] org").
 *
 * Pages are untrusted: no pattern here ever runs over more than one short token or window, so a
 * hostile 60,000-character "aaaa@bbbb" costs linear time, not a regex backtracking over the whole text.
 */

/** The longest address there can be (RFC 5321); longer tokens are not addresses. */
const MAX_ADDRESS = 254;
/** A field's text beyond this is not a contact field; obfuscated forms are looked for only this far. */
const MAX_FIELD = 4000;

/** Characters that end an address written in running text. */
const SEPARATORS = new Set([..." \t\n\r\f\v\u00a0<>,;:()[]{}\"'/|"]);

/** The text cut at separators, without a regex: tokens longer than an address are dropped. */
export function addressTokens(text: string): string[] {
  const tokens: string[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i < text.length && !SEPARATORS.has(text.charAt(i))) continue;
    if (i > start && i - start <= MAX_ADDRESS) {
      const token = text.slice(start, i);
      if (token.includes("@")) tokens.push(token);
    }
    start = i + 1;
  }
  return tokens;
}

/** A domain up to its last "." and letters: a trailing "?", digits or full stop are not part of it. */
const DOMAIN_PREFIX = /^[^?]*\.[a-z]{2,}/i;

/** Every address written plainly in `text`, in order (duplicates kept; the screen drops them). */
export function emailsInText(text: string): string[] {
  const found: string[] = [];
  for (const token of addressTokens(text)) {
    const parts = token.split("@");
    // "a@b@c.org" holds "b@c.org": each "@" joins the part before it and the part after it.
    for (let i = 0; i + 1 < parts.length; i++) {
      const local = parts[i] ?? "";
      const domain = DOMAIN_PREFIX.exec(parts[i + 1] ?? "")?.[0];
      if (local === "" || domain === undefined) continue;
      // A sentence's full stop is not part of the domain.
      const email = cleanEmail(`${local}@${domain.replace(/\.+$/, "")}`);
      if (email) {
        found.push(email);
        i++;
      }
    }
  }
  return found;
}

/**
 * The recipients of a `mailto:` link, in order; anything else gives none. Both forms of RFC 6068
 * count: `mailto:a@x,b@y?cc=…` and `mailto:?to=a@x` (a `to` in the query adds recipients).
 */
export function emailsInHref(href: string): string[] {
  const match = /^\s*mailto:([^?#]*)(?:\?([^#]*))?/i.exec(href.slice(0, 2048));
  if (!match) return [];
  const recipients = [match[1] ?? ""];
  for (const pair of (match[2] ?? "").split("&")) {
    const [name = "", value = ""] = pair.split("=");
    if (name.toLowerCase() === "to") recipients.push(value);
  }
  return recipients
    .flatMap((part) => safeDecodeUri(part).split(/[,;]/))
    .flatMap((part) => {
      const email = cleanEmail(part);
      return email ? [email] : [];
    });
}

function safeDecodeUri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(/%40/gi, "@").replace(/%20/g, " ");
  }
}

// Obfuscated forms. A bracketed "[at]" / "(at)" / "{at}" is clearly meant as an address. A bare
// " at " is ordinary English ("meet at the hall", "the clerk at www.x.org"), so it counts only with
// spelt-out dots ("clerk at x dot org dot uk") and a known top-level domain.
const AT_MARK = /\s?(?:\[ ?at ?\]|\( ?at ?\)|\{ ?at ?\})\s?| @ | at /gi;
const DOT_MARK = String.raw` ?(?:\[ ?dot ?\]|\( ?dot ?\)|\{ ?dot ?\}) ?| dot |\.`;
/** The local part just before an at-mark (matched within a short window). */
const LOCAL_BEFORE = /[a-z0-9][\w.+-]*$/i;
/** The domain just after an at-mark (matched within a short window, anchored). */
const DOMAIN_AFTER = new RegExp(String.raw`^[a-z0-9][\w-]*(?:(?:${DOT_MARK})[a-z0-9][\w-]*)+`, "i");
const DOT = new RegExp(DOT_MARK, "gi");
const BARE_AT = /^ (?:at|@) $/i;
const SPELT_DOT = /[[({] ?dot ?[\])}]| dot /i;
const KNOWN_TLD = /\.(?:uk|com|org|net|info|gov|cymru|wales|scot|eu|ie|biz|email|online|example|test)$/i;

/**
 * The field's words joined by single spaces, without a regex over the whole text: words longer
 * than an address are dropped (none can be part of one), and only the first `MAX_FIELD` characters count.
 */
function shortWords(text: string): string {
  const words: string[] = [];
  let length = 0;
  let start = 0;
  for (let i = 0; i <= text.length && length < MAX_FIELD; i++) {
    const c = text.charAt(i);
    if (i < text.length && c.trim() !== "") continue;
    if (i > start && i - start <= MAX_ADDRESS) {
      words.push(text.slice(start, i));
      length += i - start + 1;
    }
    start = i + 1;
  }
  return words.join(" ").slice(0, MAX_FIELD);
}

/** Addresses written in an obfuscated form, in order. */
export function obfuscatedEmailsInText(text: string): string[] {
  const words = shortWords(text);
  const found: string[] = [];
  let from = 0;
  for (const mark of words.matchAll(AT_MARK)) {
    const at = mark[0];
    const markStart = mark.index;
    const markEnd = markStart + at.length;
    if (markStart < from) continue;
    const local = LOCAL_BEFORE.exec(words.slice(Math.max(from, markStart - 64), markStart))?.[0];
    const domain = DOMAIN_AFTER.exec(words.slice(markEnd, markEnd + MAX_ADDRESS))?.[0];
    if (local === undefined || domain === undefined) continue;
    const normalisedDomain = domain.replace(DOT, ".");
    if (BARE_AT.test(at) && !(SPELT_DOT.test(domain) && KNOWN_TLD.test(normalisedDomain))) continue;
    const email = cleanEmail(`${local}@${normalisedDomain}`);
    if (email) {
      found.push(email);
      from = markEnd + domain.length;
    }
  }
  return found;
}

/** Every address in a field's text: the plain ones, or failing those the obfuscated ones, in order. */
export function emailsInField(text: string): string[] {
  const plain = emailsInText(text);
  return plain.length > 0 ? plain : obfuscatedEmailsInText(text);
}

/**
 * The obfuscated addresses `emailsInField` passed over because the text also has a plain one. A
 * line may give the clerk's obfuscated and the site's plainly; the caller tries these only when no
 * plain address is usable.
 */
export function obfuscatedBesidePlain(text: string): string[] {
  const plain = emailsInText(text);
  if (plain.length === 0) return [];
  const seen = new Set(plain.map((e) => e.toLowerCase()));
  return obfuscatedEmailsInText(text).filter((e) => !seen.has(e.toLowerCase()));
}
