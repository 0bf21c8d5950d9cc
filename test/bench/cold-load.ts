/**
 * Run in a fresh process by the bench: loads one geodata folder the way a Lambda cold start does and
 * prints JSON with the milliseconds to a ready index (read, decode, first look-up) and the memory
 * it then holds. Module loading is left out: it is the same whichever file is read. The mode
 * `parish` (the default) loads one district's parish index, as the functions did before the area
 * chain; `chain` loads the whole geography and answers the chain.
 */
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import { loadGeography } from "#adapters/geodata/load-geography.js";

const [dir, lng, lat, mode = "parish"] = process.argv.slice(2);
const point = { lng: Number(lng), lat: Number(lat) };
const before = process.memoryUsage();
const started = performance.now();
const kind =
  mode === "chain"
    ? (await loadGeography(dir as string)).locate(point).local?.type
    : (await loadBoundaryIndex(dir as string)).locate(point).kind;
const milliseconds = performance.now() - started;
const after = process.memoryUsage();
const mib = (bytes: number) => bytes / 2 ** 20;
process.stdout.write(
  JSON.stringify({
    milliseconds,
    kind,
    rssMiB: mib(after.rss),
    addedMiB: mib(after.rss - before.rss),
  }),
);
