import type { PackedPolygons } from "#core/spatial/packed-polygons.js";

/** A box in longitude and latitude. */
export interface LngLatBox {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** A ring as flat [x0, y0, x1, y1, …] coordinates (closed: the last repeats the first). */
export type Ring = Float64Array;

/** Each ring of an area, outer rings and holes alike. */
export function ringsOf(shapes: PackedPolygons, area: number): Ring[] {
  const rings: Ring[] = [];
  const firstPart = shapes.areaParts[area] ?? 0;
  const endPart = shapes.areaParts[area + 1] ?? firstPart;
  for (let part = firstPart; part < endPart; part++) {
    for (let ring = shapes.partRings[part] ?? 0; ring < (shapes.partRings[part + 1] ?? 0); ring++) {
      const from = shapes.ringVertices[ring] ?? 0;
      const to = shapes.ringVertices[ring + 1] ?? from;
      rings.push(shapes.coords.subarray(from * 2, to * 2));
    }
  }
  return rings;
}

/** How many areas the packed shapes hold. */
export const areaCount = (shapes: PackedPolygons): number => Math.max(shapes.areaParts.length - 1, 0);

/** An area's box, from its parts' boxes (no vertex is read). */
export function areaBox(shapes: PackedPolygons, area: number): LngLatBox {
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let part = shapes.areaParts[area] ?? 0; part < (shapes.areaParts[area + 1] ?? 0); part++) {
    const at = part * 8;
    box.minX = Math.min(box.minX, shapes.parts[at] as number);
    box.minY = Math.min(box.minY, shapes.parts[at + 1] as number);
    box.maxX = Math.max(box.maxX, shapes.parts[at + 2] as number);
    box.maxY = Math.max(box.maxY, shapes.parts[at + 3] as number);
  }
  return box;
}

export const boxesMeet = (a: LngLatBox, b: LngLatBox): boolean =>
  a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY;

/** Mean Earth radius (IUGG), in metres: a degree of latitude is about 111.2 km. */
const EARTH_RADIUS_M = 6_371_008.8;
export const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;

/**
 * The shortest distance in metres from a point to any edge of the rings, on a local flat plane
 * (longitude shrunk by the cosine of the latitude): within a fraction of a percent over a parish.
 */
export function distanceToRingsM(rings: readonly Ring[], lng: number, lat: number): number {
  const k = Math.cos((lat * Math.PI) / 180);
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 0; i + 3 < ring.length; i += 2) {
      const ax = ((ring[i] as number) - lng) * k;
      const ay = (ring[i + 1] as number) - lat;
      const bx = ((ring[i + 2] as number) - lng) * k;
      const by = (ring[i + 3] as number) - lat;
      best = Math.min(best, segmentDistance(0, 0, ax, ay, bx, by));
    }
  }
  return best * METRES_PER_DEGREE;
}

/** Distance from (px, py) to the segment a–b, in the units given. */
export function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number) {
  const dx = bx - ax;
  const dy = by - ay;
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
