import { readFileSync } from "node:fs";
import { join } from "node:path";
import { clerkDirectoryFileSchema } from "../../functions/local/clerk-directory-file.js";

/** Reads the committed demo geodata so tests pick their cases from the data, not from memory. */
export const demoDir = join(import.meta.dirname, "../../geodata/demo");

export interface DemoPostcode {
  postcode: string;
  lat: number;
  lng: number;
  /** A parish code, `unparished` or `outside`. */
  expected: string;
}

export function demoPostcodes(): DemoPostcode[] {
  const [header, ...rows] = readFileSync(join(demoDir, "postcodes.csv"), "utf8").trim().split(/\r?\n/);
  const columns = (header ?? "").split(",");
  return rows.map((row) => {
    const cells = Object.fromEntries(row.split(",").map((value, i) => [columns[i], value]));
    return {
      postcode: cells.postcode,
      lat: Number(cells.lat),
      lng: Number(cells.lng),
      expected: cells.expected,
    };
  });
}

export function demoParishes(): Array<{ code: string; name: string }> {
  const collection = JSON.parse(readFileSync(join(demoDir, "parishes.geojson"), "utf8")) as {
    features: Array<{ properties: { code: string; name: string } }>;
  };
  return collection.features.map((f) => f.properties);
}

export function demoClerks() {
  return clerkDirectoryFileSchema.parse(JSON.parse(readFileSync(join(demoDir, "clerks.json"), "utf8")));
}
