import { PUBLIC_STATUSES, type PublicUpdate } from "#core/case/public-update.js";
import { ValidationError } from "#core/errors.js";
import { logger } from "../logger.js";
import { open311Response } from "./format.js";
import { councilForKey } from "./jurisdiction.js";
import type { Open311Request } from "./open311-types.js";
import { w3cDateTime } from "./public-request.js";

const HOUR_MS = 3_600_000;
/** The window when a client gives none, the widest it may ask for, and the most updates served. */
const DEFAULT_HOURS = 24;
const MAX_DAYS = 90;
export const MAX_UPDATES = 1000;

/** One update as mySociety's GeoReport v2 extension has it (FixMyStreet reads these fields). */
export interface Open311Update {
  update_id: string;
  service_request_id: string;
  /** Upper case with underscores, as FixMyStreet's `map_state` expects. */
  status: string;
  updated_datetime: string;
  description: string;
  /** We serve no photos with updates; present and empty, as clients expect the field. */
  media_url: string;
}

/**
 * GET servicerequestupdates: the public updates staff wrote within a window, oldest first. Keyed
 * like POST requests (FixMyStreet sends its api_key with the poll); only public updates exist here.
 */
export async function serviceRequestUpdates({ query, format, deps, keyCouncil }: Open311Request) {
  const owner = keyCouncil(query.api_key);
  if (!owner) logger.info("Open311 request refused", { status: 403, keyGiven: Boolean(query.api_key) });
  // The key's council's updates only.
  const council = councilForKey(owner, query.api_key, query.jurisdiction_id, deps.councils);
  const { from, to } = readWindow(query, deps.clock.now());
  // The key's council's partition: another council's updates are neither read nor counted.
  const updates = await deps.publicUpdates.list({
    council: council.id,
    from: new Date(from).toISOString(),
    // Updates are kept to the millisecond and served to the second: one written in the window's
    // last second is served as that second, which the client's window takes.
    to: new Date(Math.floor(to / 1000) * 1000 + 999).toISOString(),
    limit: MAX_UPDATES,
  });
  return open311Response(200, format, "service_request_updates", updates.map(open311Update));
}

export function open311Update(update: PublicUpdate): Open311Update {
  return {
    update_id: update.updateId,
    service_request_id: update.reference,
    status: PUBLIC_STATUSES[update.status].open311,
    updated_datetime: w3cDateTime(update.at),
    description: update.text,
    media_url: "",
  };
}

/** start_date and end_date (both or neither; default the last day), checked; epoch milliseconds. */
function readWindow(query: Record<string, string | undefined>, now: Date): { from: number; to: number } {
  const given = (name: string) => (query[name] === undefined || query[name] === "" ? undefined : query[name]);
  const start = given("start_date");
  const end = given("end_date");
  if (start === undefined && end === undefined) {
    return { from: now.getTime() - DEFAULT_HOURS * HOUR_MS, to: now.getTime() };
  }
  const problems: { field: string; message: string }[] = [];
  const read = (name: "start_date" | "end_date", value: string | undefined) => {
    if (value === undefined) {
      problems.push({ field: name, message: "give start_date and end_date together, or neither" });
      return Number.NaN;
    }
    const at = parseW3cDateTime(value);
    if (at === undefined) {
      problems.push({
        field: name,
        message: "use a W3C date-time with a time zone, like 2026-01-05T13:15:30Z",
      });
      return Number.NaN;
    }
    return at;
  };
  const from = read("start_date", start);
  const to = read("end_date", end);
  if (problems.length > 0) throw new ValidationError(problems);
  if (to < from) throw new ValidationError([{ field: "end_date", message: "must not be before start_date" }]);
  if (to - from > MAX_DAYS * 24 * HOUR_MS) {
    throw new ValidationError([
      { field: "start_date", message: `the range may span at most ${MAX_DAYS} days` },
    ]);
  }
  return { from, to };
}

const W3C_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

/**
 * A W3C date-time with its zone (`2026-01-05T13:15:30Z`, `2026-01-05T14:15:30+01:00`), as epoch
 * milliseconds; undefined for anything else, a day that does not exist (30 February) included,
 * which `Date.parse` would roll into the next month.
 */
export function parseW3cDateTime(value: string): number | undefined {
  const m = W3C_DATE_TIME.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? "0")) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(y, mo - 1, d, h, mi, s, Number((m[7] ?? "0").padEnd(3, "0")));
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    check.getUTCHours() !== h ||
    check.getUTCMinutes() !== mi ||
    check.getUTCSeconds() !== s
  ) {
    return undefined;
  }
  if (m[8] === "Z") return local;
  const offsetHours = Number(m[10]);
  const offsetMinutes = Number(m[11]);
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  const offset = (offsetHours * 60 + offsetMinutes) * 60_000;
  return m[9] === "+" ? local - offset : local + offset;
}
