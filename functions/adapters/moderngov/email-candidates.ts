import { cleanEmail, squash } from "./text.js";

/**
 * Finding email addresses in one field's text or one link, as councils really write them:
 * several in a field ("a@x.gov.uk;b@y.co.uk", "a@x / b@y"), with a comment ("name@x.gov.uk (for ward
 * issues)"), in a `mailto:` with several recipients and a query, or obfuscated ("clerk [at] x [dot] org").
 */

/** A plain address inside running text; `cleanEmail` does the final check. */
const ADDRESS_IN_TEXT = /[^\s@<>,;:()[\]{}"'/|]+@[^\s@<>,;:()[\]{}"'/|?]+\.[a-z]{2,}/gi;

/** Every address written plainly in `text`, in order (duplicates kept; the screen drops them). */
export function emailsInText(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(ADDRESS_IN_TEXT)) {
    // A sentence's full stop is not part of the domain.
    const email = cleanEmail(m[0].replace(/\.+$/, ""));
    if (email) found.push(email);
  }
  return found;
}

/** The recipients of a `mailto:` link, in order; anything else gives none. */
export function emailsInHref(href: string): string[] {
  const match = /^\s*mailto:([^?#]*)/i.exec(href);
  if (!match) return [];
  return safeDecodeUri(match[1] ?? "")
    .split(/[,;]/)
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
const AT_MARK = String.raw`\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\})\s*|\s+@\s+|\s+at\s+`;
const DOT_MARK = String.raw`\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\})\s*|\s+dot\s+|\.`;
const OBFUSCATED = new RegExp(
  String.raw`([a-z0-9][\w.+-]*)(${AT_MARK})([a-z0-9][\w-]*(?:(?:${DOT_MARK})[a-z0-9][\w-]*)+)`,
  "gi",
);
const DOT = new RegExp(DOT_MARK, "gi");
const BARE_AT = /^\s+at\s+$/i;
const SPELT_DOT = /[[({]\s*dot\s*[\])}]|\sdot\s/i;
const KNOWN_TLD = /\.(?:uk|com|org|net|info|gov|cymru|wales|scot|eu|ie|biz|email|online|example|test)$/i;

/** Addresses written in an obfuscated form, in order. */
export function obfuscatedEmailsInText(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(OBFUSCATED)) {
    const [, local = "", at = "", domain = ""] = m;
    const normalisedDomain = domain.replace(DOT, ".");
    if (BARE_AT.test(at) && !(SPELT_DOT.test(domain) && KNOWN_TLD.test(normalisedDomain))) continue;
    const email = cleanEmail(`${local}@${normalisedDomain}`);
    if (email) found.push(email);
  }
  return found;
}

/** Every address in a field's text: plain ones first, then obfuscated ones, in order. */
export function emailsInField(text: string): string[] {
  const plain = emailsInText(text);
  return plain.length > 0 ? plain : obfuscatedEmailsInText(squash(text));
}
