/**
 * The area chain against today's one-district parish look-up, on the same points in the same run:
 * `Geography.locate` (parish, district, county, police) over `BoundaryIndex.locate`, and the cold
 * load of a folder with county and police layers over that of the district alone. The issue asks
 * for both ratios to be 1 within noise.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Position } from "geojson";
import { encodeBoundaryIndex } from "#adapters/geodata/boundary-index-file.js";
import type { Boundary } from "#core/spatial/boundary-index.js";
import { Geography } from "#core/spatial/geography.js";
import { type GeographySources, packGeography } from "#core/spatial/pack-geography.js";
import { consume, median, perSecond } from "./measure.js";
import type { BenchSet } from "./real-sets.js";

/** Rounds alternate parish and chain, so drift in the machine's speed falls on both alike. */
const ROUNDS = 7;
const COLD_RUNS = 9;

export interface ChainResult {
  set: string;
  parishRate: number;
  chainRate: number;
  parishColdMs: number;
  chainColdMs: number;
}

export function chainBench(set: BenchSet, work: string): ChainResult {
  const sourced = (layer: Boundary[]) => layer.map((boundary) => ({ boundary, where: set.name }));
  const district: GeographySources = {
    locals: [{ boundary: { ...set.district, type: "district" }, where: set.name }],
    parishes: sourced(set.parishes),
  };
  // The district's own outline as its county and police force area: the chain's every layer answers.
  const upper = (code: string) => sourced([{ ...set.district, code }]);
  const layered = { ...district, counties: upper("E10000001"), police: upper("E23000001") };
  const alone = new Geography(packGeography(district));
  const chain = new Geography(packGeography(layered));
  const parishIndex = alone.parishIndex(set.district.code);
  if (!parishIndex) throw new Error(`${set.name}: no parish index`);

  const points = set.points.map(([lng, lat]) => ({ lng: lng as number, lat: lat as number }));
  const disagree = points.filter((point) => {
    const location = parishIndex.locate(point);
    const found = chain.locate(point);
    return (
      (location.kind === "parish" ? location.parish.code : location.kind) !==
      (found.parish?.code ?? (found.local ? "unparished" : "outside"))
    );
  });
  if (disagree.length > 0) throw new Error(`${set.name}: ${disagree.length} chain look-ups disagree`);

  const parishRates: number[] = [];
  const chainRates: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    parishRates.push(
      perSecond(
        points.length,
        () => {
          for (const point of points) consume(parishIndex.locate(point).kind);
        },
        1,
      ),
    );
    chainRates.push(
      perSecond(
        points.length,
        () => {
          for (const point of points) consume(chain.locate(point).local);
        },
        1,
      ),
    );
  }

  const name = set.name.replace(/\W+/g, "-");
  const write = (folder: string, geography: Geography) => {
    const dir = join(work, name, folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, "boundaries.idx"),
      encodeBoundaryIndex({ packed: geography.toPacked(), sourceHash: "bench" }),
    );
    return dir;
  };
  const probe = set.points[0] ?? [0, 0];
  const [parishDir, chainDir] = [write("parish", alone), write("chain", chain)];
  const parishCold: number[] = [];
  const chainCold: number[] = [];
  for (let run = 0; run < COLD_RUNS; run++) {
    parishCold.push(coldLoad(parishDir, probe, "parish"));
    chainCold.push(coldLoad(chainDir, probe, "chain"));
  }
  return {
    set: set.name,
    parishRate: median(parishRates),
    chainRate: median(chainRates),
    parishColdMs: median(parishCold),
    chainColdMs: median(chainCold),
  };
}

function coldLoad(dir: string, [lng, lat]: Position, mode: "parish" | "chain"): number {
  const script = join(import.meta.dirname, "cold-load.ts");
  const output = execFileSync(
    process.execPath,
    ["--import", "tsx", script, dir, String(lng), String(lat), mode],
    { encoding: "utf8" },
  );
  return (JSON.parse(output) as { milliseconds: number }).milliseconds;
}
