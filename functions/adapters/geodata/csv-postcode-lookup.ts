import type { LngLat } from "#core/geo.js";
import { normalisePostcode } from "#core/input/postcode.js";
import type { PostcodeLookup } from "#core/ports/postcode-lookup.js";
import { GEODATA_FILES, REBUILD_HINT } from "./index-files.js";
import { decodePostcodeTable } from "./postcode-table-file.js";
import { PostcodeTable } from "./postcode-table.js";
import { readOptional } from "./read-optional.js";
import { sourceHash } from "./source-hash.js";

/**
 * Postcode centroids for the form and the API, held in memory. `fromFile("…/postcodes.csv")` uses
 * the compact table `postcodes.idx` beside it when there is one (no parsing); otherwise it reads the
 * CSV, which needs `postcode`, `lat` and `lng` columns (others are ignored) and no quoted cells.
 */
export class CsvPostcodeLookup implements PostcodeLookup {
  private constructor(private readonly table: PostcodeTable) {}

  static async fromFile(path: string): Promise<CsvPostcodeLookup> {
    const tablePath = `${path.replace(/\.csv$/i, "")}.idx`;
    const [tableBytes, csv] = await Promise.all([readOptional(tablePath), readOptional(path)]);
    if (tableBytes) {
      const file = decodePostcodeTable(tableBytes, tablePath);
      if (csv && postcodeSourceHash(csv) !== file.sourceHash) {
        throw new Error(`${tablePath} is stale: ${path} changed after it was built; ${REBUILD_HINT}`);
      }
      return new CsvPostcodeLookup(file.table);
    }
    if (!csv) throw new Error(`${path} does not exist, and neither does ${tablePath}`);
    return new CsvPostcodeLookup(parsePostcodeCsv(csv.toString("utf8"), path));
  }

  async lookup(postcode: string): Promise<LngLat | undefined> {
    return this.table.get(postcode);
  }

  async search(partial: string, limit: number): Promise<Array<{ postcode: string; point: LngLat }>> {
    return this.table.startingWith(partial, limit);
  }
}

/** What a table built from this CSV records, and what the loader checks. */
export function postcodeSourceHash(csv: Uint8Array): string {
  return sourceHash([{ name: GEODATA_FILES.postcodes, bytes: csv }]);
}

/** Rows whose postcode or coordinates do not parse are skipped, as non-geographic postcodes have none. */
export function parsePostcodeCsv(text: string, path: string): PostcodeTable {
  const [header, ...rows] = text.split(/\r?\n/).filter((line) => line.trim() !== "");
  const columns = (header ?? "").split(",").map((column) => column.trim().toLowerCase());
  const [pc, lat, lng] = ["postcode", "lat", "lng"].map((column) => columns.indexOf(column)) as [
    number,
    number,
    number,
  ];
  if ([pc, lat, lng].includes(-1)) throw new Error(`${path}: needs postcode, lat and lng columns`);
  function* entries(): Generator<[string, LngLat]> {
    for (const row of rows) {
      const cells = row.split(",");
      const postcode = normalisePostcode(cells[pc] ?? "");
      const point = { lat: parseCoordinate(cells[lat]), lng: parseCoordinate(cells[lng]) };
      if (postcode && Number.isFinite(point.lat) && Number.isFinite(point.lng)) yield [postcode, point];
    }
  }
  return PostcodeTable.fromEntries(entries());
}

/** NaN for an empty cell, which `Number` would read as 0. */
function parseCoordinate(cell: string | undefined): number {
  return cell?.trim() ? Number(cell) : Number.NaN;
}
