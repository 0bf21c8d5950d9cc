import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { createInterface } from "node:readline";
import { normalisePostcode } from "#core/input/postcode.js";
import type { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { startProgress } from "../import/progress.js";
import { splitCsvLine } from "./csv-line.js";
import { findPostcodeColumns, type PostcodeColumns } from "./postcode-columns.js";

export interface PostcodeImportOptions {
  /** ONSPD, NSPL or similar CSV files (see postcode-columns.ts). */
  files: readonly string[];
  /** The district's index: postcodes are kept when ONS puts them in it, or when they fall inside it. */
  boundaries: BoundaryIndex;
  /** Keep postcodes the file marks as terminated. */
  includeTerminated?: boolean;
  /** Keep every postcode, in the district or not. */
  everywhere?: boolean;
}

export interface PostcodeRow {
  /** Normalised: "M15 4AB". */
  postcode: string;
  /** As written in the source, so nothing is lost to reformatting. */
  lat: string;
  lng: string;
}

export interface PostcodeImport {
  /** Sorted by postcode. */
  rows: PostcodeRow[];
  counts: {
    read: number;
    kept: number;
    terminated: number;
    noCoordinates: number;
    notPostcodes: number;
    otherDistricts: number;
    outsideBoundary: number;
    duplicates: number;
    /** Kept because ONS puts them in the district, though their centroid is outside its boundary. */
    keptOutsideBoundary: number;
  };
  /** A few examples for each kind of row left out (row numbers count the header as 1). */
  examples: Record<string, string[]>;
}

const LARGE_BYTES = 20 * 1024 * 1024;
const EXAMPLES = 5;

/**
 * Reads postcode centroids for one district, streaming (a national ONSPD is over a gigabyte). A
 * postcode is kept when the file's district column names the district or, without such a column,
 * when its centroid falls inside the district. Rows are never dropped without being counted.
 */
export async function importPostcodes(options: PostcodeImportOptions): Promise<PostcodeImport> {
  const district = options.boundaries.district.code;
  const counts: PostcodeImport["counts"] = {
    read: 0,
    kept: 0,
    terminated: 0,
    noCoordinates: 0,
    notPostcodes: 0,
    otherDistricts: 0,
    outsideBoundary: 0,
    duplicates: 0,
    keptOutsideBoundary: 0,
  };
  const examples: Record<string, string[]> = {};
  const skip = (kind: keyof PostcodeImport["counts"], example: string) => {
    counts[kind]++;
    const list = (examples[kind] ??= []);
    if (list.length < EXAMPLES) list.push(example);
  };
  const kept = new Map<string, PostcodeRow>();

  for (const file of options.files) {
    const name = basename(file);
    const size = (await stat(file)).size;
    const progress = startProgress(`reading ${name}`, size, size >= LARGE_BYTES);
    let columns: PostcodeColumns | undefined;
    let line = 0;
    for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      progress.advance(text.length + 1);
      line++;
      if (!columns) {
        columns = findPostcodeColumns(splitCsvLine(text), name);
        continue;
      }
      if (text.trim() === "") continue;
      counts.read++;
      const cells = splitCsvLine(text);
      const where = `${name} row ${line}`;
      const raw = (cells[columns.postcode] ?? "").trim();
      const postcode = normalisePostcode(raw);
      if (!postcode) {
        skip("notPostcodes", `${where}: ${JSON.stringify(raw)}`);
        continue;
      }
      if (
        columns.terminated !== undefined &&
        (cells[columns.terminated] ?? "").trim() !== "" &&
        !options.includeTerminated
      ) {
        skip("terminated", `${where}: ${postcode}`);
        continue;
      }
      const lat = (cells[columns.lat] ?? "").trim();
      const lng = (cells[columns.lng] ?? "").trim();
      const point = { lat: Number(lat), lng: Number(lng) };
      // ONSPD writes 99.999999 / 0.000000 for postcodes without a grid reference.
      if (
        lat === "" ||
        lng === "" ||
        !Number.isFinite(point.lat) ||
        !Number.isFinite(point.lng) ||
        Math.abs(point.lat) > 90
      ) {
        skip("noCoordinates", `${where}: ${postcode}`);
        continue;
      }
      const insideBoundary = options.boundaries.locate(point).kind !== "outside";
      if (
        !options.everywhere &&
        columns.district !== undefined &&
        (cells[columns.district] ?? "").trim() !== district
      ) {
        skip("otherDistricts", `${where}: ${postcode}`);
        continue;
      }
      if (!options.everywhere && columns.district === undefined && !insideBoundary) {
        skip("outsideBoundary", `${where}: ${postcode}`);
        continue;
      }
      const previous = kept.get(postcode);
      if (previous) {
        skip(
          "duplicates",
          `${where}: ${postcode}${previous.lat === lat && previous.lng === lng ? "" : " (other coordinates; the first row is kept)"}`,
        );
        continue;
      }
      if (!insideBoundary) skip("keptOutsideBoundary", `${where}: ${postcode}`);
      kept.set(postcode, { postcode, lat, lng });
    }
    progress.done();
    if (!columns) throw new Error(`${name} is empty`);
  }
  const rows = [...kept.values()].sort((a, b) =>
    a.postcode < b.postcode ? -1 : a.postcode > b.postcode ? 1 : 0,
  );
  counts.kept = rows.length;
  return { rows, counts, examples };
}

/** The geodata folder's postcodes.csv: `postcode,lat,lng`, sorted. */
export function postcodesCsvText(rows: readonly PostcodeRow[]): string {
  return `postcode,lat,lng\n${rows.map((row) => `${row.postcode},${row.lat},${row.lng}`).join("\n")}\n`;
}
