/** The committed demo layers, read once, and the geometry helpers their tests share. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import { point } from "@turf/helpers";
import { DEMO_DIR } from "../../geodata/scripts/generate-demo.js";

export type Position = [number, number];
export type Geometry =
  { type: "Polygon"; coordinates: Position[][] } | { type: "MultiPolygon"; coordinates: Position[][][] };
export interface Feature {
  type: "Feature";
  properties: { code: string; name: string; type?: string };
  geometry: Geometry;
}
interface Collection {
  type: "FeatureCollection";
  name?: string;
  features: Feature[];
}
export interface PostcodeRow {
  postcode: string;
  lat: number;
  lng: number;
  expected: string;
  local: string;
}

export const read = (name: string) => readFileSync(join(DEMO_DIR, name), "utf8");
export const layer = (name: string) => JSON.parse(read(name)) as Collection;

export const postcodes: PostcodeRow[] = read("postcodes.csv")
  .trimEnd()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [postcode = "", lat = "", lng = "", expected = "", local = ""] = line.split(",");
    return { postcode, lat: Number(lat), lng: Number(lng), expected, local };
  });

export const polygonsOf = (geometry: Geometry): Position[][][] =>
  geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
export const ringsOf = (geometry: Geometry): Position[][] => polygonsOf(geometry).flat();

/** Twice the signed area in degrees²: positive when counter-clockwise. */
export function signedArea2(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x1, y1] = ring[i] as Position;
    const [x2, y2] = ring[i + 1] as Position;
    sum += x1 * y2 - x2 * y1;
  }
  return sum;
}

export type Box = [number, number, number, number];

export function bboxOf(geometry: Geometry): Box {
  const all = ringsOf(geometry).flat();
  const lngs = all.map((p) => p[0]);
  const lats = all.map((p) => p[1]);
  return [Math.min(...lngs), Math.min(...lats), Math.max(...lngs), Math.max(...lats)];
}

/** A geometry with its box, so grid scans can skip the point-in-polygon test. */
export interface Shape {
  geometry: Geometry;
  box: Box;
}
export const shapeOf = (geometry: Geometry): Shape => ({ geometry, box: bboxOf(geometry) });

/** Turf's point-in-polygon with a bbox pre-check; `ignoreBoundary` leaves out points on an edge. */
export function inside(position: Position, { geometry, box }: Shape, ignoreBoundary: boolean): boolean {
  const [lng, lat] = position;
  if (lng < box[0] || lat < box[1] || lng > box[2] || lat > box[3]) return false;
  return booleanPointInPolygon(point(position), geometry, { ignoreBoundary });
}

/** Positions on a steps × steps grid over a box. */
export function* grid([minLng, minLat, maxLng, maxLat]: Box, steps: number): Generator<Position> {
  for (let i = 0; i <= steps; i++) {
    for (let j = 0; j <= steps; j++) {
      yield [minLng + ((maxLng - minLng) * i) / steps, minLat + ((maxLat - minLat) * j) / steps];
    }
  }
}

/** Metres from a position to the nearest edge of any ring (local equirectangular projection). */
export function metresToRings(position: Position, rings: Position[][]): number {
  const [lng0, lat0] = position;
  const mPerDegLat = 111_320;
  const mPerDegLng = mPerDegLat * Math.cos((lat0 * Math.PI) / 180);
  let best = Number.POSITIVE_INFINITY;
  for (const ring of rings) {
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax, ay] = [
        ((ring[i] as Position)[0] - lng0) * mPerDegLng,
        ((ring[i] as Position)[1] - lat0) * mPerDegLat,
      ];
      const [bx, by] = [
        ((ring[i + 1] as Position)[0] - lng0) * mPerDegLng,
        ((ring[i + 1] as Position)[1] - lat0) * mPerDegLat,
      ];
      const [dx, dy] = [bx - ax, by - ay];
      const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
      best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
    }
  }
  return best;
}

/** Every vertex of a geometry as "lng,lat" text. */
export const vertexKeys = (geometry: Geometry): Set<string> =>
  new Set(ringsOf(geometry).flatMap((ring) => ring.map((p) => p.join(","))));
