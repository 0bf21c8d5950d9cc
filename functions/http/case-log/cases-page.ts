import { bodyFor } from "#core/case/bodies.js";
import type { Case } from "#core/case/case.js";
import { CASE_STATUSES, type CasePage } from "#core/ports/case-store.js";
import { serviceName } from "#core/services/answer-words.js";
import type { FieldError } from "../form-errors.js";
import { page, redirect } from "../page-result.js";
import { type CaseLogContext, type CaseLogResult, canSee } from "./case-log-types.js";
import { locationText, snippet } from "./case-summary.js";
import { districtMapFor } from "./district-map.js";
import { deliveryLabels, formatTime, statusLabels } from "./labels.js";
import {
  ANY_BODY,
  ANY_PARISH,
  councilOfIdentity,
  filterParams,
  type ListFilters,
  readCaseLogFilters,
  SEARCH_FIELD,
  toPageQuery,
} from "./list-filters.js";
import { staffPaths } from "./paths.js";

const nothingFound: CasePage = { cases: [] };

/** The case list: search, filters, counts by status, the district map and one page of cases. */
export async function casesPage(ctx: CaseLogContext): Promise<CaseLogResult> {
  const { deps, identity } = ctx;
  const filters = readCaseLogFilters(ctx);
  // A reference is looked up, never listed: straight to the case if this person may see it.
  const looked = await referenceSearch(ctx, filters);
  if (looked && "kind" in looked) return looked;
  const missing = looked;
  const errors = missing ? [...filters.errors, missing] : filters.errors;
  const limit = deps.pageSize ?? 50;
  const range = {
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
  const council = councilOfIdentity(ctx);
  const { limit: _limit, cursor: _cursor, ...mapQuery } = toPageQuery(filters, limit, council);
  // A search that cannot run lists nothing rather than every case.
  const searchFailed = errors.some((e) => e.field === SEARCH_FIELD);
  const [result, counts, districtMap] = await Promise.all([
    searchFailed ? nothingFound : deps.caseStore.listCases(toPageQuery(filters, limit, council)),
    identity?.role === "staff" ? deps.caseStore.countByStatus({ council, ...range }) : undefined,
    errors.length === 0 ? districtMapFor(ctx, mapQuery) : undefined,
  ]);
  const base = filterParams(filters, identity);
  const href = (path: string, extra: Record<string, string> = {}) => {
    const params = new URLSearchParams(base);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    const text = params.toString();
    return text ? `${path}?${text}` : path;
  };
  return page(
    "cases.njk",
    {
      title: "Cases",
      identity,
      section: "cases",
      districtMap,
      rows: result.cases.map((c) => caseRow(c, deps)),
      search: filters.searchText,
      searching: filters.search?.kind === "place",
      // Reads are bounded, so a search or filter that thins the list may stop short of the page.
      partPage: Boolean(result.next) && result.cases.length < limit,
      counts:
        counts &&
        CASE_STATUSES.map((s) => ({
          status: s,
          label: statusLabels[s],
          count: counts[s],
          href: href(staffPaths.cases, { status: s }),
        })),
      countsForDates: Boolean(filters.from || filters.to),
      statusOptions: [
        { value: "", text: "Any status", selected: !filters.status },
        ...CASE_STATUSES.map((s) => ({ value: s, text: statusLabels[s], selected: s === filters.status })),
      ],
      sentToOptions: identity?.role === "staff" ? sentToOptions(deps, filters.sentTo) : undefined,
      emailOptions: [
        { value: "", text: "Any", selected: !filters.notSent },
        { value: "not-sent", text: "Not sent or not confirmed", selected: filters.notSent },
      ],
      serviceOptions: [
        { value: "", text: "Any service", selected: !filters.service },
        ...deps.services.map((s) => ({ value: s.id, text: s.name, selected: s.id === filters.service })),
      ],
      dates: filters.dates,
      csvHref: href(staffPaths.csv),
      nextHref: result.next ? href(staffPaths.cases, { after: result.next }) : undefined,
      firstHref: filters.cursor ? href(staffPaths.cases) : undefined,
    },
    errors,
    // Not found and not visible read the same: a clerk learns nothing of other parishes' cases.
    missing ? 404 : undefined,
  );
}

/**
 * A reference search: one read. The case's page if it exists and this person may see it; else the
 * one message for both "no such case" and "not yours".
 */
async function referenceSearch(
  ctx: CaseLogContext,
  filters: ListFilters,
): Promise<CaseLogResult | FieldError | undefined> {
  if (filters.search?.kind !== "reference" || !ctx.identity) return undefined;
  const { reference } = filters.search;
  const found = await ctx.deps.caseStore.get(reference);
  if (found && canSee(ctx.identity, found, ctx.deps.councils))
    return redirect(staffPaths.case(found.reference));
  return { field: SEARCH_FIELD, message: `No case with reference ${reference}` };
}

/**
 * The "Sent to" choices, in words: anywhere, any parish, any other organisation, the council
 * itself, each body beyond it that its cases go to (by name), then its parishes.
 */
function sentToOptions(deps: CaseLogContext["deps"], chosen: string | undefined) {
  const option = (value: string, text: string) => ({ value, text, selected: value === chosen });
  const bodies = deps.routingBodies ?? [];
  return [
    { value: "", text: "Anywhere", selected: !chosen },
    option(ANY_PARISH, "Any parish council"),
    ...(bodies.length ? [option(ANY_BODY, "Any other organisation")] : []),
    ...deps.areas
      .filter((a) => a.kind === "district")
      .map((a) => option(a.code, bodyFor(a, deps.bodies, deps.councilName).name)),
    ...bodies.map((b) => option(b.id, b.name)),
    ...deps.areas.filter((a) => a.kind === "parish").map((a) => option(a.code, a.name)),
  ];
}

function caseRow(c: Case, deps: CaseLogContext["deps"]) {
  return {
    reference: c.reference,
    href: staffPaths.case(c.reference),
    createdAt: c.createdAt,
    created: formatTime(c.createdAt),
    service: serviceName(deps.services, c.service),
    status: statusLabels[c.status],
    delivery: deliveryLabels[c.delivery],
    destination: bodyFor(c.destination, deps.bodies, deps.councilName).name,
    location: locationText(c),
    description: snippet(c.description),
    // A rule would have sent the resident elsewhere; the list tags the case so staff see it.
    signposted: c.signpost !== undefined,
  };
}

export async function countsData(ctx: CaseLogContext): Promise<CaseLogResult> {
  if (ctx.identity?.role !== "staff") {
    return { kind: "data", status: 403, contentType: "application/json", body: '{"error":"forbidden"}' };
  }
  const filters = readCaseLogFilters(ctx);
  const counts = await ctx.deps.caseStore.countByStatus({
    council: councilOfIdentity(ctx),
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  });
  return {
    kind: "data",
    status: 200,
    contentType: "application/json; charset=utf-8",
    body: JSON.stringify(counts),
  };
}
