import { n } from "./escape.js";
import { type LngLatBox, METRES_PER_DEGREE, type Ring, segmentDistance } from "./geometry.js";

/** Pixel coordinates in a drawing: x to the right, y down. */
export type Pixel = [number, number];

/**
 * Equirectangular, longitude shrunk by the cosine of the middle latitude: over a district the
 * shapes keep their proportions and a pixel is the same distance every way, so one scale bar is
 * right everywhere on the map (to well under 1% over a district's height).
 */
export interface Projection {
  width: number;
  height: number;
  project(lng: number, lat: number): Pixel;
  unproject(x: number, y: number): { lng: number; lat: number };
  /** Ground metres one pixel stands for. */
  metresPerPixel: number;
  /** What the drawing shows, in longitude and latitude. */
  view: LngLatBox;
}

/**
 * Fits `box` into a drawing `width` wide with `pad` pixels around it; the height follows the box's
 * shape, between `minHeight` and `maxHeight` (the box is centred if it must be letterboxed).
 */
export function fitProjection(
  box: LngLatBox,
  options: { width: number; pad: number; minHeight: number; maxHeight: number },
): Projection {
  const { width, pad } = options;
  const k = Math.cos((((box.minY + box.maxY) / 2) * Math.PI) / 180);
  const spanX = Math.max((box.maxX - box.minX) * k, 1e-9);
  const spanY = Math.max(box.maxY - box.minY, 1e-9);
  const wanted = pad * 2 + (spanY * (width - 2 * pad)) / spanX;
  const height = Math.round(Math.min(options.maxHeight, Math.max(options.minHeight, wanted)));
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const offX = (width - spanX * scale) / 2;
  const offY = (height - spanY * scale) / 2;
  return {
    width,
    height,
    project: (lng, lat) => [offX + (lng - box.minX) * k * scale, height - (offY + (lat - box.minY) * scale)],
    unproject: (x, y) => ({
      lng: box.minX + (x - offX) / (k * scale),
      lat: box.minY + (height - y - offY) / scale,
    }),
    metresPerPixel: METRES_PER_DEGREE / scale,
    view: {
      minX: box.minX - offX / (k * scale),
      maxX: box.minX + (width - offX) / (k * scale),
      minY: box.minY - offY / scale,
      maxY: box.minY + (height - offY) / scale,
    },
  };
}

/**
 * Rings projected to pixels and thinned to what the picture can show: vertices closer than
 * `minStep` pixels to the last one kept are dropped, then any vertex within `tolerance` pixels of
 * the line its neighbours make (Douglas–Peucker), so a detailed coastline costs few bytes. Rings
 * that shrink to under three points are dropped.
 */
export function projectRings(
  rings: readonly Ring[],
  projection: Projection,
  minStep = 1,
  tolerance = 0.6,
): Pixel[][] {
  const out: Pixel[][] = [];
  for (const ring of rings) {
    const points: Pixel[] = [];
    let last: Pixel | undefined;
    for (let i = 0; i < ring.length; i += 2) {
      const p = projection.project(ring[i] as number, ring[i + 1] as number);
      const isLast = i + 2 >= ring.length;
      if (last && !isLast && Math.hypot(p[0] - last[0], p[1] - last[1]) < minStep) continue;
      points.push(p);
      last = p;
    }
    // Cut away what lies well outside the drawing (its strokes never show), so a big neighbour
    // costs only its visible part.
    const clipped = clip(
      points,
      -CLIP_MARGIN,
      -CLIP_MARGIN,
      projection.width + CLIP_MARGIN,
      projection.height + CLIP_MARGIN,
    );
    const kept = simplify(clipped, tolerance);
    if (kept.length >= 4) out.push(kept);
  }
  return out;
}

const CLIP_MARGIN = 10;

/**
 * Sutherland–Hodgman: the part of a closed ring inside a rectangle, as a closed ring (edges along
 * the rectangle's sides where it was cut, which lie outside the drawing). A convex window keeps
 * this exact for filling.
 */
export function clip(ring: readonly Pixel[], x0: number, y0: number, x1: number, y1: number): Pixel[] {
  let points = ring.slice(0, -1);
  const sides: Array<[(p: Pixel) => boolean, (a: Pixel, b: Pixel) => Pixel]> = [
    [(p) => p[0] >= x0, (a, b) => at(a, b, (x0 - a[0]) / (b[0] - a[0]))],
    [(p) => p[0] <= x1, (a, b) => at(a, b, (x1 - a[0]) / (b[0] - a[0]))],
    [(p) => p[1] >= y0, (a, b) => at(a, b, (y0 - a[1]) / (b[1] - a[1]))],
    [(p) => p[1] <= y1, (a, b) => at(a, b, (y1 - a[1]) / (b[1] - a[1]))],
  ];
  for (const [inside, cross] of sides) {
    if (points.length === 0) break;
    const out: Pixel[] = [];
    for (let i = 0; i < points.length; i++) {
      const current = points[i] as Pixel;
      const previous = points[(i + points.length - 1) % points.length] as Pixel;
      if (inside(current)) {
        if (!inside(previous)) out.push(cross(previous, current));
        out.push(current);
      } else if (inside(previous)) {
        out.push(cross(previous, current));
      }
    }
    points = out;
  }
  if (points.length === 0) return [];
  return [...points, points[0] as Pixel];
}

const at = (a: Pixel, b: Pixel, t: number): Pixel => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

/** Douglas–Peucker over a closed ring: keeps the first and last points and what strays from the line. */
function simplify(points: readonly Pixel[], tolerance: number): Pixel[] {
  if (points.length <= 4) return [...points];
  const keep = new Uint8Array(points.length);
  keep[0] = 1;
  keep[points.length - 1] = 1;
  // A closed ring's ends coincide, so the farthest point from the first splits it in two first.
  let far = 1;
  let farDistance = -1;
  const [fx, fy] = points[0] as Pixel;
  for (let i = 1; i < points.length - 1; i++) {
    const [x, y] = points[i] as Pixel;
    const d = Math.hypot(x - fx, y - fy);
    if (d > farDistance) {
      farDistance = d;
      far = i;
    }
  }
  keep[far] = 1;
  const stack: Array<[number, number]> = [
    [0, far],
    [far, points.length - 1],
  ];
  while (stack.length > 0) {
    const [a, b] = stack.pop() as [number, number];
    const [ax, ay] = points[a] as Pixel;
    const [bx, by] = points[b] as Pixel;
    let worst = -1;
    let worstDistance = tolerance;
    for (let i = a + 1; i < b; i++) {
      const [x, y] = points[i] as Pixel;
      const d = segmentDistance(x, y, ax, ay, bx, by);
      if (d > worstDistance) {
        worstDistance = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return points.filter((_, i) => keep[i] === 1);
}

/** The `d` of a path for pixel rings (each closed). */
export function pathData(rings: readonly Pixel[][]): string {
  return rings.map((ring) => `M${ring.map(([x, y]) => `${n(x)} ${n(y)}`).join("L")}Z`).join("");
}
