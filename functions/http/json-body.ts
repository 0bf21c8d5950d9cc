import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { UnreadableInputError } from "#core/errors.js";

/** 64 KB is far beyond any honest report and keeps a hostile body from costing memory. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Reads an API Gateway body as JSON, with a specific error for each way it can be wrong. */
export function readJsonBody(event: APIGatewayProxyEventV2): unknown {
  const contentType = event.headers?.["content-type"] ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    throw new UnreadableInputError("unsupported-type", "Set Content-Type: application/json.");
  }
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
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
