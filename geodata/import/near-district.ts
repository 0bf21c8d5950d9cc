import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Geometry, MultiPolygon, Polygon, Position } from "geojson";
import type { Boundary } from "#core/spatial/boundary-index.js";
import { areaInteriorPoint } from "#core/spatial/interior-point.js";
import { type CrsName, fromLngLat } from "./crs.js";
import { polygonsOf } from "./polygons.js";

type Box = [minX: number, minY: number, maxX: number, maxY: number];

/**
 * A cheap first cut for a national file: whether a raw feature's box, in its file's own coordinates,
 * comes near the district's, so far-away features are never reprojected or validated. A feature
 * whose positions are missing or malformed passes, so that validation reports it rather than it
 * vanishing here.
 */
export function nearDistrictBox(district: Boundary, crs: CrsName): (geometry: Geometry | null) => boolean {
  const box = boxOf(polygonsOf(district.geometry).flat(2).map(fromLngLat(crs)));
  // Projected edges bow slightly between their vertices; a small margin covers it.
  const margin = Math.max(box[2] - box[0], box[3] - box[1]) * 0.01;
  return (geometry) => {
    const own = boxOf(rawPositions(geometry));
    if (!own.every(Number.isFinite)) return true;
    return (
      own[0] <= box[2] + margin &&
      own[2] >= box[0] - margin &&
      own[1] <= box[3] + margin &&
      own[3] >= box[1] - margin
    );
  };
}

/**
 * Whether a validated parish is in the district, judged by a point well inside its largest part,
 * so that parish and district outlines generalised differently, which disagree a little along the
 * district's edge, do not matter.
 */
export function insideDistrict(polygons: Position[][][], district: Polygon | MultiPolygon): boolean {
  return booleanPointInPolygon(areaInteriorPoint({ type: "MultiPolygon", coordinates: polygons }), district);
}

/** Positions of a raw geometry, whatever shape it is in. */
function rawPositions(geometry: Geometry | null): Position[] {
  const out: Position[] = [];
  const walk = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === "number") out.push(value as Position);
    else value.forEach(walk);
  };
  walk((geometry as { coordinates?: unknown } | null)?.coordinates);
  return out;
}

function boxOf(positions: Position[]): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions as [number, number][]) {
    box[0] = Math.min(box[0], x);
    box[1] = Math.min(box[1], y);
    box[2] = Math.max(box[2], x);
    box[3] = Math.max(box[3], y);
  }
  return box;
}
