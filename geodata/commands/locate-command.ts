import { join } from "node:path";
import { parseArgs } from "node:util";
import { CsvPostcodeLookup } from "#adapters/geodata/csv-postcode-lookup.js";
import { GEODATA_FILES } from "#adapters/geodata/index-files.js";
import { loadGeography } from "#adapters/geodata/load-geography.js";
import type { Output } from "./output.js";

export const DEMO_DIR = join(import.meta.dirname, "../demo");

export const locateHelp = `Usage: npm run geodata -- locate <lng> <lat> [--dir <dir>]
       npm run geodata -- locate --postcode <postcode> [--dir <dir>]

Prints, as JSON, the chain of areas a WGS84 point (or a postcode's centroid) is in: its parish if
any, its district or unitary (local), its county and police force area when the folder has those
layers. A point in none of the folder's districts and unitaries has no local: it is outside.

  --dir <dir>             the geodata folder (default: the demo, geodata/demo)
  --postcode <postcode>   look the point up in the folder's postcodes`;

/** Numbers are taken out first: to parseArgs, "-2.43" looks like an option. */
const NUMBER = /^-?\d+(\.\d+)?(e-?\d+)?$/i;

export async function locateCommand(args: string[], output: Output): Promise<number> {
  const numbers = args.filter((arg) => NUMBER.test(arg));
  const { values, positionals } = parseArgs({
    args: args.filter((arg) => !NUMBER.test(arg)),
    allowPositionals: true,
    options: { dir: { type: "string" }, postcode: { type: "string" }, help: { type: "boolean" } },
  });
  if (values.help) {
    output.out(locateHelp);
    return 0;
  }
  const dir = values.dir ?? DEMO_DIR;
  const usable = positionals.length === 0 && (values.postcode ? numbers.length === 0 : numbers.length === 2);
  if (!usable) {
    output.err(`locate needs <lng> <lat>, or --postcode\n\n${locateHelp}`);
    return 2;
  }
  let point = { lng: Number(numbers[0]), lat: Number(numbers[1]) };
  if (values.postcode) {
    const found = await (
      await CsvPostcodeLookup.fromFile(join(dir, GEODATA_FILES.postcodes))
    ).lookup(values.postcode);
    if (!found) {
      output.err(`${values.postcode} is not in ${dir}/${GEODATA_FILES.postcodes}`);
      return 1;
    }
    point = found;
  }
  const chain = (await loadGeography(dir)).locate(point);
  output.out(
    JSON.stringify({ ...(values.postcode ? { postcode: values.postcode } : {}), point, ...chain }, null, 2),
  );
  return 0;
}
