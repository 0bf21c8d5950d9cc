import type { Case } from "#core/case/case.js";
import type { CaseLogDeps } from "./case-log-types.js";
import { caseMapSvg } from "./svg-map.js";

/** What case-map.njk shows on a case page: the map, or nothing where there are no boundaries. */
export interface CaseMapView {
  svg: string;
  /** The map in words, shown under it for everyone. */
  description: string;
  /** The same point on OpenStreetMap, for streets and houses the boundary map does not show. */
  openStreetMapHref: string;
}

export function caseMapView(deps: CaseLogDeps, report: Case): CaseMapView | undefined {
  if (!deps.boundaries) return undefined;
  const map = caseMapSvg(deps.boundaries, report.routing.area.code, report.location);
  if (!map) return undefined;
  return {
    svg: map.svg,
    description: map.description,
    openStreetMapHref: openStreetMapHref(report.location),
  };
}

/** OpenStreetMap's page with a marker at the point, at street level (zoom 17). */
export function openStreetMapHref(point: { lat: number; lng: number }): string {
  const lat = point.lat.toFixed(6);
  const lng = point.lng.toFixed(6);
  return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
}
