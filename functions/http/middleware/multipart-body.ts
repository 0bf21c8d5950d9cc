import { UnreadableInputError } from "#core/errors.js";

/**
 * A small, bounded reader for `multipart/form-data` (RFC 7578 over RFC 2046), for the clients that
 * send one: FixMyStreet does when it uploads photo files with a report. Text parts are read as
 * UTF-8 fields, in order; file parts are counted and never kept (photos are taken as links only).
 * Every search is a `Buffer.indexOf` from where the last one stopped, so the work is linear in the
 * body's size, which the caller has already bounded.
 */

export interface MultipartLimits {
  /** The most bytes all text parts may hold together. */
  maxTextBytes: number;
  /** The most parts, text and file together. */
  maxParts: number;
}

export interface MultipartFields {
  /** Text fields in the order sent; a repeated name appears once a value. */
  pairs: Array<[string, string]>;
  /** How many file parts there were. */
  files: number;
}

/** A part's headers are a few short lines; anything longer is not a form. */
const MAX_HEADER_BYTES = 2048;
/** RFC 2046's boundary: 1 to 70 of these characters, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
/** A parameter of a header: `name="quoted \" value"` or `name=token`. */
const PARAMETER = /;\s*([A-Za-z0-9_*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;\s]*)/g;
const PLAIN_NAME = /^[A-Za-z0-9_[\]-]{1,60}$/;

const malformed = (message: string) => new UnreadableInputError("malformed", message);

/** The boundary named in a `multipart/form-data` content type, or undefined if it has none we take. */
export function multipartBoundary(contentType: string): string | undefined {
  for (const [, name, raw] of contentType.matchAll(PARAMETER)) {
    if (name?.toLowerCase() !== "boundary" || raw === undefined) continue;
    const value = unquote(raw);
    return BOUNDARY.test(value) ? value : undefined;
  }
  return undefined;
}

export function parseMultipart(body: Buffer, boundary: string, limits: MultipartLimits): MultipartFields {
  const delimiter = Buffer.from(`--${boundary}`, "latin1");
  // A preamble before the first delimiter is allowed and ignored; the delimiter starts a line.
  let at = body.indexOf(delimiter);
  while (at > 0 && body[at - 1] !== 0x0a) at = body.indexOf(delimiter, at + 1);
  if (at < 0) throw malformed("The multipart form has no part with its boundary");
  // Lines end as the first delimiter's line ends: CRLF as the RFC says, or a bare LF.
  const afterFirst = at + delimiter.length;
  const eol = body[afterFirst] === 0x0d && body[afterFirst + 1] === 0x0a ? "\r\n" : "\n";
  const nextDelimiter = Buffer.from(`${eol}--${boundary}`, "latin1");
  const headerEnd = Buffer.from(`${eol}${eol}`, "latin1");

  const pairs: Array<[string, string]> = [];
  let files = 0;
  let textBytes = 0;
  for (let parts = 0; ; parts++) {
    let position = at + delimiter.length;
    if (body[position] === 0x2d && body[position + 1] === 0x2d) break; // "--": the last delimiter.
    if (parts >= limits.maxParts)
      throw malformed(`The multipart form has more than ${limits.maxParts} parts`);
    // Transport padding (spaces and tabs) may follow a delimiter before its line ends.
    while (body[position] === 0x20 || body[position] === 0x09) position++;
    if (body.toString("latin1", position, position + eol.length) !== eol) {
      throw malformed("The multipart form's boundary line is not followed by a line break");
    }
    position += eol.length;

    const end = body.indexOf(headerEnd, position);
    // A part with no headers at all starts straight away with the blank line.
    const headersEnd = body.toString("latin1", position, position + eol.length) === eol ? position : end;
    if (headersEnd < 0 || headersEnd - position > MAX_HEADER_BYTES) {
      throw malformed("A part of the multipart form has no end to its headers");
    }
    const disposition = partDisposition(utf8(body.subarray(position, headersEnd), "headers"), eol);
    const contentStart = headersEnd === position ? position + eol.length : headersEnd + headerEnd.length;
    const next = body.indexOf(nextDelimiter, contentStart);
    if (next < 0) throw malformed("The multipart form does not end with its closing boundary");

    if (disposition.file) files++;
    else {
      textBytes += next - contentStart;
      if (textBytes > limits.maxTextBytes) {
        throw new UnreadableInputError(
          "too-large",
          `The form's text fields must be ${limits.maxTextBytes} bytes or fewer`,
        );
      }
      pairs.push([disposition.name, utf8(body.subarray(contentStart, next), disposition.name)]);
    }
    at = next + eol.length;
  }
  return { pairs, files };
}

/** The field a part carries, from its Content-Disposition; a part with a filename is a file. */
function partDisposition(headers: string, eol: string): { name: string; file: boolean } {
  let disposition: string | undefined;
  let type: string | undefined;
  for (const line of headers.split(eol)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const header = line.slice(0, colon).trim().toLowerCase();
    if (header === "content-disposition") disposition = line.slice(colon + 1).trim();
    if (header === "content-type")
      type = line
        .slice(colon + 1)
        .trim()
        .toLowerCase();
  }
  if (!disposition || !/^form-data\s*(;|$)/i.test(disposition)) {
    throw malformed("A part of the multipart form is not form-data");
  }
  let name: string | undefined;
  let file = false;
  for (const [, parameter, raw] of disposition.matchAll(PARAMETER)) {
    const key = parameter?.toLowerCase();
    if (key === "name" && raw !== undefined) name = unquote(raw);
    if (key === "filename" || key === "filename*") file = true;
  }
  if (name === undefined || name === "") throw malformed("A part of the multipart form has no name");
  // Anything that is not text is a file, named or not.
  if (type !== undefined && !/^text\/plain\b/.test(type)) file = true;
  return { name, file };
}

function unquote(raw: string): string {
  return raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2
    ? raw.slice(1, -1).replace(/\\(.)/g, "$1")
    : raw;
}

/** UTF-8 text, strictly: bytes that are not UTF-8 are refused rather than mended into U+FFFD. */
function utf8(bytes: Buffer, field: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw malformed(
      field === "headers"
        ? "A part's headers in the multipart form are not UTF-8 text"
        : PLAIN_NAME.test(field)
          ? `The form field ${field} is not valid UTF-8 text`
          : "A form field is not valid UTF-8 text",
    );
  }
}
