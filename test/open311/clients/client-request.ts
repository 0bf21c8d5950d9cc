import { readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * One request exactly as a real Open311 client sends it, kept as JSON in `fixtures/<client>/`:
 * fields are ordered `[name, value]` pairs, so repeated names (FixMyStreet's `media_url` with
 * multi_photos) and the client's own order survive. `{{name}}` marks a value the test fills in
 * (a reference the server gave, a time window).
 */
export interface ClientRequest {
  /** Which client, and where in its source this request is built. */
  client: "fixmystreet" | "three" | "georeport";
  source: string;
  /** What the fixture shows, in a line. */
  about: string;
  method: "GET" | "POST";
  /** Path under the endpoint URL the client is configured with (…/open311/v2/). */
  path: string;
  query?: Array<[string, string]>;
  /** How the body is encoded: as a form, or as multipart with file parts (FixMyStreet's uploads). */
  encoding?: "form" | "multipart";
  body?: Array<[string, string]>;
  /** File parts, after the fields; a part without contentType is sent without that header. */
  files?: Array<{ name: string; filename: string; contentType?: string; base64: string }>;
}

const fixtureRoot = join(import.meta.dirname, "fixtures");

export function clientRequest(name: string): ClientRequest {
  return JSON.parse(readFileSync(join(fixtureRoot, `${name}.json`), "utf8")) as ClientRequest;
}

/** A copy with `{{name}}` placeholders filled, and any query or body field changed or added. */
export function filled(
  request: ClientRequest,
  values: Record<string, string>,
  change: { query?: Record<string, string>; body?: Record<string, string> } = {},
): ClientRequest {
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`No value for {{${key}}}`);
      return value;
    });
  const pairs = (list: Array<[string, string]> | undefined, changes: Record<string, string> = {}) => {
    if (!list) return undefined;
    const out = list.map(([k, v]) => [fill(k), fill(v)] as [string, string]);
    for (const [key, value] of Object.entries(changes)) {
      const at = out.findIndex(([k]) => k === key);
      if (at >= 0) out[at] = [key, value];
      else out.push([key, value]);
    }
    return out;
  };
  const query = pairs(request.query, change.query);
  const body = pairs(request.body, change.body);
  return { ...request, path: fill(request.path), ...(query ? { query } : {}), ...(body ? { body } : {}) };
}

// How each client turns fields into a query or form body. FixMyStreet builds both with Perl's
// URI->query_form: it escapes the URI-reserved characters and writes a space as "+", and leaves the
// other URI "mark" characters as they are. Python's requests uses urlencode (quote_plus).
const PERL_QUERY_RESERVED = /[;/?:@&=+,$[\]%]/g;
const PERL_URIC = /[^A-Za-z0-9\-_.!~*'();/?:@&=+$,%[\]]/gu;

function percent(text: string): string {
  return [...Buffer.from(text, "utf8")]
    .map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`)
    .join("");
}

function perlQueryPart(text: string): string {
  return text.replace(PERL_QUERY_RESERVED, percent).replaceAll(" ", "+").replace(PERL_URIC, percent);
}

function pythonQuotePlus(text: string): string {
  return [...text].map((c) => (/[A-Za-z0-9_.~-]/.test(c) ? c : c === " " ? "+" : percent(c))).join("");
}

export function encodeFields(client: ClientRequest["client"], fields: Array<[string, string]>): string {
  const part = client === "fixmystreet" ? perlQueryPart : pythonQuotePlus;
  return fields.map(([k, v]) => `${part(k)}=${part(v)}`).join("&");
}

/**
 * Multipart boundaries: HTTP::Request::Common's fixed one (it picks another only if the body holds
 * it), and a stand-in for the random 32 hex digits urllib3 draws for Python's requests.
 */
export const BOUNDARY = { fixmystreet: "xYzZY", three: "5f2b9c0e8a7d4c3b9e1f0a6d2c8b7e4f", georeport: "" };

/** The multipart body each client writes: fields first, then the files. */
export function multipartBody(request: ClientRequest): Buffer {
  const boundary = BOUNDARY[request.client];
  const chunks: Buffer[] = [];
  const text = (s: string) => chunks.push(Buffer.from(s, "utf8"));
  for (const [name, value] of request.body ?? []) {
    text(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  }
  for (const file of request.files ?? []) {
    const type = file.contentType ? `Content-Type: ${file.contentType}\r\n` : "";
    text(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\n${type}\r\n`,
    );
    chunks.push(Buffer.from(file.base64, "base64"));
    text("\r\n");
  }
  text(`--${boundary}--\r\n`);
  return Buffer.concat(chunks);
}

let serial = 4000;

/**
 * Each report a client sends is its own: FixMyStreet's carry their own report id (in the link in
 * the description and in `fixmystreet_id`), a person's their own words. Signpost answers a resend
 * of the very same fields with the first case, so a replayed fixture is made one report of its own
 * the way real ones differ: a fresh FixMyStreet id, or a number at the end of the description.
 */
export function ownReport(request: ClientRequest): ClientRequest {
  if (request.method !== "POST" || !request.body || !/requests\.(xml|json)$/.test(request.path))
    return request;
  const id = String(++serial);
  const fixMyStreet = request.body.some(([, value]) => /\/report\/\d+/.test(value));
  const body = request.body.map(([name, value]): [string, string] => {
    if (name === "attribute[fixmystreet_id]") return [name, id];
    if (fixMyStreet) return [name, value.replace(/\/report\/\d+/g, `/report/${id}`)];
    return name === "description" ? [name, `${value} (${id})`] : [name, value];
  });
  return { ...request, body };
}

/** Sends the request to an endpoint base URL ending in "/open311/v2/", as the client would. */
export function send(endpoint: string, given: ClientRequest): Promise<Response> {
  const request = ownReport(given);
  const query = request.query?.length ? `?${encodeFields(request.client, request.query)}` : "";
  const url = `${endpoint}${request.path}${query}`;
  if (request.method === "GET") return fetch(url);
  if (request.encoding === "multipart") {
    return fetch(url, {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${BOUNDARY[request.client]}` },
      body: multipartBody(request),
    });
  }
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: encodeFields(request.client, request.body ?? []),
  });
}
