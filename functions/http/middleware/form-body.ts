import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { UnreadableInputError } from "#core/errors.js";
import { isWellFormed } from "#core/input/text-rules.js";
import type { HtmlMiddleware } from "./html-state.js";
import { htmlState } from "./html-state.js";
import { multipartBoundary, parseMultipart } from "./multipart-body.js";

/** No form page needs more than a few KB; anything larger is refused before parsing. */
export const MAX_FORM_BYTES = 32 * 1024;

export interface FormBodyOptions {
  /** The most bytes the form's text may take (an url-encoded body, or a multipart body's text parts). */
  maxBytes: number;
  /** The longest field name taken; a form with a longer one is refused. */
  maxNameLength: number;
  /**
   * Also take `multipart/form-data`, up to this many bytes in all (file parts included: they are
   * counted, never kept). Without it only `application/x-www-form-urlencoded` is taken.
   */
  multipartMaxBytes?: number;
}

export interface FormBody {
  /** Each field's first value: a crafted body cannot smuggle a second answer past validation. */
  fields: Record<string, string>;
  /** Every field and value in the order sent, for the fields a client may repeat. */
  pairs: Array<[string, string]>;
  /** File parts of a multipart body (counted, never kept). */
  files: number;
}

/** The resident form and the case log's pages. */
const PAGE_FORM: FormBodyOptions = { maxBytes: MAX_FORM_BYTES, maxNameLength: 100 };
/** A multipart form's parts, text and files: far more than any client's report has. */
const MAX_PARTS = 500;

/** A field name simple enough to repeat in an error; anything else is "a field". */
const PLAIN_NAME = /^[A-Za-z0-9_[\]-]{1,60}$/;

const tooLarge = (what: string, max: number) =>
  new UnreadableInputError("too-large", `${what} must be ${max} bytes or fewer`);

/** The body's bytes, refused before decoding when plainly too large. */
function bodyBytes(event: APIGatewayProxyEventV2, max: number, what: string): Buffer {
  const body = event.body ?? "";
  // Base64 holds three bytes in four characters: a body whose text alone is over the bound is too.
  if ((event.isBase64Encoded ? Math.floor((body.length * 3) / 4) - 2 : body.length) > max) {
    throw tooLarge(what, max);
  }
  const bytes = event.isBase64Encoded ? Buffer.from(body, "base64") : Buffer.from(body, "utf8");
  if (bytes.length > max) throw tooLarge(what, max);
  return bytes;
}

/**
 * The body's text. A base64 body must be UTF-8: decoding it leniently would turn bad bytes into
 * U+FFFD without a word.
 */
function bodyText(event: APIGatewayProxyEventV2, max: number): string {
  if (!event.isBase64Encoded) {
    const raw = event.body ?? "";
    if (Buffer.byteLength(raw) > max) throw tooLarge("The form", max);
    return raw;
  }
  const bytes = bodyBytes(event, max, "The form");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UnreadableInputError("malformed", "The form must be UTF-8 text");
  }
}

/**
 * The first field whose percent-encoded bytes are not UTF-8 (or whose text has an unpaired
 * surrogate), by name if its name is plain. URLSearchParams would quietly make them U+FFFD; a
 * browser never sends them, so they are refused rather than mended.
 */
function illFormedField(raw: string): string | undefined {
  for (const pair of raw.split("&")) {
    // A "%" not followed by two hex digits is a literal "%" to URLSearchParams; say so to the strict decoder.
    const strict = pair.replace(/\+/g, " ").replace(/%(?![0-9A-Fa-f]{2})/g, "%25");
    let decoded: string;
    try {
      decoded = decodeURIComponent(strict);
    } catch {
      decoded = "\uD800";
    }
    if (!isWellFormed(decoded)) {
      const name = new URLSearchParams(pair).keys().next().value ?? "";
      return PLAIN_NAME.test(name)
        ? `The form field ${name} is not valid UTF-8 text`
        : "A form field is not valid UTF-8 text";
    }
  }
  return undefined;
}

function urlEncodedPairs(event: APIGatewayProxyEventV2, max: number): Array<[string, string]> {
  const raw = bodyText(event, max);
  const illFormed = isWellFormed(raw) ? illFormedField(raw) : "The form is not valid Unicode text";
  if (illFormed) throw new UnreadableInputError("malformed", illFormed);
  return [...new URLSearchParams(raw)];
}

/**
 * Reads a form body: `application/x-www-form-urlencoded`, and `multipart/form-data` where the
 * options take it. Every value is well-formed Unicode: a field that is not valid UTF-8 is refused,
 * whichever page it is for (the resident form, the case log's notes and reasons, Open311).
 */
export function readForm(event: APIGatewayProxyEventV2, options: FormBodyOptions = PAGE_FORM): FormBody {
  const type = event.headers?.["content-type"] ?? "";
  let pairs: Array<[string, string]>;
  let files = 0;
  if (/^application\/x-www-form-urlencoded\b/i.test(type)) {
    pairs = urlEncodedPairs(event, options.maxBytes);
  } else if (options.multipartMaxBytes !== undefined && /^multipart\/form-data\b/i.test(type)) {
    const boundary = multipartBoundary(type);
    if (!boundary)
      throw new UnreadableInputError("malformed", "The multipart form's boundary is missing or not valid");
    const body = bodyBytes(event, options.multipartMaxBytes, "The form");
    ({ pairs, files } = parseMultipart(body, boundary, {
      maxTextBytes: options.maxBytes,
      maxParts: MAX_PARTS,
    }));
  } else {
    throw new UnreadableInputError("unsupported-type", "Send the form as application/x-www-form-urlencoded");
  }
  // No prototype: a field named "__proto__" must stay an ordinary field.
  const fields = Object.create(null) as Record<string, string>;
  for (const [name, value] of pairs) {
    if (name.length > options.maxNameLength) {
      throw new UnreadableInputError("malformed", "The form has a field we do not take");
    }
    if (!(name in fields)) fields[name] = value;
  }
  return { fields, pairs, files };
}

/** A page's form: each field's first value. */
export function readFormBody(event: APIGatewayProxyEventV2): Record<string, string> {
  return readForm(event).fields;
}

/** On POST, the form's fields for the middlewares and route after it. */
export function formBody(): HtmlMiddleware {
  return {
    before: function formBodyBefore(request) {
      if (request.event.requestContext.http.method === "POST") {
        htmlState(request).form = readFormBody(request.event);
      }
    },
  };
}
