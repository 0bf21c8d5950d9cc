import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { encodeBoundaryIndex } from "#adapters/geodata/boundary-index-file.js";
import { parsePostcodeCsv, postcodeSourceHash } from "#adapters/geodata/csv-postcode-lookup.js";
import { LAYERS, parseGeography } from "#adapters/geodata/geography-geojson.js";
import { GEODATA_FILES } from "#adapters/geodata/index-files.js";
import { BODIES_FILE, loadBodies } from "#adapters/geodata/load-bodies.js";
import { geographySourceHash } from "#adapters/geodata/load-geography.js";
import { encodePostcodeTable } from "#adapters/geodata/postcode-table-file.js";
import { readOptional } from "#adapters/geodata/read-optional.js";
import { writeFileAtomic } from "./write-file-atomic.js";

export interface BuiltFile {
  path: string;
  bytes: number;
  milliseconds: number;
}

/**
 * Builds the compact runtime files of a geodata folder: `boundaries.idx` from its boundary layers
 * (district, parishes, county, police), and `postcodes.idx` from postcodes.csv when there is one. They go to `outDir`
 * (the folder itself unless given, e.g. a Lambda asset folder) and record a hash of their sources.
 */
export async function buildIndexes(dir: string, outDir: string = dir): Promise<BuiltFile[]> {
  const boundaries = await buildBoundaryIndex(dir, outDir);
  const postcodes = await buildPostcodeTable(dir, outDir);
  const bodies = await copyBodies(dir, outDir);
  return [boundaries, ...(postcodes ? [postcodes] : []), ...(bodies ? [bodies] : [])];
}

/**
 * The folder's bodies file, checked (a broken one fails the build, not a page) and copied beside
 * the indexes when they are written elsewhere. Undefined when the folder has none.
 */
export async function copyBodies(dir: string, outDir: string = dir): Promise<BuiltFile | undefined> {
  const started = performance.now();
  const source = join(dir, BODIES_FILE);
  const bytes = await readOptional(source);
  if (!bytes) return undefined;
  await loadBodies(dir);
  const path = join(outDir, BODIES_FILE);
  if (outDir !== dir) {
    await mkdir(outDir, { recursive: true });
    await writeFileAtomic(path, bytes);
  }
  return { path, bytes: bytes.byteLength, milliseconds: performance.now() - started };
}

/** From district.geojson and parishes.geojson, with county.geojson and police.geojson if present. */
export async function buildBoundaryIndex(dir: string, outDir: string = dir): Promise<BuiltFile> {
  const started = performance.now();
  const [district, parishes, county, police] = await Promise.all(
    LAYERS.map((layer, i) => {
      const path = join(dir, GEODATA_FILES[layer]);
      return i < 2 ? readFile(path) : readOptional(path);
    }),
  );
  const layers = { district: district as Uint8Array, parishes: parishes as Uint8Array, county, police };
  const packed = parseGeography(dir, layers);
  const bytes = encodeBoundaryIndex({ packed, sourceHash: geographySourceHash(layers) });
  const path = join(outDir, GEODATA_FILES.boundaryIndex);
  await mkdir(outDir, { recursive: true });
  await writeFileAtomic(path, bytes);
  return { path, bytes: bytes.byteLength, milliseconds: performance.now() - started };
}

/** Undefined when the folder has no postcodes.csv. */
export async function buildPostcodeTable(dir: string, outDir: string = dir): Promise<BuiltFile | undefined> {
  const started = performance.now();
  const csvPath = join(dir, GEODATA_FILES.postcodes);
  const csv = await readOptional(csvPath);
  if (!csv) return undefined;
  const table = parsePostcodeCsv(csv.toString("utf8"), csvPath);
  const bytes = encodePostcodeTable({ table, sourceHash: postcodeSourceHash(csv) });
  const path = join(outDir, GEODATA_FILES.postcodeTable);
  await mkdir(outDir, { recursive: true });
  await writeFileAtomic(path, bytes);
  return { path, bytes: bytes.byteLength, milliseconds: performance.now() - started };
}
