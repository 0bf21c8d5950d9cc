import { join } from "node:path";
import type { Feature, FeatureCollection } from "geojson";
import { type Boundary, BoundaryIndex } from "#core/spatial/boundary-index.js";
import { decodeBoundaryIndex } from "./boundary-index-file.js";
import { GEODATA_FILES, REBUILD_HINT } from "./index-files.js";
import { readOptional } from "./read-optional.js";
import { sourceHash } from "./source-hash.js";

/**
 * The look-up index for a geodata folder. Uses `boundaries.idx` when the folder has one (no parsing,
 * so a cold start stays in milliseconds), else builds it from `district.geojson` (one feature) and
 * `parishes.geojson`, whose features carry `code` and `name` properties. An index whose GeoJSON
 * sources sit beside it must have been built from exactly those files.
 */
export async function loadBoundaryIndex(dir: string): Promise<BoundaryIndex> {
  const indexPath = join(dir, GEODATA_FILES.boundaryIndex);
  const [index, ...sources] = await Promise.all(
    [indexPath, join(dir, GEODATA_FILES.district), join(dir, GEODATA_FILES.parishes)].map(readOptional),
  );
  const [district, parishes] = sources;
  if (index) {
    const file = decodeBoundaryIndex(index, indexPath);
    if (district && parishes && boundarySourceHash(district, parishes) !== file.sourceHash) {
      throw new Error(
        `${indexPath} is stale: ${GEODATA_FILES.district} or ${GEODATA_FILES.parishes} changed after it was built; ${REBUILD_HINT}`,
      );
    }
    return new BoundaryIndex(file.packed);
  }
  if (!district || !parishes) {
    throw new Error(
      `${dir} needs ${GEODATA_FILES.district} and ${GEODATA_FILES.parishes}, or ${GEODATA_FILES.boundaryIndex}`,
    );
  }
  const boundaries = parseBoundaries(dir, district, parishes);
  return new BoundaryIndex(boundaries.district, boundaries.parishes);
}

/** What an index built from these two files records, and what the loader checks. */
export function boundarySourceHash(district: Uint8Array, parishes: Uint8Array): string {
  return sourceHash([
    { name: GEODATA_FILES.district, bytes: district },
    { name: GEODATA_FILES.parishes, bytes: parishes },
  ]);
}

/** The folder's district and parishes from the bytes of its two GeoJSON files. */
export function parseBoundaries(
  dir: string,
  districtBytes: Uint8Array,
  parishBytes: Uint8Array,
): { district: Boundary; parishes: Boundary[] } {
  const district = readBoundaries(join(dir, GEODATA_FILES.district), districtBytes);
  if (district.length !== 1)
    throw new Error(`${dir}/${GEODATA_FILES.district} must hold exactly one feature`);
  return {
    district: district[0] as Boundary,
    parishes: readBoundaries(join(dir, GEODATA_FILES.parishes), parishBytes),
  };
}

function readBoundaries(path: string, bytes: Uint8Array): Boundary[] {
  const collection = JSON.parse(new TextDecoder().decode(bytes)) as FeatureCollection;
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
  return { code, name, geometry };
}
