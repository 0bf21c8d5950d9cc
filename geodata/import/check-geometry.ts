import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Geometry, Position } from "geojson";
import type { ImportIssue } from "./issues.js";
import { findSelfCrossing } from "./ring-crossing.js";

type Issue = Omit<ImportIssue, "feature">;

export interface CheckedGeometry {
  /** The polygons in WGS84, closed and RFC 7946-wound; undefined when there were errors. */
  polygons: Position[][][] | undefined;
  issues: Issue[];
}

/**
 * Validates one feature's geometry and returns it as WGS84 polygons. Refused (errors): no geometry,
 * a non-polygon type, positions that are not finite numbers or not longitude/latitude, rings of fewer
 * than four positions or no area, holes outside their polygon. Fixed: open rings are closed, rings
 * are rewound (outer counter-clockwise, holes clockwise), Z values dropped. Warned: rings that
 * cross themselves. Coordinates are otherwise kept exactly: nothing is simplified or rounded.
 */
export function checkGeometry(
  geometry: Geometry | null,
  toLngLat: (position: Position) => Position,
): CheckedGeometry {
  if (!geometry) return refuse("has no geometry");
  if (geometry.type !== "Polygon" && geometry.type !== "MultiPolygon") {
    return refuse(`has a ${geometry.type}, not a Polygon or MultiPolygon`);
  }
  const parts = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  if (
    !Array.isArray(parts) ||
    parts.length === 0 ||
    parts.some((part) => !Array.isArray(part) || part.length === 0)
  ) {
    return refuse("has an empty geometry");
  }
  const issues: Issue[] = [];
  const note = (level: Issue["level"], message: string) => {
    if (!issues.some((issue) => issue.level === level && issue.message === message))
      issues.push({ level, message });
  };
  const polygons = parts.map((part, p) =>
    part.map((ring, r) => {
      const where = `${parts.length > 1 ? `part ${p} ` : ""}${r === 0 ? "outer ring" : `hole ${r}`}`;
      return checkRing(ring, where, r === 0, toLngLat, (level, message) =>
        level === "error" ? issues.push({ level, message }) : note(level, message),
      );
    }),
  );
  polygons.forEach((polygon, p) => {
    const [outer, ...holes] = polygon;
    if (!outer) return;
    holes.forEach((hole, h) => {
      if (
        hole &&
        !hole.every((position) => booleanPointInPolygon(position, { type: "Polygon", coordinates: [outer] }))
      ) {
        issues.push({
          level: "error",
          message: `${polygons.length > 1 ? `part ${p} ` : ""}hole ${h + 1} is not inside its outer ring`,
        });
      }
    });
  });
  if (issues.some((issue) => issue.level === "error")) return { polygons: undefined, issues };
  return { polygons: polygons as Position[][][], issues };
}

function checkRing(
  ring: unknown,
  where: string,
  outer: boolean,
  toLngLat: (position: Position) => Position,
  report: (level: Issue["level"], message: string) => void,
): Position[] | undefined {
  if (!Array.isArray(ring)) return void report("error", `${where} is not a list of positions`);
  const bad = ring.findIndex(
    (p) => !Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]),
  );
  if (bad >= 0) return void report("error", `${where} position ${bad} is not a pair of finite numbers`);
  if (ring.some((p: Position) => p.length > 2)) report("fixed", "dropped Z values");
  let positions = (ring as Position[]).map((p) => toLngLat([p[0] as number, p[1] as number]));
  const outOfRange = positions.findIndex(
    ([lng, lat]) => Math.abs(lng as number) > 180 || Math.abs(lat as number) > 90,
  );
  if (outOfRange >= 0) {
    return void report(
      "error",
      `${where} position ${outOfRange} (${ring[outOfRange]}) is not a longitude/latitude: for British National Grid metres use --crs EPSG:27700`,
    );
  }
  const [first, last] = [positions[0], positions[positions.length - 1]];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) {
    positions = [...positions, first];
    report("fixed", "closed open rings");
  }
  if (positions.length < 4)
    return void report("error", `${where} has ${positions.length} positions; a ring needs at least 4`);
  const area = signedArea(positions);
  if (area === 0) return void report("error", `${where} has no area`);
  if (outer !== area > 0) {
    positions.reverse();
    report("fixed", "rewound rings to RFC 7946 (outer rings counter-clockwise, holes clockwise)");
  }
  const crossing = findSelfCrossing(positions);
  if (crossing) {
    const [lng, lat] = crossing.map((value) => Number(value.toFixed(7)));
    report("warning", `${where} crosses or touches itself near ${lng},${lat}`);
  }
  return positions;
}

/** Twice the signed area (shoelace); positive when counter-clockwise. */
function signedArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i] as [number, number];
    const [x2, y2] = ring[i + 1] as [number, number];
    sum += (x1 - x2) * (y1 + y2);
  }
  return sum;
}

function refuse(message: string): CheckedGeometry {
  return { polygons: undefined, issues: [{ level: "error", message }] };
}
