import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { encodeBoundaryIndex } from "#adapters/geodata/boundary-index-file.js";
import { parsePostcodeCsv, postcodeSourceHash } from "#adapters/geodata/csv-postcode-lookup.js";
import { GEODATA_FILES } from "#adapters/geodata/index-files.js";
import { BODIES_FILE, loadBodies } from "#adapters/geodata/load-bodies.js";
import { boundarySourceHash, parseBoundaries } from "#adapters/geodata/load-boundaries.js";
import { encodePostcodeTable } from "#adapters/geodata/postcode-table-file.js";
import { readOptional } from "#adapters/geodata/read-optional.js";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { writeFileAtomic } from "./write-file-atomic.js";

export interface BuiltFile {
  path: string;
  bytes: number;
  milliseconds: number;
}

/**
 * Builds the compact runtime files of a geodata folder: `boundaries.idx` from district.geojson and
 * parishes.geojson, and `postcodes.idx` from postcodes.csv when there is one. They go to `outDir`
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

export async function buildBoundaryIndex(dir: string, outDir: string = dir): Promise<BuiltFile> {
  const started = performance.now();
  const [district, parishes] = await Promise.all([
    readFile(join(dir, GEODATA_FILES.district)),
    readFile(join(dir, GEODATA_FILES.parishes)),
  ]);
  const boundaries = parseBoundaries(dir, district, parishes);
  const packed = new BoundaryIndex(boundaries.district, boundaries.parishes).toPacked();
  const bytes = encodeBoundaryIndex({ packed, sourceHash: boundarySourceHash(district, parishes) });
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
