/** The real data sets, from test/fixtures/geodata-real through the same import as a council's data. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Position } from "geojson";
import type { Boundary } from "#core/spatial/boundary-index.js";
import { importBoundaries } from "../../geodata/import/import-boundaries.js";

const REAL = join(import.meta.dirname, "../fixtures/geodata-real");

export interface BenchSet {
  name: string;
  district: Boundary;
  parishes: Boundary[];
  points: Position[];
}

export async function trafford(): Promise<BenchSet> {
  const dir = join(REAL, "trafford_E08000009");
  const imported = await importBoundaries({
    parishFiles: [join(dir, "parishes_may2023_bgc.geojson")],
    districtFile: join(dir, "lad_dec2023_bfc_full_resolution.geojson"),
  });
  const [, ...rows] = readFileSync(join(dir, "postcodes_onspd_feb2025.csv"), "utf8").trim().split("\n");
  const points = rows.map((row) =>
    row
      .split(",")
      .slice(-2)
      .map((n): number => Number(n)),
  );
  return {
    name: "Trafford (real, full-resolution LAD)",
    district: imported.district,
    parishes: imported.parishes,
    points,
  };
}

export async function buckinghamshire(): Promise<BenchSet> {
  const dir = join(REAL, "buckinghamshire_boundaryline_sample");
  const imported = await importBoundaries({
    parishFiles: [join(dir, "parishes_boundaryline_bucks_aylesbury_vale_sample44.geojson")],
    districtCode: "E06000060",
    districtName: "Buckinghamshire (sample)",
  });
  const points = ["HP", "MK"].flatMap((area) => {
    const [, ...rows] = readFileSync(join(dir, `postcodes_${area}_nspl_may2025.csv`), "utf8")
      .trim()
      .split("\n");
    return rows
      .map((row) => row.split(","))
      .filter(([, lat, lng]) => lat && lng)
      .map(([, lat, lng]) => [Number(lng), Number(lat)] as Position);
  });
  return {
    name: "Buckinghamshire sample (real, Boundary-Line)",
    district: imported.district,
    parishes: imported.parishes,
    points,
  };
}
