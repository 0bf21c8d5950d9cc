import { join } from "node:path";
import type { Feature, FeatureCollection } from "geojson";
import type { Boundary } from "#core/spatial/boundary-index.js";
import type { PackedGeography } from "#core/spatial/geography.js";
import { localAreaType } from "#core/spatial/local-area-type.js";
import { type GeographySources, packGeography, type Sourced } from "#core/spatial/pack-geography.js";
import { GEODATA_FILES } from "./index-files.js";

/** The bytes of a geodata folder's GeoJSON layers; county and police are optional. */
export interface LayerBytes {
  district: Uint8Array;
  parishes: Uint8Array;
  county?: Uint8Array | undefined;
  police?: Uint8Array | undefined;
}

/** The layers' file names, in the order a source hash covers them. */
export const LAYERS = ["district", "parishes", "county", "police"] as const;

/**
 * A folder's geography from the bytes of its GeoJSON layers, whose features carry `code` and `name`
 * properties (and, in district.geojson, an optional `type` of "district" or "unitary", else told by
 * the ONS code). Errors name the file, the feature and the fault.
 */
export function parseGeography(dir: string, layers: LayerBytes): PackedGeography {
  const read = (layer: (typeof LAYERS)[number]) => {
    const bytes = layers[layer];
    return bytes ? readLayer(join(dir, GEODATA_FILES[layer]), bytes) : undefined;
  };
  const sources: GeographySources = {
    locals: (read("district") ?? []).map(({ boundary, where, properties }) => {
      const type = localAreaType(boundary.code, properties.type);
      if (!type) {
        throw new Error(
          properties.type === undefined
            ? `${where}: ${boundary.code} is not a district (E07) or unitary (E06, W06, E08, E09, S12, N09) code; give properties.type "district" or "unitary"`
            : `${where}: properties.type must be "district" or "unitary"`,
        );
      }
      return { boundary: { ...boundary, type }, where };
    }),
    parishes: read("parishes") ?? [],
    ...optional("counties", read("county")),
    ...optional("police", read("police")),
  };
  if (sources.locals.length === 0) {
    throw new Error(`${join(dir, GEODATA_FILES.district)} holds no district or unitary`);
  }
  return packGeography(sources);
}

function optional<K extends string>(key: K, layer: Sourced<Boundary>[] | undefined) {
  return (layer ? { [key]: layer } : {}) as Partial<Record<K, Sourced<Boundary>[]>>;
}

export interface ReadFeature extends Sourced<Boundary> {
  properties: Record<string, unknown>;
}

/** One GeoJSON layer's features as boundaries, each with its properties and where it came from. */
export function readLayer(path: string, bytes: Uint8Array): ReadFeature[] {
  let collection: FeatureCollection;
  try {
    collection = JSON.parse(new TextDecoder().decode(bytes)) as FeatureCollection;
  } catch (error) {
    throw new Error(`${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (collection?.type !== "FeatureCollection" || !Array.isArray(collection.features)) {
    throw new Error(`${path} is not a GeoJSON FeatureCollection`);
  }
  return collection.features.map((feature, i) => toBoundary(feature, `${path} features[${i}]`));
}

function toBoundary(feature: Feature, where: string): ReadFeature {
  const properties = (feature?.properties ?? {}) as Record<string, unknown>;
  const { code, name } = properties;
  if (typeof code !== "string" || typeof name !== "string") {
    throw new Error(`${where}: properties.code and properties.name must be strings`);
  }
  const geometry = feature.geometry;
  if (geometry?.type !== "Polygon" && geometry?.type !== "MultiPolygon") {
    throw new Error(`${where}: geometry must be a Polygon or MultiPolygon`);
  }
  return { boundary: { code, name, geometry }, where, properties };
}
