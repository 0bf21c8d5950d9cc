import Flatbush from "flatbush";
import type { Position } from "geojson";
import { crossSign } from "#core/spatial/exact-sign.js";

/**
 * Where a closed ring crosses or touches itself, if it does (the first such point found). A
 * self-crossing ring is invalid for most GIS tools; the look-up still answers as Turf would (by
 * parity), so the importer warns rather than refuses. Segments are boxed in a flatbush index, so
 * only segments whose boxes meet are compared.
 */
export function findSelfCrossing(input: readonly Position[]): Position | undefined {
  // Repeated consecutive vertices would make neighbours of neighbours look like touching segments.
  const ring = input.filter((p, i) => i === 0 || p[0] !== input[i - 1]?.[0] || p[1] !== input[i - 1]?.[1]);
  const segments = ring.length - 1;
  if (segments < 3) return undefined;
  const index = new Flatbush(segments);
  for (let i = 0; i < segments; i++) {
    const [a, b] = [ring[i] as Position, ring[i + 1] as Position];
    index.add(Math.min(x(a), x(b)), Math.min(y(a), y(b)), Math.max(x(a), x(b)), Math.max(y(a), y(b)));
  }
  index.finish();
  for (let i = 0; i < segments; i++) {
    const [a, b] = [ring[i] as Position, ring[i + 1] as Position];
    const hits = index.search(
      Math.min(x(a), x(b)),
      Math.min(y(a), y(b)),
      Math.max(x(a), x(b)),
      Math.max(y(a), y(b)),
    );
    for (const j of hits) {
      // Neighbouring segments share a vertex by design (the first and last are neighbours too).
      if (j <= i + 1 || (i === 0 && j === segments - 1)) continue;
      const [c, d] = [ring[j] as Position, ring[j + 1] as Position];
      if (segmentsMeet(a, b, c, d)) return meetingPoint(a, b, c, d);
    }
  }
  return undefined;
}

function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const [abc, abd, cda, cdb] = [orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b)];
  if (abc * abd > 0 || cda * cdb > 0) return false;
  if (abc !== 0 || abd !== 0 || cda !== 0 || cdb !== 0) return true;
  // Collinear: they meet if their extents overlap (the boxes already do, but only on one axis if vertical).
  return (
    Math.max(x(a), x(b)) >= Math.min(x(c), x(d)) &&
    Math.max(x(c), x(d)) >= Math.min(x(a), x(b)) &&
    Math.max(y(a), y(b)) >= Math.min(y(c), y(d)) &&
    Math.max(y(c), y(d)) >= Math.min(y(a), y(b))
  );
}

/** Where two segments that meet do so: their crossing, or for collinear ones an end inside the other. */
function meetingPoint(a: Position, b: Position, c: Position, d: Position): Position {
  const [abx, aby, cdx, cdy] = [x(b) - x(a), y(b) - y(a), x(d) - x(c), y(d) - y(c)];
  const denominator = abx * cdy - aby * cdx;
  if (denominator !== 0) {
    const t = ((x(c) - x(a)) * cdy - (y(c) - y(a)) * cdx) / denominator;
    return [x(a) + t * abx, y(a) + t * aby];
  }
  const within = (p: Position, q: Position, r: Position) =>
    x(p) >= Math.min(x(q), x(r)) &&
    x(p) <= Math.max(x(q), x(r)) &&
    y(p) >= Math.min(y(q), y(r)) &&
    y(p) <= Math.max(y(q), y(r));
  return [c, d].find((p) => within(p, a, b)) ?? a;
}

/** Which side of the line p→q r is on (the subtractions round; close enough for a warning). */
function orient(p: Position, q: Position, r: Position): number {
  return crossSign(x(q) - x(p), y(r) - y(p), y(q) - y(p), x(r) - x(p));
}

const x = (p: Position) => p[0] as number;
const y = (p: Position) => p[1] as number;
