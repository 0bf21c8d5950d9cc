import { join } from "node:path";
import { Geography } from "#core/spatial/geography.js";
import { decodeBoundaryIndex } from "./boundary-index-file.js";
import { LAYERS, type LayerBytes, parseGeography } from "./geography-geojson.js";
import { GEODATA_FILES, REBUILD_HINT } from "./index-files.js";
import { readOptional } from "./read-optional.js";
import { sourceHash } from "./source-hash.js";

/**
 * The area look-up for a geodata folder. Uses `boundaries.idx` when the folder has one (no parsing,
 * so a cold start stays in milliseconds), else builds it from `district.geojson` (districts and
 * unitaries), `parishes.geojson` and the optional `county.geojson` and `police.geojson`. An index
 * whose GeoJSON sources sit beside it must have been built from exactly those files.
 */
export async function loadGeography(dir: string): Promise<Geography> {
  const indexPath = join(dir, GEODATA_FILES.boundaryIndex);
  const [index, district, parishes, county, police] = await Promise.all(
    [indexPath, ...LAYERS.map((layer) => join(dir, GEODATA_FILES[layer]))].map(readOptional),
  );
  if (index) {
    const file = decodeBoundaryIndex(index, indexPath);
    if (
      district &&
      parishes &&
      geographySourceHash({ district, parishes, county, police }) !== file.sourceHash
    ) {
      const present = LAYERS.filter((_, i) => [district, parishes, county, police][i]);
      throw new Error(
        `${indexPath} is stale: ${present.map((layer) => GEODATA_FILES[layer]).join(" or ")} changed after it was built; ${REBUILD_HINT}`,
      );
    }
    return new Geography(file.packed);
  }
  if (!district || !parishes) {
    throw new Error(
      `${dir} needs ${GEODATA_FILES.district} and ${GEODATA_FILES.parishes}, or ${GEODATA_FILES.boundaryIndex}`,
    );
  }
  return new Geography(parseGeography(dir, { district, parishes, county, police }));
}

/**
 * What an index built from these layers records, and what the loader checks. Over the layers
 * present, so a folder of just a district and its parishes hashes as it always did.
 */
export function geographySourceHash(layers: LayerBytes): string {
  return sourceHash(
    LAYERS.flatMap((layer) => {
      const bytes = layers[layer];
      return bytes ? [{ name: GEODATA_FILES[layer], bytes }] : [];
    }),
  );
}
