/**
 * Run in a fresh process by the bench: loads one geodata folder the way a Lambda cold start does and
 * prints JSON with the milliseconds to a ready index (read, decode, first look-up) and the memory
 * it then holds. Module loading is left out: it is the same whichever file is read.
 */
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";

const [dir, lng, lat] = process.argv.slice(2);
const before = process.memoryUsage();
const started = performance.now();
const index = await loadBoundaryIndex(dir as string);
const location = index.locate({ lng: Number(lng), lat: Number(lat) });
const milliseconds = performance.now() - started;
const after = process.memoryUsage();
const mib = (bytes: number) => bytes / 2 ** 20;
process.stdout.write(
  JSON.stringify({
    milliseconds,
    kind: location.kind,
    rssMiB: mib(after.rss),
    addedMiB: mib(after.rss - before.rss),
  }),
);
