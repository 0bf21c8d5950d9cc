import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { UnreadableInputError } from "#core/errors.js";

/** 64 KB is far beyond any honest report and keeps a hostile body from costing memory. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The body's text. A base64 body must be UTF-8 (RFC 8259): decoding it leniently would turn bad
 * bytes into U+FFFD without a word. Unpaired surrogates written as `\ud800` escapes are valid
 * JSON; the report schema refuses them field by field, naming the field.
 */
function bodyText(event: APIGatewayProxyEventV2): string {
  if (!event.isBase64Encoded) return event.body ?? "";
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(event.body ?? "", "base64"));
  } catch {
    throw new UnreadableInputError("malformed", "The body must be UTF-8 text.");
  }
}

/** Reads an API Gateway body as JSON, with a specific error for each way it can be wrong. */
export function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  const contentType = event.headers?.["content-type"] ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new UnreadableInputError("unsupported-type", "Set Content-Type: application/json.");
  }
  const raw = bodyText(event);
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    throw new UnreadableInputError("too-large", `The body must be ${MAX_BODY_BYTES} bytes or fewer.`);
  }
  if (raw.trim() === "")
    throw new UnreadableInputError("malformed", "The body is empty: send a JSON object.");
  try {
    return JSON.parse(raw);
  } catch {
    // The parser's message would echo the body back: say only what to check.
    throw new UnreadableInputError("malformed", "Check the JSON syntax of the body.");
  }
}
