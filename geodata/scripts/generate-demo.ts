/**
 * Generates the fictional demo district in geodata/demo/ (see geodata/demo/README.md).
 *
 *   npx tsx geodata/scripts/generate-demo.ts
 *
 * Deterministic: every random choice comes from a seeded PRNG, so the output is byte-identical on
 * every run, and a test checks the committed files against a fresh generation. The boundaries then
 * go through the same import and build as real data: importing the written files validates them and
 * reproduces them byte for byte, and the compact index files are built beside them.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIndexes } from "../import/build-indexes.js";
import { boundariesText } from "../import/geojson-text.js";
import { importBoundaries } from "../import/import-boundaries.js";
import { formatIssues } from "../import/issues.js";
import { writeBoundaries } from "../import/write-boundaries.js";
import { buildAreas } from "./demo/areas.js";
import { buildClerkDirectory } from "./demo/clerks.js";
import { DISTRICT, UNPARISHED_TOWN_NAME } from "./demo/layout.js";
import { type Geometry, toGeometry, toLngLat } from "./demo/output.js";
import { placePostcodes } from "./demo/postcodes.js";

export const DEMO_DIR = fileURLToPath(new URL("../demo/", import.meta.url));

export interface DemoGeodata {
  /** File name in geodata/demo/ → exact contents. */
  files: {
    "district.geojson": string;
    "parishes.geojson": string;
    "postcodes.csv": string;
    "clerks.json": string;
  };
  /** The unparished town's outline (not written to a file: it is "district minus parishes"). */
  unparishedTown: { name: string; geometry: Geometry };
}

/** Builds every demo file in memory; pure, no I/O. */
export function generateDemoGeodata(): DemoGeodata {
  const areas = buildAreas();
  const postcodes = placePostcodes(areas);
  const district = boundariesText(`${DISTRICT.name} (FICTIONAL demo district)`, [
    { code: DISTRICT.code, name: DISTRICT.name, geometry: toGeometry(areas.district) },
  ]);
  const parishes = boundariesText(
    `${DISTRICT.name} parishes (FICTIONAL demo data)`,
    areas.parishes.map(({ code, name, polygons }) => ({ code, name, geometry: toGeometry(polygons) })),
  );
  const csvRows = postcodes.map(({ postcode, point, expected }) => {
    const [lng, lat] = toLngLat(point);
    return `${postcode},${lat.toFixed(6)},${lng.toFixed(6)},${expected}`;
  });
  return {
    files: {
      "district.geojson": district,
      "parishes.geojson": parishes,
      "postcodes.csv": `postcode,lat,lng,expected\n${csvRows.join("\n")}\n`,
      "clerks.json": `${JSON.stringify(buildClerkDirectory(postcodes), null, 2)}\n`,
    },
    unparishedTown: { name: UNPARISHED_TOWN_NAME, geometry: toGeometry(areas.town) },
  };
}

async function main(): Promise<void> {
  const { files } = generateDemoGeodata();
  await mkdir(DEMO_DIR, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(DEMO_DIR, name), text);
    console.log(`wrote ${join(DEMO_DIR, name)} (${(Buffer.byteLength(text) / 1024).toFixed(1)} KB)`);
  }
  const imported = await importBoundaries({
    districtFile: join(DEMO_DIR, "district.geojson"),
    parishFiles: [join(DEMO_DIR, "parishes.geojson")],
  });
  if (imported.issues.length > 0)
    throw new Error(`the demo data should import cleanly:\n${formatIssues(imported.issues)}`);
  await writeBoundaries(DEMO_DIR, imported);
  for (const file of await buildIndexes(DEMO_DIR))
    console.log(`built ${file.path} (${(file.bytes / 1024).toFixed(1)} KB)`);
}

// Only when run as a script, so tests can import generateDemoGeodata() without writing files.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
