import { MAX_DESCRIPTION_LENGTH } from "#core/input/report-input.js";
import { NOT_IN_FREE_TEXT, toWellFormed } from "#core/input/text-rules.js";
import type { FromClientCollector } from "./from-client.js";

const HIDDEN = new RegExp(NOT_IN_FREE_TEXT.source, "g");
/** Kept from the end of a long description: FixMyStreet ends it with the report's link. */
const TAIL = 600;

/**
 * A client's description as the report can keep it. The spec allows 4,000 characters, but
 * FixMyStreet wraps the resident's words in a title and a link, so a long report can run over:
 * refusing it would lose it (FixMyStreet retries, then gives up). So the start and the end (the
 * link) are kept with a marker between them, characters that could reorder text are dropped, and
 * either is noted in `notUsed`.
 */
export function keptDescription(given: string, extras: FromClientCollector): string {
  const cleaned = toWellFormed(given).replace(HIDDEN, "");
  if (cleaned !== given) extras.notUsed("description", "hidden or control characters were removed from it");
  const text = cleaned.trim();
  if (text.length <= MAX_DESCRIPTION_LENGTH) return text;
  const marker = (left: number) => `\n\n[… ${left} characters left out …]\n\n`;
  // The marker's length depends on the number in it; reserve room for the longest it can be.
  const room = MAX_DESCRIPTION_LENGTH - TAIL - marker(text.length).length;
  const head = cutAt(text, room);
  const tail = text.slice(-TAIL).replace(/^[\uDC00-\uDFFF]/, "");
  extras.notUsed(
    "description",
    `longer than ${MAX_DESCRIPTION_LENGTH} characters, so its middle was left out (the client has it whole)`,
  );
  return `${head}${marker(text.length - head.length - tail.length)}${tail}`;
}

/** The first `length` code units, never ending in half a surrogate pair. */
function cutAt(text: string, length: number): string {
  const head = text.slice(0, length);
  return /[\uD800-\uDBFF]$/.test(head) ? head.slice(0, -1) : head;
}
