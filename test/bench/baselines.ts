/**
 * The look-ups the index is measured against, all over the same boundaries: Turf against every
 * parish (the naive scan), the previous flatbush + Turf index, and Turf against the one polygon
 * known to hold the point (the floor: no search at all).
 */
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import Flatbush from "flatbush";
import type { MultiPolygon, Polygon, Position } from "geojson";
import type { Boundary } from "#core/spatial/boundary-index.js";

type Answer = string;

const byCode = (parishes: readonly Boundary[]) =>
  [...parishes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

export function naiveScan(district: Boundary, parishes: readonly Boundary[]): (point: Position) => Answer {
  const sorted = byCode(parishes);
  return (point) => {
    if (!booleanPointInPolygon(point, district.geometry)) return "outside";
    for (const parish of sorted) if (booleanPointInPolygon(point, parish.geometry)) return parish.code;
    return "unparished";
  };
}

/** What functions/core/spatial/boundary-index.ts did before the packed index: a box per parish. */
export function flatbushTurf(district: Boundary, parishes: readonly Boundary[]): (point: Position) => Answer {
  const sorted = byCode(parishes);
  const tree = new Flatbush(sorted.length);
  for (const parish of sorted) tree.add(...boxOf(parish.geometry));
  tree.finish();
  const districtBox = boxOf(district.geometry);
  return (point) => {
    const [x, y] = point as [number, number];
    if (
      x < districtBox[0] ||
      y < districtBox[1] ||
      x > districtBox[2] ||
      y > districtBox[3] ||
      !booleanPointInPolygon(point, district.geometry)
    ) {
      return "outside";
    }
    const candidates = tree.search(x, y, x, y).sort((a, b) => a - b);
    for (const i of candidates)
      if (booleanPointInPolygon(point, (sorted[i] as Boundary).geometry)) return (sorted[i] as Boundary).code;
    return "unparished";
  };
}

function boxOf(geometry: Polygon | MultiPolygon): [number, number, number, number] {
  const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates) {
    for (const [x, y] of (polygon[0] ?? []) as [number, number][]) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return box;
}
