import * as z from "zod";
import { type CaseSearch, readCaseSearch } from "#core/case/case-search.js";
import type { Destination } from "#core/case/case.js";
import { type Day, londonDayEnd, londonDayStart } from "#core/case/london-time.js";
import { CASE_STATUSES, type CasePageQuery, CURSOR_PATTERN } from "#core/ports/case-store.js";
import type { FieldError } from "../form-errors.js";
import type { CaseLogContext } from "./case-log-types.js";
import type { StaffIdentity } from "./token-verifier.js";

/** "Sent to" choices besides one area's code or body's id: any parish, any body beyond the council. */
export const ANY_PARISH = "parishes";
export const ANY_BODY = "bodies";

/**
 * The "Sent to" choices this person may make: any parish, any body, or one of the council's own
 * areas or bodies. Anything else (another council's parish, a body not covering the council, a
 * stale bookmark) is ignored, as unknown values of the other choices are.
 */
function sentToSchema(codes: readonly string[]) {
  return z
    .enum([ANY_PARISH, ANY_BODY, ...codes] as [string, ...string[]])
    .optional()
    .catch(undefined);
}

/** A date part as typed (kept short for showing back); checked in readDate. */
const part = z
  .string()
  .optional()
  .transform((v) => v?.trim().slice(0, 10));

/**
 * The case list's query string. Unknown values of a choice are ignored (a stale bookmark still
 * opens); dates are checked as the GOV.UK date pattern asks and reported in the error summary.
 */
const listQuerySchema = z.object({
  status: z
    .enum(CASE_STATUSES as [string, ...string[]])
    .optional()
    .catch(undefined),
  sentTo: z.string().max(100).optional().catch(undefined),
  service: z.string().max(60).optional().catch(undefined),
  email: z.enum(["not-sent"]).optional().catch(undefined),
  after: z.string().regex(CURSOR_PATTERN).optional().catch(undefined),
  q: z.string().optional().catch(undefined),
  "from-day": part,
  "from-month": part,
  "from-year": part,
  "to-day": part,
  "to-month": part,
  "to-year": part,
});

/** The search box's name and id, which the error summary links to. */
export const SEARCH_FIELD = "q";
const SEARCH_MAX = 60;

/** What may be searched: a reference, a postcode or a road, so short and with no control characters. */
const searchSchema = z
  .string()
  .trim()
  .max(SEARCH_MAX, `Search for ${SEARCH_MAX} characters or fewer: a reference, a postcode or a road`)
  .regex(/^[^\p{Cc}\p{Cf}\p{Cs}]*$/u, "Search for letters, numbers, spaces and punctuation only");

export interface ListFilters {
  /** The search as typed (shortened, to show it again), and what it was read as. */
  searchText: string;
  search?: CaseSearch;
  status?: (typeof CASE_STATUSES)[number];
  /** An area code, a body's id, ANY_PARISH or ANY_BODY, as chosen (a clerk's is always their parish). */
  sentTo?: string;
  service?: string;
  /** Only cases whose email has not gone (the ones needing staff). */
  notSent: boolean;
  /** The dates as typed, to show them again. */
  dates: Record<string, string>;
  /** Start of the first day and end of the last day, London time, as ISO instants. */
  from?: string;
  to?: string;
  cursor?: string;
  errors: FieldError[];
}

export function readListFilters(
  params: URLSearchParams,
  options: {
    identity?: StaffIdentity;
    areas: readonly Destination[];
    /** The bodies beyond parish and council the council's cases go to (by id). */
    bodies?: readonly { id: string }[];
    services: readonly { id: string }[];
  },
): ListFilters {
  // Every field falls back rather than fails: a hostile query gets a list or an error message.
  const raw = listQuerySchema.parse(Object.fromEntries(params));
  const errors: FieldError[] = [];
  const search = readSearch(raw.q, errors);
  const from = readDate(raw, "from", "Received from", errors);
  const to = readDate(raw, "to", "Received to", errors);
  const fromIso = from && londonDayStart(from);
  const toIso = to && londonDayEnd(to);
  if (fromIso && toIso && fromIso > toIso) {
    errors.push({ field: "to-day", message: "Received to must be the same as or after received from" });
  }
  const sentTo =
    options.identity?.role === "clerk"
      ? (options.identity.parish ?? "none")
      : sentToSchema([...options.areas.map((a) => a.code), ...(options.bodies ?? []).map((b) => b.id)]).parse(
          raw.sentTo,
        );
  const dates = Object.fromEntries(
    Object.entries(raw).filter(([k, v]) => /^(from|to)-/.test(k) && typeof v === "string"),
  ) as Record<string, string>;
  return {
    searchText: (raw.q ?? "").slice(0, SEARCH_MAX * 2),
    ...(search ? { search } : {}),
    ...(raw.status ? { status: raw.status as ListFilters["status"] } : {}),
    ...(sentTo ? { sentTo } : {}),
    ...(options.services.some((s) => s.id === raw.service) ? { service: raw.service } : {}),
    notSent: raw.email === "not-sent",
    dates,
    ...(fromIso && errors.length === 0 ? { from: fromIso } : {}),
    ...(toIso && errors.length === 0 ? { to: toIso } : {}),
    ...(raw.after ? { cursor: raw.after } : {}),
    errors,
  };
}

/** The store query for these filters, of the signed-in person's council only. */
export function toPageQuery(filters: ListFilters, limit: number, council: string): CasePageQuery {
  return {
    council,
    limit,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.sentTo === ANY_PARISH
      ? { destinationKind: "parish" as const }
      : filters.sentTo === ANY_BODY
        ? { destinationKind: "body" as const }
        : filters.sentTo
          ? { destination: filters.sentTo }
          : {}),
    ...(filters.service ? { service: filters.service } : {}),
    ...(filters.notSent ? { notSent: true } : {}),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(filters.search?.kind === "place" && filters.search.postcodePrefix
      ? { postcodePrefix: filters.search.postcodePrefix }
      : {}),
    ...(filters.search?.kind === "place" && filters.search.road ? { road: filters.search.road } : {}),
    ...(filters.cursor ? { cursor: filters.cursor } : {}),
  };
}

/** The filters as a query string (without the cursor), for links that keep them. */
export function filterParams(filters: ListFilters, identity?: StaffIdentity): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.search?.kind === "place") params.set(SEARCH_FIELD, filters.searchText.trim());
  if (filters.status) params.set("status", filters.status);
  if (filters.sentTo && identity?.role !== "clerk") params.set("sentTo", filters.sentTo);
  if (filters.service) params.set("service", filters.service);
  if (filters.notSent) params.set("email", "not-sent");
  if (filters.from || filters.to) for (const [k, v] of Object.entries(filters.dates)) if (v) params.set(k, v);
  return params;
}

/** The search box, read; an error for text that cannot be searched or a reference mistyped. */
function readSearch(typed: string | undefined, errors: FieldError[]): CaseSearch | undefined {
  if (typed === undefined || typed.trim() === "") return undefined;
  const checked = searchSchema.safeParse(typed);
  if (!checked.success) {
    errors.push({ field: SEARCH_FIELD, message: checked.error.issues[0]?.message ?? "Check the search" });
    return undefined;
  }
  const search = readCaseSearch(checked.data);
  if (search.kind === "bad-reference") {
    errors.push({
      field: SEARCH_FIELD,
      message: `${search.typed.toUpperCase()} is not a case reference. Check each letter and number`,
    });
    return undefined;
  }
  return search;
}

function readDate(
  raw: Record<string, string | undefined>,
  prefix: "from" | "to",
  label: string,
  errors: FieldError[],
): Day | undefined {
  const fields = ["day", "month", "year"] as const;
  const values = fields.map((f) => raw[`${prefix}-${f}`] ?? "");
  if (values.every((v) => v === "")) return undefined;
  const missing = fields.filter((_, i) => values[i] === "");
  if (missing.length > 0) {
    errors.push({
      field: `${prefix}-${missing[0]}`,
      message: `${label} must include a ${missing.join(" and ")}`,
    });
    return undefined;
  }
  const [day, month, year] = values.map((v) => (/^\d{1,4}$/.test(v) ? Number(v) : Number.NaN)) as [
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    !Number.isInteger(year) ||
    year < 2000 ||
    year > 2100 ||
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  ) {
    errors.push({ field: `${prefix}-day`, message: `${label} must be a real date` });
    return undefined;
  }
  return { year, month, day };
}

/**
 * The signed-in person's council id (the handler resolves it before any page runs; a page without
 * one lists nothing of any council).
 */
export const councilOfIdentity = (ctx: CaseLogContext): string => ctx.identity?.council ?? "";

/** The case list's filters from a request, for this person (a clerk's are always their parish). */
export function readCaseLogFilters(ctx: CaseLogContext) {
  return readListFilters(ctx.request.query, {
    ...(ctx.identity ? { identity: ctx.identity } : {}),
    areas: ctx.deps.areas,
    bodies: ctx.deps.routingBodies ?? [],
    services: ctx.deps.services,
  });
}
