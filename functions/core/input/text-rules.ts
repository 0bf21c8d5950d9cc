/**
 * What each kind of text field may hold, as character classes. Residents' text reaches clerks'
 * inboxes (subject lines included) and the case log, so characters that change how the rest of a
 * line reads are refused rather than passed on.
 *
 * - Single-line fields (name, road name, when, postcode, email, phone): no control character at
 *   all (C0 with tab, CR and LF; DEL; C1 with NEL), no line or paragraph separator, no bidi
 *   control (marks, embeddings, overrides, isolates).
 * - Free text (description): tab, LF and CR are kept; NEL, LS and PS are read as LF; other control
 *   characters, and the bidi embeddings, overrides and isolates that can reorder what follows, are
 *   refused. The bidi marks (LRM, RLM, ALM) are allowed there: right-to-left writing needs them
 *   and they reorder nothing beyond their neighbours.
 * - Every field: well-formed Unicode. An unpaired surrogate cannot be encoded as UTF-8, so a report
 *   holding one could never be sent.
 */

export const NOT_IN_SINGLE_LINE =
  // eslint-disable-next-line no-control-regex -- matching them is the point
  /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

export const NOT_IN_FREE_TEXT =
  // eslint-disable-next-line no-control-regex -- matching them is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u0084\u0086-\u009F\u202A-\u202E\u2066-\u2069]/;

/** Line breaks other than CR and LF, read as LF in free text. */
export const OTHER_LINE_BREAKS = /[\u0085\u2028\u2029]/g;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * `String.prototype.isWellFormed` (Node 20 and later), as a pattern because the project's type
 * library (ES2023) does not declare it yet.
 */
export function isWellFormed(text: string): boolean {
  return !UNPAIRED_SURROGATE.test(text);
}

/** `String.prototype.toWellFormed`: each unpaired surrogate becomes U+FFFD. */
export function toWellFormed(text: string): string {
  return text.replace(new RegExp(UNPAIRED_SURROGATE.source, "g"), "\uFFFD");
}

/** The messages, so every channel words a refusal the same way. */
export const textMessages = {
  illFormed: (what: string) => `${what} must be valid Unicode text: it contains an unpaired surrogate`,
  singleLine: (what: string) => `${what} must not contain line breaks or hidden formatting characters`,
  freeText: (what: string) =>
    `${what} must not contain control characters or characters that change the direction of text`,
};
