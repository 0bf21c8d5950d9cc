import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { type Boundary, BoundaryIndex } from "#core/spatial/boundary-index.js";

/**
 * Builds the look-up index from a geodata folder holding `district.geojson` (one feature) and
 * `parishes.geojson`; every feature carries `code` and `name` properties.
 */
export async function loadBoundaryIndex(dir: string): Promise<BoundaryIndex> {
  const [district, parishes] = await Promise.all([
    readBoundaries(join(dir, "district.geojson")),
    readBoundaries(join(dir, "parishes.geojson")),
  ]);
  if (district.length !== 1) throw new Error(`${dir}/district.geojson must hold exactly one feature`);
  return new BoundaryIndex(district[0] as Boundary, parishes);
}

async function readBoundaries(path: string): Promise<Boundary[]> {
  const collection = JSON.parse(await readFile(path, "utf8")) as FeatureCollection;
  if (collection.type !== "FeatureCollection") throw new Error(`${path} is not a GeoJSON FeatureCollection`);
  return collection.features.map((feature, i) => toBoundary(feature, `${path} features[${i}]`));
}

function toBoundary(feature: Feature, where: string): Boundary {
  const { code, name } = (feature.properties ?? {}) as Record<string, unknown>;
  if (typeof code !== "string" || typeof name !== "string") {
    throw new Error(`${where}: properties.code and properties.name must be strings`);
  }
  const geometry = feature.geometry;
  if (geometry?.type !== "Polygon" && geometry?.type !== "MultiPolygon") {
    throw new Error(`${where}: geometry must be a Polygon or MultiPolygon`);
  }
  return { code, name, geometry: geometry as Polygon | MultiPolygon };
}
