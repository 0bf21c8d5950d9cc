/** Small text helpers shared by the Modern.Gov parsers (entity decoding, email and phone checks). */

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "–",
  mdash: "—",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  hellip: "…",
  pound: "£",
  copy: "©",
  eacute: "é",
};

const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/g;

function codePoint(n: number, original: string): string {
  return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : original;
}

/**
 * Decodes HTML character references once: numeric (`&#39;`, `&#x27;`) and the common named ones.
 * Unknown names are left as written. One pass only, so `&amp;amp;` becomes `&amp;`.
 */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name?: string) => {
    if (dec !== undefined) return codePoint(Number.parseInt(dec, 10), whole);
    if (hex !== undefined) return codePoint(Number.parseInt(hex, 16), whole);
    return (name !== undefined && NAMED_ENTITIES[name]) || whole;
  });
}

/** Collapses runs of whitespace (including non-breaking spaces) to one space and trims. */
export function squash(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim();
}

const EMAIL = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+\.[A-Za-z]{2,}$/;

/**
 * A loosely checked email address, or `undefined` when the text does not look like one.
 * Accepts a `mailto:` prefix and a `?subject=` tail; both are dropped.
 */
export function cleanEmail(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let text = squash(raw).replace(/^mailto:/i, "");
  const query = text.indexOf("?");
  if (query >= 0) text = text.slice(0, query);
  text = text.trim();
  if (text.length > 254 || !EMAIL.test(text)) return undefined;
  const [local = "", domain = ""] = text.split("@");
  if (local.startsWith(".") || local.endsWith(".") || domain.includes("..") || domain.startsWith(".")) {
    return undefined;
  }
  return text;
}

/** True when the digits of `text` look like a UK (or international) phone number. */
export function looksLikePhone(text: string): boolean {
  if (!/^[+(]?\d[\d\s().-]*\d$/.test(text.trim())) return false;
  const digits = text.replace(/\D/g, "");
  if (text.trim().startsWith("+")) return digits.length >= 10 && digits.length <= 15;
  return digits.startsWith("0") && digits.length >= 10 && digits.length <= 11;
}

/** A UK postcode anywhere in the text (used to end address blocks). */
export const UK_POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/i;
