import { XMLParser } from "fast-xml-parser";

// What FixMyStreet (perllib/Open311.pm and the Open311/ modules) makes of Signpost's answers,
// rewritten from reading it: its XML::Simple settings, its error message, its state mapping and
// the date window it keeps updates in. Used to assert what FixMyStreet would parse, not to parse.

/** XML::Simple's GroupTags in `_get_xml_object`; every item tag is also in its ForceArray list. */
const GROUP_TAGS: Record<string, string> = {
  services: "service",
  attributes: "attribute",
  values: "value",
  service_requests: "request",
  errors: "error",
  service_request_updates: "request_update",
  groups: "group",
};
const FORCE_ARRAY = new Set(Object.values(GROUP_TAGS));

const parser = new XMLParser({
  isArray: (name) => FORCE_ARRAY.has(name),
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
});

export type PerlValue = string | undefined | PerlValue[] | { [key: string]: PerlValue };
export type PerlHash = { [key: string]: PerlValue };

/**
 * The hash XML::Simple gives with FixMyStreet's options: the root element dropped (KeepRoot off),
 * item tags always arrays (ForceArray), a group wrapper replaced by its items (GroupTags), an
 * empty element undef (SuppressEmpty => undef), and every value a string. Undefined for a body
 * that is not XML, as FixMyStreet's eval gives.
 */
export function xmlSimple(xml: string): PerlHash | undefined {
  let document: Record<string, unknown>;
  try {
    document = parser.parse(xml, true) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const roots = Object.keys(document).filter((k) => k !== "?xml");
  if (roots.length !== 1) return undefined;
  const root = perl(document[roots[0] as string]);
  return root !== undefined && typeof root === "object" && !Array.isArray(root) ? root : {};
}

function perl(value: unknown, name?: string): PerlValue {
  if (value === "" || value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => perl(v, name));
  if (typeof value === "object") {
    const item = name === undefined ? undefined : GROUP_TAGS[name];
    const entries = Object.entries(value as Record<string, unknown>);
    // A wrapper holding only its items becomes the list of them.
    if (item !== undefined && entries.length === 1 && entries[0]?.[0] === item) {
      return perl(entries[0][1], item);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, perl(v, k)]));
  }
  // parseTagValue is off, so text is already a string.
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** A value Perl would use as a string: a scalar, else undefined (a ref is not text). */
export function scalar(value: PerlValue): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** `_process_error`: one "code: description" line per error, else "unknown error". */
export function processError(xml: string): string {
  const object = xmlSimple(xml);
  const errors = object?.error;
  let message = "";
  if (Array.isArray(errors)) {
    for (const error of errors as PerlHash[]) {
      message += `${(error.code as string) || "???"}: ${(error.description as string) || "unknown error"}\n`;
    }
  }
  return message || "unknown error";
}

/** `map_state`: a GeoReport status (any case, _ for space) to a FixMyStreet problem state. */
export function mapState(status: string, extendedStatuses: boolean): string {
  const incoming = status.toLowerCase().replaceAll("_", " ");
  const map: Record<string, string> = {
    fixed: "fixed - council",
    "not councils responsibility": "not responsible",
    "no further action": "unable to fix",
    open: "confirmed",
    closed: extendedStatuses ? "closed" : "fixed - council",
  };
  return Object.hasOwn(map, incoming) ? (map[incoming] as string) : incoming;
}

/**
 * The states a stock FixMyStreet shows (`visible_states`: its two built-in states, the states of
 * db/fixture.sql, and the two fixed states it adds). An update whose mapped state is not one of
 * these keeps its text but does not change the report's state.
 */
export const FIXMYSTREET_VISIBLE_STATES = new Set([
  "confirmed",
  "closed",
  "investigating",
  "in progress",
  "planned",
  "action scheduled",
  "unable to fix",
  "not responsible",
  "duplicate",
  "internal referral",
  "cancelled",
  "fixed",
  "fixed - council",
  "fixed - user",
]);

const W3CDTF = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d)(?:\.(\d+))?)?(Z|[+-]\d\d:\d\d)$/;

/**
 * `check_date`: the update time parsed as W3C date-time and written back in UTC, then compared as
 * text with the window FixMyStreet asked for. False when the time does not parse or is outside.
 */
export function checkDate(updated: string | undefined, window?: { start: string; end: string }): boolean {
  const match = W3CDTF.exec(updated ?? "");
  if (!match) return false;
  const at = new Date(updated as string);
  if (Number.isNaN(at.getTime())) return false;
  const utc = w3cdtf(at);
  return !window || (utc >= window.start && utc <= window.end);
}

/** DateTime::Format::W3CDTF's form of a UTC time: seconds, and a fraction only when there is one. */
export function w3cdtf(at: Date): string {
  const iso = at.toISOString();
  return iso.replace(/\.000Z$/, "Z").replace(/(\.\d*?)0+Z$/, "$1Z");
}

/** `split_name`: the first word, and the rest after an optional full stop. */
export function splitName(name: string): [string, string] {
  const match = /(\S+)(?:\.?\s+(.+))?/.exec(name);
  return [match?.[1] ?? "", match?.[2] ?? ""];
}

/** `Utils::truncate_coordinate`: six decimal places, trailing zeros (and a bare point) dropped. */
export function truncateCoordinate(value: number): string {
  return value.toFixed(6).replace(/\.?0+$/, "");
}
