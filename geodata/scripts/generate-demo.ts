/**
 * Generates the fictional demo county, districts and unitary in geodata/demo/ (see geodata/demo/README.md).
 *
 *   npx tsx geodata/scripts/generate-demo.ts
 *
 * Deterministic: every random choice comes from a seeded PRNG, so the output is byte-identical on
 * every run, and a test checks the committed files against a fresh generation. The boundaries then
 * go through the same import and build as real data: importing each council's area from the written
 * files validates it, and the compact index files are built beside them.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIndexes } from "../import/build-indexes.js";
import { boundariesText } from "../import/geojson-text.js";
import { importBoundaries } from "../import/import-boundaries.js";
import { formatIssues } from "../import/issues.js";
import { type Area, buildAreas } from "./demo/areas.js";
import { buildClerkDirectory } from "./demo/clerks.js";
import { LOCAL_AREAS } from "./demo/county-layout.js";
import { type Geometry, layerText, toGeometry, toLngLat } from "./demo/output.js";
import { placePostcodes } from "./demo/postcodes.js";

export const DEMO_DIR = fileURLToPath(new URL("../demo/", import.meta.url));

export interface DemoGeodata {
  /** File name in geodata/demo/ → exact contents. */
  files: {
    "district.geojson": string;
    "parishes.geojson": string;
    "county.geojson": string;
    "police.geojson": string;
    "postcodes.csv": string;
    "clerks.json": string;
  };
  /**
   * Each district's or unitary's unparished town (not written to a file: it is "the council's area
   * minus its parishes"), in district.geojson order.
   */
  unparishedTowns: { local: string; name: string; geometry: Geometry }[];
}

const FICTIONAL = "FICTIONAL demo data";

/** Builds every demo file in memory; pure, no I/O. */
export function generateDemoGeodata(): DemoGeodata {
  const areas = buildAreas();
  const postcodes = placePostcodes(areas);
  const layer = (title: string, list: readonly Area[]) =>
    boundariesText(
      `${title} (${FICTIONAL})`,
      list.map(({ code, name, polygons }) => ({ code, name, geometry: toGeometry(polygons) })),
    );
  const districts = layerText(
    `Exampleshire districts and unitary (${FICTIONAL})`,
    areas.locals.map(({ code, name, type, polygons }) => ({
      properties: { code, name, type },
      geometry: toGeometry(polygons),
    })),
  );
  const csvRows = postcodes.map(({ postcode, point, expected, local }) => {
    const [lng, lat] = toLngLat(point);
    return `${postcode},${lat.toFixed(6)},${lng.toFixed(6)},${expected},${local}`;
  });
  return {
    files: {
      "district.geojson": districts,
      "parishes.geojson": layer(
        "Exampleshire parishes",
        areas.locals.flatMap(({ parishes }) => parishes),
      ),
      "county.geojson": layer("Exampleshire county", [areas.county]),
      "police.geojson": layer("Exampleshire police force area", [areas.police]),
      "postcodes.csv": `postcode,lat,lng,expected,local\n${csvRows.join("\n")}\n`,
      "clerks.json": `${JSON.stringify(buildClerkDirectory(postcodes), null, 2)}\n`,
    },
    unparishedTowns: areas.locals.map(({ code, town }) => ({
      local: code,
      name: town.name,
      geometry: toGeometry(town.polygons),
    })),
  };
}

async function main(): Promise<void> {
  const { files } = generateDemoGeodata();
  await mkdir(DEMO_DIR, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await writeFile(join(DEMO_DIR, name), text);
    console.log(`wrote ${join(DEMO_DIR, name)} (${(Buffer.byteLength(text) / 1024).toFixed(1)} KB)`);
  }
  // Each council's boundaries through the real-data import, which checks them as it would real
  // ones. Notes are expected (a neighbour's parishes are "left out"); nothing may need fixing.
  for (const { code, parishes } of LOCAL_AREAS) {
    const imported = await importBoundaries({
      districtFile: join(DEMO_DIR, "district.geojson"),
      districtCode: code,
      parishFiles: [join(DEMO_DIR, "parishes.geojson")],
    });
    const faults = imported.issues.filter(({ level }) => level !== "note");
    if (faults.length > 0 || imported.parishes.length !== parishes.length)
      throw new Error(
        `${code} should import cleanly with its ${parishes.length} parishes:\n${formatIssues(faults)}`,
      );
  }
  for (const file of await buildIndexes(DEMO_DIR))
    console.log(`built ${file.path} (${(file.bytes / 1024).toFixed(1)} KB)`);
}

// Only when run as a script, so tests can import generateDemoGeodata() without writing files.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
