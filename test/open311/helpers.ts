import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";

export const fixtureDir = join(import.meta.dirname, "../fixtures/open311");

export function fixture(name: string): string {
  return readFileSync(join(fixtureDir, name), "utf8");
}

/** `post-request.form` holds one `name=value` a line, for reading; this is the wire form. */
export function formFixture(name: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of fixture(name).split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) fields[line.slice(0, at)] = line.slice(at + 1);
  }
  return fields;
}

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No value for {{${name}}}`);
    return value;
  });
}

const LISTS: Record<string, string> = {
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
const ITEMS = new Set(Object.values(LISTS));

const parser = new XMLParser({
  isArray: (name) => ITEMS.has(name),
  parseTagValue: false,
  trimValues: true,
});

/**
 * An Open311 XML document as the JSON the spec pairs with it: list elements become arrays, text
 * becomes strings. Compare with `jsonAsText` of the JSON twin.
 */
export function xmlAsJson(xml: string): unknown {
  if (!xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n')) throw new Error("no XML declaration");
  const document = parser.parse(xml) as Record<string, unknown>;
  const [root] = Object.keys(document).filter((k) => k !== "?xml") as [string];
  return unwrap(document[root], root);
}

function unwrap(value: unknown, name: string): unknown {
  const item = LISTS[name];
  if (item !== undefined) {
    const inner = value === "" ? [] : ((value as Record<string, unknown[]>)[item] ?? []);
    return inner.map((v) => unwrap(v, item));
  }
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrap(v, k)]));
  }
  return value;
}

/** JSON with every scalar as the text XML would carry (null as empty). */
export function jsonAsText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonAsText);
  if (value === null) return "";
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonAsText(v)]));
  }
  // What is left is a string, number or boolean: JSON writes the last two as String would.
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function postForm(url: string, fields: Record<string, string> | string) {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: typeof fields === "string" ? fields : new URLSearchParams(fields).toString(),
  });
}
