import type { APIGatewayProxyEventV2 } from "aws-lambda";

/** No form page needs more than a few KB; anything larger is refused before parsing. */
export const MAX_FORM_BYTES = 32 * 1024;

export type FormBody = { ok: true; fields: Record<string, string> } | { ok: false; status: 413 | 415 };

/**
 * Parses an `application/x-www-form-urlencoded` body. A repeated field keeps its first value, so
 * a crafted body cannot smuggle a second answer past validation.
 */
export function readFormBody(event: APIGatewayProxyEventV2): FormBody {
  const type = event.headers?.["content-type"] ?? "";
  if (!/^application\/x-www-form-urlencoded\b/i.test(type)) return { ok: false, status: 415 };
  const raw = event.isBase64Encoded
    ? Buffer.from(event.body ?? "", "base64").toString("utf8")
    : (event.body ?? "");
  if (Buffer.byteLength(raw) > MAX_FORM_BYTES) return { ok: false, status: 413 };
  // No prototype: a field named "__proto__" must stay an ordinary field.
  const fields = Object.create(null) as Record<string, string>;
  for (const [name, value] of new URLSearchParams(raw)) {
    if (!(name in fields)) fields[name] = value;
  }
  return { ok: true, fields };
}
