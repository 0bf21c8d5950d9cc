import { readFileSync } from "node:fs";
import { join } from "node:path";
import { clerkDirectoryFileSchema } from "../../functions/local/clerk-directory-file.js";

/** Reads the committed demo geodata so tests pick their cases from the data, not from memory. */
export const demoDir = join(import.meta.dirname, "../../geodata/demo");

/**
 * The demo holds three councils (ADR 0012); these helpers answer for Exampleshire Vale unless told
 * otherwise, as the tests written for one council expect. Pass "all" for every council.
 */
export const VALE = { area: "E07999999", council: "exampleshire-vale" } as const;

export interface DemoPostcode {
  postcode: string;
  lat: number;
  lng: number;
  /** A parish code, `unparished` or `outside`. */
  expected: string;
  /** The district or unitary the point is in (`E07999999`, `E07999998`, `E06999999`); "" outside. */
  local: string;
}

/** The demo postcodes in one district or unitary (by area code), plus those outside every one. */
export function demoPostcodes(local: string = VALE.area): DemoPostcode[] {
  const [header, ...rows] = readFileSync(join(demoDir, "postcodes.csv"), "utf8").trim().split(/\r?\n/);
  const columns = (header ?? "").split(",");
  const all = rows.map((row) => {
    const cells = Object.fromEntries(row.split(",").map((value, i) => [columns[i], value]));
    return {
      postcode: cells.postcode,
      lat: Number(cells.lat),
      lng: Number(cells.lng),
      expected: cells.expected,
      local: cells.local ?? "",
    };
  });
  return local === "all" ? all : all.filter((row) => row.local === local || row.local === "");
}

/** The parishes of one district or unitary (by area code). */
export function demoParishes(local: string = VALE.area): Array<{ code: string; name: string }> {
  const collection = JSON.parse(readFileSync(join(demoDir, "parishes.geojson"), "utf8")) as {
    features: Array<{ properties: { code: string; name: string } }>;
  };
  // Every demo parish has postcodes, which say whose it is.
  const codes = new Set(demoPostcodes(local).map((row) => row.expected));
  return collection.features.map((f) => f.properties).filter(({ code }) => codes.has(code));
}

/** The clerk directory entries of one council (by council id). */
export function demoClerks(council: string = VALE.council) {
  const file = clerkDirectoryFileSchema.parse(JSON.parse(readFileSync(join(demoDir, "clerks.json"), "utf8")));
  return council === "all"
    ? file
    : { parishCouncils: file.parishCouncils.filter((entry) => entry.council === council) };
}
