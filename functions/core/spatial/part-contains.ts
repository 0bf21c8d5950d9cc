import { crossSign } from "./exact-sign.js";
import { bandOf, type PackedPolygons, PART_STRIDE } from "./packed-polygons.js";

/**
 * Whether part p contains (x, y), with exactly the answers of Turf's `booleanPointInPolygon`: the
 * crossing test of Hao et al. (the `point-in-polygon-hao` package Turf uses), where a point on any
 * ring, hole rings included, counts as inside and holes are excluded by parity. The same subtractions
 * and an exact sign give the same result bit for bit; only the edges in the point's band are visited,
 * which skips just edges that cannot touch the point's horizontal line.
 */
export function partContains(shapes: PackedPolygons, part: number, x: number, y: number): boolean {
  const { parts, coords, bandStarts, bandEdges } = shapes;
  const at = part * PART_STRIDE;
  // The part's box (see PackedPolygons.parts), written so that NaN fails too.
  if (!(
    x >= (parts[at] as number) &&
    y >= (parts[at + 1] as number) &&
    x <= (parts[at + 2] as number) &&
    y <= (parts[at + 3] as number)
  )) {
    return false;
  }
  const band = (parts[at + 6] as number) + bandOf(parts, part, y);
  const end = bandStarts[band + 1] as number;
  let crossings = 0;
  for (let i = bandStarts[band] as number; i < end; i++) {
    const v = 2 * (bandEdges[i] as number);
    const u1 = (coords[v] as number) - x;
    const v1 = (coords[v + 1] as number) - y;
    const u2 = (coords[v + 2] as number) - x;
    const v2 = (coords[v + 3] as number) - y;
    if (v1 === 0 && v2 === 0) {
      // A horizontal edge on the point's line: on the boundary if the point lies between its ends.
      if ((u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0)) return true;
    } else if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
      const side = crossSign(u2, v1, u1, v2);
      if (side === 0) return true;
      if ((side > 0 && v2 > 0 && v1 <= 0) || (side < 0 && v2 <= 0 && v1 > 0)) crossings++;
    }
  }
  return crossings % 2 === 1;
}

/** Whether any part of area a contains (x, y). */
export function areaContains(shapes: PackedPolygons, area: number, x: number, y: number): boolean {
  const end = shapes.areaParts[area + 1] as number;
  for (let p = shapes.areaParts[area] as number; p < end; p++) {
    if (partContains(shapes, p, x, y)) return true;
  }
  return false;
}
