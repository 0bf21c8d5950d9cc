import { join } from "node:path";
import { parseArgs } from "node:util";
import { GEODATA_FILES } from "#adapters/geodata/index-files.js";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import { buildPostcodeTable } from "../import/build-indexes.js";
import { writeFileAtomic } from "../import/write-file-atomic.js";
import { importPostcodes, postcodesCsvText } from "../postcodes/import-postcodes.js";
import { kilobytes, type Output } from "./output.js";

export const postcodesHelp = `Usage: npm run geodata -- postcodes <csv>... --out <dir>

Imports postcode centroids for the district of a geodata folder (run import first) from ONSPD,
NSPL or similar CSVs (columns pcds/pcd/postcode, lat, long; postcodes with or without the space),
writes <dir>/postcodes.csv (postcode,lat,lng) and builds <dir>/postcodes.idx.

A postcode is kept when the file's district column (oslaua, laua, LADyyCD, la_code) names the
district or, without one, when its centroid is inside the district. Postcodes with a termination
date (doterm) or without coordinates are left out, and counted.

  --out <dir>             the geodata folder
  --include-terminated    keep terminated postcodes
  --everywhere            keep postcodes from every district`;

export async function postcodesCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      out: { type: "string" },
      "include-terminated": { type: "boolean" },
      everywhere: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
  if (values.help) {
    output.out(postcodesHelp);
    return 0;
  }
  if (positionals.length === 0 || !values.out) {
    output.err(`postcodes needs CSV files and --out\n\n${postcodesHelp}`);
    return 2;
  }
  const boundaries = await loadBoundaryIndex(values.out);
  const imported = await importPostcodes({
    files: positionals,
    boundaries,
    includeTerminated: values["include-terminated"] ?? false,
    everywhere: values.everywhere ?? false,
  });
  const { counts } = imported;
  output.out(
    `district ${boundaries.district.code} ${boundaries.district.name}: read ${counts.read} rows, kept ${counts.kept}`,
  );
  const left = Object.entries(counts).filter(([kind, n]) => n > 0 && !["read", "kept"].includes(kind));
  for (const [kind, n] of left) output.out(`  ${kind}: ${n} (e.g. ${imported.examples[kind]?.join("; ")})`);
  const csvPath = join(values.out, GEODATA_FILES.postcodes);
  await writeFileAtomic(csvPath, postcodesCsvText(imported.rows));
  output.out(`wrote ${csvPath}`);
  const built = await buildPostcodeTable(values.out);
  if (built)
    output.out(`built ${built.path} (${kilobytes(built.bytes)}) in ${built.milliseconds.toFixed(0)} ms`);
  return 0;
}
