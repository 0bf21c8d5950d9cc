import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { XMLBuilder } from "fast-xml-parser";

/** GeoReport v2 answers in the format the client asked for by the resource's extension. */
export type Format = "json" | "xml";

export interface Open311Error {
  code: number;
  description: string;
}

export const CONTENT_TYPES: Record<Format, string> = {
  json: "application/json; charset=utf-8",
  xml: "text/xml; charset=utf-8",
};

/**
 * A list's XML element is the plural and each item the singular (`<services><service>`), as in the
 * spec's examples. JSON uses plain arrays.
 */
const ITEM_NAMES: Record<string, string> = {
  services: "service",
  service_requests: "request",
  service_request_updates: "request_update",
  errors: "error",
  endpoints: "endpoint",
  jurisdictions: "jurisdiction",
  formats: "format",
  attributes: "attribute",
  values: "value",
};

const builder = new XMLBuilder({ format: true, suppressEmptyNode: true, processEntities: true });

// Characters XML 1.0 cannot carry at all, even escaped; replaced rather than risk a broken document.
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function xmlValue(value: unknown, name: string): unknown {
  if (Array.isArray(value)) {
    const item = ITEM_NAMES[name];
    if (!item) throw new Error(`No XML item name for the list "${name}"`);
    return { [item]: value.map((v) => xmlValue(v, item)) };
  }
  if (typeof value === "string") return value.replace(NOT_XML, "\uFFFD");
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlValue(v, k)]));
  }
  return value;
}

/** The XML document for a value: `root` names the top element (and, for a list, its items). */
export function toXml(root: string, value: unknown): string {
  const body = builder.build({ [root]: xmlValue(value, root) });
  return `<?xml version="1.0" encoding="utf-8"?>\n${body}`;
}

export function open311Response(
  statusCode: number,
  format: Format,
  root: string,
  value: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { "content-type": CONTENT_TYPES[format], "cache-control": "no-store", ...headers },
    body: format === "json" ? JSON.stringify(value) : toXml(root, value),
  };
}

/** Errors as the spec shapes them: a list of `{code, description}`, with the HTTP status. */
export function errorResponse(
  status: number,
  format: Format,
  descriptions: string | string[],
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const list = Array.isArray(descriptions) ? descriptions : [descriptions];
  const errors: Open311Error[] = list.map((description) => ({ code: status, description }));
  return open311Response(status, format, "errors", errors, headers);
}
