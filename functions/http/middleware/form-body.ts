import type { APIGatewayProxyEventV2 } from "aws-lambda";
import * as z from "zod";
import { UnreadableInputError } from "#core/errors.js";
import { isWellFormed } from "#core/input/text-rules.js";
import type { HtmlMiddleware } from "./html-state.js";
import { htmlState } from "./html-state.js";

/** No form page needs more than a few KB; anything larger is refused before parsing. */
export const MAX_FORM_BYTES = 32 * 1024;

/** A form is a flat list of short-named text fields; nothing else gets past the edge. */
const formFields = z.record(z.string().max(100), z.string());

/** A field name simple enough to repeat in an error; anything else is "a field". */
const PLAIN_NAME = /^[A-Za-z0-9_[\]-]{1,60}$/;

/**
 * The body's text. A base64 body must be UTF-8: decoding it leniently would turn bad bytes into
 * U+FFFD without a word.
 */
function bodyText(event: APIGatewayProxyEventV2): string {
  if (!event.isBase64Encoded) return event.body ?? "";
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(event.body ?? "", "base64"));
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

/**
 * Parses an `application/x-www-form-urlencoded` body. A repeated field keeps its first value, so
 * a crafted body cannot smuggle a second answer past validation. Every value is well-formed
 * Unicode: a field that is not valid UTF-8 is refused, whichever page it is for (the resident
 * form, the case log's notes and reasons, Open311).
 */
export function readFormBody(event: APIGatewayProxyEventV2): Record<string, string> {
  const type = event.headers?.["content-type"] ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new UnreadableInputError("unsupported-type", "Send the form as application/x-www-form-urlencoded");
  }
  const raw = bodyText(event);
  if (Buffer.byteLength(raw) > MAX_FORM_BYTES) {
    throw new UnreadableInputError("too-large", `The form must be ${MAX_FORM_BYTES} bytes or fewer`);
  }
  const illFormed = isWellFormed(raw) ? illFormedField(raw) : "The form is not valid Unicode text";
  if (illFormed) throw new UnreadableInputError("malformed", illFormed);
  // No prototype: a field named "__proto__" must stay an ordinary field.
  const fields = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(raw)) {
    if (!(name in fields)) fields[name] = value;
  }
  const parsed = formFields.safeParse(fields);
  if (!parsed.success) throw new UnreadableInputError("malformed", "The form has a field we do not take");
  return fields;
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
