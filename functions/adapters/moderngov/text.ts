/** Small text helpers shared by the Modern.Gov parsers (entity decoding, email and phone checks). */
import { decodeHTMLStrict } from "entities";

/**
 * Decodes HTML character references once (`&#39;`, `&amp;`, every named one). One pass only, so
 * `&amp;amp;` becomes `&amp;`: Modern.Gov often encodes twice, and callers decide on a second pass.
 */
export function decodeEntities(text: string): string {
  return decodeHTMLStrict(text);
}

/** Decodes text that is still entity-encoded after one decoding (`St Aldhelm &amp; Marsh`). */
export function decodeLeftoverEntities(text: string): string {
  return LEFTOVER_ENTITY.test(text) ? decodeHTMLStrict(text) : text;
}

const LEFTOVER_ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/i;

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
