import { parseArgs } from "node:util";
import { buildIndexes } from "../import/build-indexes.js";
import { kilobytes, type Output } from "./output.js";

export const buildHelp = `Usage: npm run geodata -- build <dir> [--out <dir>]

Builds the compact runtime files from a geodata folder: boundaries.idx (from district.geojson,
parishes.geojson and, when present, county.geojson and police.geojson) and postcodes.idx (from postcodes.csv, if present). The loaders use them when
they are in GEODATA_DIR, and refuse them when the sources beside them have changed since.

  --out <dir>   write them there instead (e.g. a Lambda asset folder)`;

export async function buildCommand(args: string[], output: Output): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) {
    output.out(buildHelp);
    return 0;
  }
  const [dir] = positionals;
  if (!dir || positionals.length > 1) {
    output.err(`build needs one geodata folder\n\n${buildHelp}`);
    return 2;
  }
  for (const file of await buildIndexes(dir, values.out ?? dir)) {
    output.out(`built ${file.path} (${kilobytes(file.bytes)}) in ${file.milliseconds.toFixed(0)} ms`);
  }
  return 0;
}
