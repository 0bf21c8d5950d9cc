import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { type Problem, problem } from "./problem.js";

/** 64 KB is far beyond any honest report and keeps a hostile body from costing memory. */
export const MAX_BODY_BYTES = 64 * 1024;

export type JsonBody = { ok: true; value: unknown } | { ok: false; problem: Problem };

/** Reads an API Gateway body as JSON, with a specific problem for each way it can be wrong. */
export function readJsonBody(event: APIGatewayProxyEventV2): JsonBody {
  const contentType = event.headers?.["content-type"] ?? "";
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) {
    return fail(415, "unsupported-media-type", "Send JSON", "Set Content-Type: application/json.");
  }
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) {
    return fail(413, "too-large", "Request too large", `The body must be ${MAX_BODY_BYTES} bytes or fewer.`);
  }
  if (raw.trim() === "") return fail(400, "invalid-json", "Request body is empty", "Send a JSON object.");
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return fail(400, "invalid-json", "Request body is not valid JSON", "Check the JSON syntax of the body.");
  }
}

function fail(status: number, slug: string, title: string, detail: string): JsonBody {
  return { ok: false, problem: problem(status, slug, title, detail) };
}
