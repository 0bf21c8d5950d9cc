/**
 * Planar geometry in kilometres. The generator builds everything on a flat local plane (x east,
 * y north) and converts to WGS84 only when writing, so distances and shapes are easy to reason about.
 */

/** A point on the local plane, in km: [x east, y north]. */
export type Point = readonly [number, number];
/** A ring of points; closed (first point repeated last) only when converted to GeoJSON. */
export type Ring = readonly Point[];
/** An outer ring followed by its holes. */
export type PolygonRings = readonly Ring[];

/** Twice the signed area of an open ring: positive when counter-clockwise (x east, y north). */
export function signedArea2(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i] as Point;
    const [x2, y2] = ring[(i + 1) % ring.length] as Point;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

/** Crossing-number test against one open ring (the boundary itself is never queried here). */
export function pointInRing(point: Point, ring: Ring): boolean {
  const [x, y] = point;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as Point;
    const [xj, yj] = ring[j] as Point;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole. */
export function pointInPolygon(point: Point, polygon: PolygonRings): boolean {
  const [outer, ...holes] = polygon;
  return outer !== undefined && pointInRing(point, outer) && !holes.some((hole) => pointInRing(point, hole));
}

/** Distance from a point to the segment a–b. */
export function distanceToSegment(point: Point, a: Point, b: Point): number {
  const [px, py] = point;
  const [ax, ay] = a;
  const dx = b[0] - ax;
  const dy = b[1] - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Distance from a point to the nearest edge of any of the rings. */
export function distanceToRings(point: Point, rings: readonly Ring[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i++) {
      best = Math.min(best, distanceToSegment(point, ring[i] as Point, ring[(i + 1) % ring.length] as Point));
    }
  }
  return best;
}

function orientation(a: Point, b: Point, c: Point): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

/**
 * Whether segments a–b and c–d meet anywhere other than at a shared endpoint. Used to prove that
 * the wiggly edges never cross or touch each other.
 */
export function segmentsConflict(a: Point, b: Point, c: Point, d: Point): boolean {
  const same = (p: Point, q: Point) => p[0] === q[0] && p[1] === q[1];
  const shared = same(a, c) || same(a, d) || same(b, c) || same(b, d);
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (shared) {
    // Segments that share an endpoint only conflict when they run along each other.
    return (
      o1 === 0 &&
      o2 === 0 &&
      !(same(a, c) && same(b, d)) &&
      !(same(a, d) && same(b, c)) &&
      overlap(a, b, c, d)
    );
  }
  if (o1 !== o2 && o3 !== o4) return true;
  return (
    (o1 === 0 && onSegment(a, c, b)) ||
    (o2 === 0 && onSegment(a, d, b)) ||
    (o3 === 0 && onSegment(c, a, d)) ||
    (o4 === 0 && onSegment(c, b, d))
  );
}

/** Whether q (collinear with p–r) lies within the bounding box of p–r. */
function onSegment(p: Point, q: Point, r: Point): boolean {
  return (
    Math.min(p[0], r[0]) <= q[0] &&
    q[0] <= Math.max(p[0], r[0]) &&
    Math.min(p[1], r[1]) <= q[1] &&
    q[1] <= Math.max(p[1], r[1])
  );
}

/** Collinear segments sharing an endpoint overlap when they point the same way from it. */
function overlap(a: Point, b: Point, c: Point, d: Point): boolean {
  const dot = (b[0] - a[0]) * (d[0] - c[0]) + (b[1] - a[1]) * (d[1] - c[1]);
  const sameStart = (a[0] === c[0] && a[1] === c[1]) || (b[0] === d[0] && b[1] === d[1]);
  return sameStart ? dot > 0 : dot < 0;
}
