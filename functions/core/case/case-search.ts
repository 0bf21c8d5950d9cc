import { parseReference } from "./reference.js";

/**
 * What staff type in the case list's one search box ("Reference, postcode or road"), read as the
 * most likely of: a case reference (found exactly, with one read), something shaped like a
 * reference that cannot be one (a typo: the check character fails), or a place to filter the list
 * by (a postcode or part of one, and/or a road name).
 */
export type CaseSearch =
  | { kind: "reference"; reference: string }
  | { kind: "bad-reference"; typed: string }
  | { kind: "place"; postcodePrefix?: string; road?: string };

/** Outward code (district), then an optional start of the inward code: "ZX1", "ZX1 5", "ZX1 5Z". */
const PARTIAL_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?)(?: ([0-9][A-Z]{0,2}))?$/;
const FULL_POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** Reads search text that has already been trimmed and checked for length and control characters. */
export function readCaseSearch(text: string): CaseSearch {
  const reference = parseReference(text);
  if (reference) return { kind: "reference", reference };
  if (looksLikeReference(text)) return { kind: "bad-reference", typed: text };
  const postcodePrefix = postcodeSearchPrefix(text);
  // A whole postcode is only a postcode; "A38" or "ZX1" may be a road or a postcode district.
  if (postcodePrefix && FULL_POSTCODE.test(compact(text))) return { kind: "place", postcodePrefix };
  const road = searchableRoad(text);
  return { kind: "place", ...(postcodePrefix ? { postcodePrefix } : {}), ...(road ? { road } : {}) };
}

/**
 * A prefix of the stored postcode form ("ZX1 5ZB", as intake normalises it) for a whole postcode
 * or part of one, in any case and spacing; undefined when the text is no such thing. A district
 * alone ends with its space, so "ZX1" does not find "ZX10 1AB"; typed without a space, "ZX15" is
 * read as the district ZX15 (to search the sector, type "ZX1 5").
 */
export function postcodeSearchPrefix(text: string): string | undefined {
  const squeezed = text.toUpperCase().trim().replace(/\s+/g, " ");
  const full = FULL_POSTCODE.exec(compact(squeezed));
  if (full) return `${full[1]} ${full[2]}`;
  const partial = PARTIAL_POSTCODE.exec(squeezed);
  if (!partial) return undefined;
  return `${partial[1]} ${partial[2] ?? ""}`;
}

/** A road name as searched and stored for searching: lower case, single spaces. */
export function searchableRoad(text: string | undefined): string | undefined {
  const road = text?.toLowerCase().trim().replace(/\s+/g, " ");
  return road ? road : undefined;
}

/** A stored postcode in the form searched (intake already stores it so; this makes sure). */
export function searchablePostcode(postcode: string | undefined): string | undefined {
  return postcode ? postcodeSearchPrefix(postcode)?.trim() : undefined;
}

/**
 * Ten to thirteen letters and digits, with a prefix of letters, and with a digit or the reference's
 * dashes: what a mistyped reference looks like (a road name rarely does).
 */
function looksLikeReference(text: string): boolean {
  const upper = text.toUpperCase().trim();
  if (!/^[A-Z]{2,5}[0-9A-Z]{8}$/.test(compact(upper).replace(/-/g, ""))) return false;
  return /\d/.test(upper) || /^[A-Z]{2,5}\s*-\s*[0-9A-Z]{4}\s*-?\s*[0-9A-Z]{4}$/.test(upper);
}

const compact = (text: string) => text.toUpperCase().replace(/\s+/g, "");
