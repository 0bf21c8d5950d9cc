/** Conversion from the local km plane to WGS84 GeoJSON. */
import type { Point, PolygonRings } from "./geometry.js";
import { ORIGIN } from "./layout.js";

export type Position = [number, number];
export type Geometry =
  { type: "Polygon"; coordinates: Position[][] } | { type: "MultiPolygon"; coordinates: Position[][][] };

const KM_PER_DEGREE_LAT = 111.32;
const KM_PER_DEGREE_LNG = KM_PER_DEGREE_LAT * Math.cos((ORIGIN.lat * Math.PI) / 180);

/** Six decimals is about 0.1 m: plenty for boundaries, and keeps the files small. */
export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Local km → [lng, lat], rounded. An equirectangular projection about the origin is accurate to well
 * under 1 % across 30 km, and exactness does not matter for made-up shapes. Rounding is a pure
 * function of the km point, so a vertex shared by two parishes rounds identically in both.
 */
export function toLngLat([x, y]: Point): Position {
  return [round6(ORIGIN.lng + x / KM_PER_DEGREE_LNG), round6(ORIGIN.lat + y / KM_PER_DEGREE_LAT)];
}

/** GeoJSON geometry with closed rings; a single polygon stays a Polygon. */
export function toGeometry(polygons: readonly PolygonRings[]): Geometry {
  const converted = polygons.map((rings) =>
    rings.map((ring) => {
      const positions = ring.map(toLngLat);
      return [...positions, positions[0] as Position];
    }),
  );
  const [only] = converted;
  return converted.length === 1 && only
    ? { type: "Polygon", coordinates: only }
    : { type: "MultiPolygon", coordinates: converted };
}

/**
 * A layer file in the format of `boundariesText` (one feature per line), with extra properties
 * after `code` and `name` (the district layer says whether each is a district or a unitary).
 */
export function layerText(
  title: string,
  features: readonly { properties: Record<string, string>; geometry: Geometry }[],
): string {
  const lines = features.map(({ properties, geometry }) =>
    JSON.stringify({ type: "Feature", properties, geometry }),
  );
  return `{"type":"FeatureCollection","name":${JSON.stringify(title)},"features":[\n${lines.join(",\n")}\n]}\n`;
}
