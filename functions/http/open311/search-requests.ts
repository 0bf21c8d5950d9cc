import { parseReference } from "#core/case/reference.js";
import { offers } from "#core/councils/offers.js";
import { ValidationError } from "#core/errors.js";
import { councilForJurisdiction } from "./jurisdiction.js";
import type { Open311Request } from "./open311-types.js";
import { CASE_STATUSES, type Open311Status } from "./public-request.js";
import { requestsResponse } from "./requests-resource.js";

const DAY_MS = 86_400_000;
/** The spec's default window and most requests returned by one search. */
const DEFAULT_DAYS = 90;
const MAX_REQUESTS = 1000;
/** The most ids one status check may name: the spec's limit, read in ten batches of the store's. */
export const MAX_REQUEST_IDS = 1000;
/**
 * The most index queries one search may make (each case status × each service asked for). With
 * two services and three statuses a search costs six; a district offering many services keeps the
 * same ceiling, and a client asking for more codes than fit is told to split its search.
 */
export const MAX_SEARCH_QUERIES = 12;

/** GET requests: by ids, or by status, service and a date window of at most 90 days. */
export async function searchRequests({ query, format, deps }: Open311Request) {
  // One council's requests: the one jurisdiction_id names (or the only one).
  const council = councilForJurisdiction(query.jurisdiction_id, deps.councils);
  // Each list is de-duplicated: a filter repeated a thousand times is still one filter.
  const list = (value: string | undefined) => [
    ...new Set(
      (value ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    ),
  ];

  // With service_request_id the other filters are ignored, as the spec says.
  const ids = list(query.service_request_id);
  if (ids.length > 0) {
    // Ids that are not references are ignored; "spd-2222-2222" and "SPD-2222-2222" are one case.
    const references = [...new Set(ids.map((id) => parseReference(id)).filter((r) => r !== undefined))];
    if (references.length > MAX_REQUEST_IDS) {
      throw new ValidationError([
        {
          field: "service_request_id",
          message: `give at most ${MAX_REQUEST_IDS} ids, or check more than once`,
        },
      ]);
    }
    return requestsResponse(format, await deps.caseStore.getMany(references), deps, council);
  }

  const problems: { field: string; message: string }[] = [];
  const statuses = list(query.status);
  for (const status of statuses) {
    // Own keys only: `in` would accept "__proto__", "constructor" or "toString".
    if (!Object.hasOwn(CASE_STATUSES, status))
      problems.push({ field: "status", message: `"${status}" is not open or closed` });
  }
  const date = (name: "start_date" | "end_date") => {
    const value = query[name];
    if (value === undefined || value === "") return undefined;
    const parsed = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value)
      ? Date.parse(value)
      : Number.NaN;
    if (Number.isNaN(parsed)) {
      problems.push({
        field: name,
        message: "use a W3C date-time with a time zone, like 2026-01-05T13:15:30Z",
      });
    }
    return parsed;
  };
  const start = date("start_date");
  const end = date("end_date");
  if (problems.length > 0) throw new ValidationError(problems);

  const to = end ?? (start !== undefined ? start + DEFAULT_DAYS * DAY_MS : deps.clock.now().getTime());
  const from = start ?? to - DEFAULT_DAYS * DAY_MS;
  if (from > to) throw new ValidationError([{ field: "start_date", message: "must not be after end_date" }]);
  if (to - from > DEFAULT_DAYS * DAY_MS) {
    throw new ValidationError([
      { field: "start_date", message: `the range may span at most ${DEFAULT_DAYS} days` },
    ]);
  }

  // Only services the council offers are searched (any other code matches nothing), so a search
  // costs at most statuses × services queries however the client repeats itself.
  const given = list(query.service_code);
  const codes = given.filter((code) => deps.services.has(code) && offers(council, code));
  if (given.length > 0 && codes.length === 0) return requestsResponse(format, [], deps, council);
  const wanted = (statuses.length > 0 ? statuses : ["open", "closed"]) as Open311Status[];
  const caseStatuses = [...new Set(wanted.flatMap((s) => CASE_STATUSES[s]))];
  if (caseStatuses.length * Math.max(1, codes.length) > MAX_SEARCH_QUERIES) {
    const most = Math.floor(MAX_SEARCH_QUERIES / caseStatuses.length);
    throw new ValidationError([
      {
        field: "service_code",
        message: `give at most ${most} service codes with ${statuses.length > 0 ? "this status" : "no status"}, or search more than once`,
      },
    ]);
  }
  const searches = caseStatuses.flatMap((status) =>
    (codes.length > 0 ? codes : [undefined]).map((service) =>
      deps.caseStore.listByStatus({
        council: council.id,
        status,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        ...(service ? { service } : {}),
        limit: MAX_REQUESTS,
      }),
    ),
  );
  const found = (await Promise.all(searches))
    .flat()
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.reference.localeCompare(b.reference))
    .slice(0, MAX_REQUESTS);
  return requestsResponse(format, found, deps, council);
}
