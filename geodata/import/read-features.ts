import { open, readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import type { FeatureCollection, Geometry } from "geojson";
import * as shapefile from "shapefile";
import { type CrsName, crsOfGeoJson, crsOfPrj } from "./crs.js";
import { startProgress } from "./progress.js";

/** One input feature, before validation, named so that every message can point at it. */
export interface SourceFeature {
  /** e.g. `parishes.geojson features[3]` or `parishes.shp record 4`. */
  label: string;
  properties: Record<string, unknown>;
  geometry: Geometry | null;
}

export interface FeatureSource {
  file: string;
  /** The collection's `name` member, if any, carried into the written file. */
  title: string | undefined;
  crs: CrsName;
  features: SourceFeature[];
}

const LARGE_FEATURE_COUNT = 2_000;

/**
 * A GeoJSON file (Feature or FeatureCollection) or an ESRI shapefile (.shp with its .dbf, and .prj
 * for the projection). `crs` overrides what the file says; without either, EPSG:4326 is assumed.
 */
export async function readFeatures(
  path: string,
  options: { crs?: CrsName; encoding?: string } = {},
): Promise<FeatureSource> {
  return extname(path).toLowerCase() === ".shp"
    ? readShapefile(path, options)
    : readGeoJson(path, options.crs);
}

async function readGeoJson(path: string, crs: CrsName | undefined): Promise<FeatureSource> {
  const file = basename(path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new Error(`${path}: not readable as JSON (${(error as Error).message})`, { cause: error });
  }
  const collection = parsed as FeatureCollection & { name?: unknown; crs?: unknown };
  const features =
    collection.type === "FeatureCollection"
      ? collection.features
      : (parsed as { type?: unknown }).type === "Feature"
        ? [parsed]
        : undefined;
  if (!Array.isArray(features)) throw new Error(`${path}: not a GeoJSON Feature or FeatureCollection`);
  const declared = crs ?? crsOfGeoJson(collection.crs);
  if (!declared && looksProjected(features)) {
    throw new Error(
      `${path}: its coordinates look like British National Grid metres, not longitude/latitude; say so with --crs EPSG:27700`,
    );
  }
  return {
    file,
    title: typeof collection.name === "string" ? collection.name : undefined,
    crs: declared ?? "EPSG:4326",
    features: features.map((feature, i) => {
      const { id, properties, geometry } = (feature ?? {}) as {
        id?: unknown;
        properties?: unknown;
        geometry?: Geometry | null;
      };
      return {
        label: `${file} features[${i}]${id === undefined ? "" : ` id ${JSON.stringify(id)}`}`,
        properties: (properties ?? {}) as Record<string, unknown>,
        geometry: geometry ?? null,
      };
    }),
  };
}

/** Whether the first position found is out of longitude/latitude range. */
function looksProjected(features: unknown[]): boolean {
  for (const feature of features) {
    let value = (feature as { geometry?: { coordinates?: unknown } } | null)?.geometry?.coordinates;
    while (Array.isArray(value) && Array.isArray(value[0])) value = value[0];
    if (Array.isArray(value) && typeof value[0] === "number" && typeof value[1] === "number") {
      return Math.abs(value[0]) > 180 || Math.abs(value[1]) > 90;
    }
  }
  return false;
}

async function readShapefile(
  path: string,
  options: { crs?: CrsName; encoding?: string },
): Promise<FeatureSource> {
  const file = basename(path);
  const stem = path.slice(0, -extname(path).length);
  const crs = options.crs ?? (await readPrj(`${stem}.prj`));
  const dbf = `${stem}.dbf`;
  const total = await dbfRecordCount(dbf);
  // A .cpg file beside the shapefile names the .dbf's text encoding, as ONS downloads include.
  const cpg = await readFile(`${stem}.cpg`, "utf8").catch(() => undefined);
  const source = await shapefile.open(path, dbf, { encoding: options.encoding ?? encodingOfCpg(cpg) });
  const progress = startProgress(`reading ${file}`, total, total >= LARGE_FEATURE_COUNT);
  const features: SourceFeature[] = [];
  for (let result = await source.read(); !result.done; result = await source.read()) {
    features.push({
      label: `${file} record ${features.length + 1}`,
      properties: result.value.properties ?? {},
      geometry: result.value.geometry,
    });
    progress.advance();
  }
  progress.done();
  return { file, title: undefined, crs, features };
}

/** ESRI writes code pages as "UTF-8", "1252" or "ANSI 1252"; TextDecoder wants "windows-1252". */
function encodingOfCpg(cpg: string | undefined): string {
  const text = cpg?.trim() ?? "";
  const codePage = /^(?:ANSI\s*)?(125\d)$/i.exec(text)?.[1];
  return codePage ? `windows-${codePage}` : text || "utf-8";
}

/** From the .dbf header (bytes 4–7), so the progress bar knows its total before reading. */
async function dbfRecordCount(path: string): Promise<number> {
  const handle = await open(path);
  try {
    const { buffer } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    return buffer.readUInt32LE(4);
  } finally {
    await handle.close();
  }
}

async function readPrj(path: string): Promise<CrsName> {
  const wkt = await readFile(path, "utf8").catch(() => undefined);
  if (wkt === undefined)
    throw new Error(`${path} is missing: say which projection the shapefile uses with --crs`);
  return crsOfPrj(wkt);
}
