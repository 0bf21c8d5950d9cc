import type { Case } from "#core/case/case.js";
import type { CaseLogDeps } from "./case-log-types.js";
import { caseMapSvg } from "./svg-map.js";

/** What case-map.njk shows on a case page: the map, or nothing where there are no boundaries. */
export interface CaseMapView {
  svg: string;
}

export function caseMapView(deps: CaseLogDeps, report: Case): CaseMapView | undefined {
  if (!deps.boundaries) return undefined;
  const svg = caseMapSvg(
    deps.boundaries,
    report.routing.area.code,
    report.location,
    report.routing.area.name,
  );
  return svg ? { svg } : undefined;
}
