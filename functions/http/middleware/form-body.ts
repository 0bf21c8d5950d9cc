import type { APIGatewayProxyEventV2 } from "aws-lambda";
import * as z from "zod";
import { UnreadableInputError } from "#core/errors.js";
import type { HtmlMiddleware } from "./html-state.js";
import { htmlState } from "./html-state.js";

/** No form page needs more than a few KB; anything larger is refused before parsing. */
export const MAX_FORM_BYTES = 32 * 1024;

/** A form is a flat list of short-named text fields; nothing else gets past the edge. */
const formFields = z.record(z.string().max(100), z.string());

/**
 * Parses an `application/x-www-form-urlencoded` body. A repeated field keeps its first value, so
 * a crafted body cannot smuggle a second answer past validation.
 */
export function readFormBody(event: APIGatewayProxyEventV2): Record<string, string> {
  const type = event.headers?.["content-type"] ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) {
    throw new UnreadableInputError("unsupported-type", "Send the form as application/x-www-form-urlencoded");
  }
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
  if (Buffer.byteLength(raw) > MAX_FORM_BYTES) {
    throw new UnreadableInputError("too-large", `The form must be ${MAX_FORM_BYTES} bytes or fewer`);
  }
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
