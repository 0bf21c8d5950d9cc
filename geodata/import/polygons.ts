import type { MultiPolygon, Polygon, Position } from "geojson";

export function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}

/** A single polygon stays a Polygon. */
export function toGeometry(polygons: Position[][][]): Polygon | MultiPolygon {
  return polygons.length === 1
    ? { type: "Polygon", coordinates: polygons[0] as Position[][] }
    : { type: "MultiPolygon", coordinates: polygons };
}
