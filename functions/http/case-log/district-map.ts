import type { Case, CaseStatus } from "#core/case/case.js";
import { CASE_STATUSES, type CasePageQuery } from "#core/ports/case-store.js";
import { canSee, type CaseLogContext } from "./case-log-types.js";
import { statusLabels } from "./labels.js";
import { districtMapSvg } from "./svg/district-svg.js";
import { legendMark } from "./svg/status-marks.js";

/** At most this many cases on the map (the newest). */
export const MAP_MAX_CASES = 500;

export interface DistrictMapView {
  svg: string;
  /** One sentence: how many cases the map shows, and whether it is cut short. */
  summary: string;
  legend: Array<{ label: string; mark: string }>;
  /** The table alternative: every parish (and the unparished rest), with cases by status. */
  rows: Array<{ name: string; counts: number[]; total: number }>;
  statusHeadings: string[];
}

/**
 * The district map above the case list: parish outlines and names from the boundary data, and the
 * cases the list's filters find as points shaped and coloured by status, as inline SVG (no script,
 * no tiles), with a table of the same cases by parish. Undefined where there are no boundaries.
 * `query` is the list's (a clerk's always names their parish); each case is checked again anyway.
 */
export async function districtMapFor(
  ctx: CaseLogContext,
  query: Omit<CasePageQuery, "limit" | "cursor">,
): Promise<DistrictMapView | undefined> {
  const { deps, identity } = ctx;
  if (!deps.boundaries || !identity) return undefined;
  // One bounded read (the store caps its queries per index partition), so the map costs each
  // list page a fixed number of calls however many cases there are.
  const page = await deps.caseStore.listCases({ ...query, limit: MAP_MAX_CASES });
  const shown = page.cases.filter((c) => canSee(identity, c, deps.councils)).slice(0, MAP_MAX_CASES);
  const cut = page.next !== undefined;

  const district = deps.boundaries.district;
  const rows = [
    ...deps.boundaries.parishes.map((p) => ({ code: p.code, name: p.name })),
    { code: district.code, name: `Not in a parish (${district.name})` },
  ].map((area) => {
    const counts = CASE_STATUSES.map(
      (s) => shown.filter((c) => c.routing.area.code === area.code && c.status === s).length,
    );
    return { name: area.name, counts, total: counts.reduce((a, b) => a + b, 0) };
  });
  const summary = cut
    ? `Showing the newest ${shown.length} cases that match. Choose dates or other filters to see older ones.`
    : `Showing all ${shown.length} ${shown.length === 1 ? "case" : "cases"} that match.`;
  const byStatus = CASE_STATUSES.map((s) => `${count(shown, s)} ${statusLabels[s].toLowerCase()}`).join(", ");
  const svg = districtMapSvg(
    deps.boundaries,
    shown.map((c) => ({ lng: c.location.lng, lat: c.location.lat, status: c.status })),
    {
      title: `Map of ${district.name} with its parishes and the cases that match`,
      description: `${summary} ${byStatus}. The table "Cases by parish" below the map gives the numbers for each parish.`,
    },
  );
  return {
    svg,
    summary,
    legend: CASE_STATUSES.map((s) => ({ label: statusLabels[s], mark: legendMark(s) })),
    rows,
    statusHeadings: CASE_STATUSES.map((s) => statusLabels[s]),
  };
}

const count = (cases: readonly Case[], status: CaseStatus) => cases.filter((c) => c.status === status).length;
