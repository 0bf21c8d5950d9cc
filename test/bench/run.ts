/**
 * `npm run bench`: the boundary index against Turf, on the real data and on a national-scale
 * synthetic set, all in this one process (cold loads in fresh child processes), then the functions'
 * cold starts. `npm run bench -- --cold-start [--rounds <n>]` prints only the
 * cold-start table. Not part of
 * `npm test`: it prints numbers, it does not pass or fail, apart from a sanity check that every
 * compared look-up gave the same answer.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Position } from "geojson";
import { decodeBoundaryIndex, encodeBoundaryIndex } from "#adapters/geodata/boundary-index-file.js";
import { type Boundary, BoundaryIndex } from "#core/spatial/boundary-index.js";
import { Geography } from "#core/spatial/geography.js";
import { boundariesText } from "../../geodata/import/geojson-text.js";
import { flatbushTurf, naiveScan } from "./baselines.js";
import { type ChainResult, chainBench } from "./chain.js";
import { coldStartBench } from "./cold-start.js";
import { consume, median, milliseconds, perSecond } from "./measure.js";
import { nationalSet, randomPoints } from "./national-set.js";
import { type BenchSet, buckinghamshire, trafford } from "./real-sets.js";
import { count, ms, ratio, size, table } from "./table.js";

const NATIONAL_CELLS = 100;
const NATIONAL_POINTS = 100_000;
/** The Turf-based look-ups are slow at national scale, so they get samples; the rest use every point. */
const NAIVE_SAMPLE = 200;
const FLATBUSH_SAMPLE = 10_000;
const COLD_RUNS = 7;

const work = mkdtempSync(join(tmpdir(), "signpost-bench-"));

interface Result {
  set: BenchSet;
  vertices: number;
  rates: { index: number; flatbushTurf: number; naive: number; floor: number };
  buildMs: number;
  indexBytes: number;
  geojsonBytes: number;
  cold: { index: ColdLoad; geojson: ColdLoad };
}

interface ColdLoad {
  milliseconds: number;
  addedMiB: number;
}

const answer = (index: BoundaryIndex, [lng, lat]: Position) => {
  const location = index.locate({ lng: lng as number, lat: lat as number });
  return location.kind === "parish" ? location.parish.code : location.kind;
};

async function measure(set: BenchSet): Promise<Result> {
  const { district, parishes, points } = set;
  const name = set.name.replace(/\W+/g, "-");
  let bytes: Uint8Array = new Uint8Array();
  const buildMs = milliseconds(() => {
    const area = { type: "district" as const, code: district.code, name: district.name };
    const packed = new BoundaryIndex(district, parishes).toPacked();
    bytes = encodeBoundaryIndex({ packed: { locals: [{ area, boundaries: packed }] }, sourceHash: "bench" });
  });
  const index = new Geography(decodeBoundaryIndex(bytes, name).packed).parishIndex(
    district.code,
  ) as BoundaryIndex;

  // The answers, and for the floor the one polygon that holds each point.
  const answers = points.map((point) => answer(index, point));
  const byCode = new Map(parishes.map((parish) => [parish.code, parish]));
  const held = points.flatMap((point, i) => {
    const parish = byCode.get(answers[i] as string);
    return parish ? [{ point, parish }] : [];
  });

  const naive = naiveScan(district, parishes);
  const previous = flatbushTurf(district, parishes);
  const sample = spread(points, NAIVE_SAMPLE);
  const larger = spread(points, FLATBUSH_SAMPLE);
  const mismatches = [
    ...sample.filter((point) => naive(point) !== answer(index, point)),
    ...larger.filter((point) => previous(point) !== answer(index, point)),
  ];
  if (mismatches.length > 0)
    throw new Error(`${set.name}: ${mismatches.length} look-ups disagree, e.g. ${mismatches[0]}`);

  const rates = {
    index: perSecond(points.length, () => {
      for (const point of points)
        consume(index.locate({ lng: point[0] as number, lat: point[1] as number }).kind);
    }),
    flatbushTurf: perSecond(larger.length, () => {
      for (const point of larger) consume(previous(point));
    }),
    naive: perSecond(
      sample.length,
      () => {
        for (const point of sample) consume(naive(point));
      },
      1,
    ),
    floor: perSecond(held.length, () => {
      for (const { point, parish } of held) consume(booleanPointInPolygon(point, parish.geometry));
    }),
  };

  const indexDir = join(work, name, "index");
  const geojsonDir = join(work, name, "geojson");
  mkdirSync(indexDir, { recursive: true });
  mkdirSync(geojsonDir, { recursive: true });
  writeFileSync(join(indexDir, "boundaries.idx"), bytes);
  const districtText = boundariesText(undefined, [{ ...district, type: "district" }]);
  const parishText = boundariesText(undefined, parishes);
  writeFileSync(join(geojsonDir, "district.geojson"), districtText);
  writeFileSync(join(geojsonDir, "parishes.geojson"), parishText);
  const probe = held[0]?.point ?? points[0] ?? [0, 0];
  return {
    set,
    vertices: [district, ...parishes].reduce((sum, area) => sum + vertexCount(area), 0),
    rates,
    buildMs,
    indexBytes: bytes.byteLength,
    geojsonBytes: Buffer.byteLength(districtText) + Buffer.byteLength(parishText),
    cold: { index: coldLoad(indexDir, probe, COLD_RUNS), geojson: coldLoad(geojsonDir, probe, 3) },
  };
}

/** Up to n points spread evenly through the list. */
function spread(points: Position[], n: number): Position[] {
  const step = Math.max(1, Math.floor(points.length / n));
  return points.filter((_, i) => i % step === 0).slice(0, n);
}

function coldLoad(dir: string, [lng, lat]: Position, runs: number): ColdLoad {
  const script = join(import.meta.dirname, "cold-load.ts");
  const results = Array.from(
    { length: runs },
    () =>
      JSON.parse(
        execFileSync(process.execPath, ["--import", "tsx", script, dir, String(lng), String(lat)], {
          encoding: "utf8",
        }),
      ) as ColdLoad,
  );
  return {
    milliseconds: median(results.map((r) => r.milliseconds)),
    addedMiB: median(results.map((r) => r.addedMiB)),
  };
}

function vertexCount(area: Boundary): number {
  const polygons = area.geometry.type === "Polygon" ? [area.geometry.coordinates] : area.geometry.coordinates;
  return polygons.flat().reduce((sum, ring) => sum + ring.length, 0);
}

function reportChain(results: ChainResult[]): void {
  console.log(
    "\nThe area chain (parish, district, county, police) against one district's parish look-up, same points, same run (issue 20: unchanged within noise)\n",
  );
  console.log(
    table(
      [
        "set",
        "parish look-ups/s",
        "chain look-ups/s",
        "chain ÷ parish",
        "parish cold load",
        "chain cold load",
        "chain ÷ parish",
      ],
      results.map((r) => [
        r.set,
        count(r.parishRate),
        count(r.chainRate),
        ratio(r.chainRate / r.parishRate),
        ms(r.parishColdMs),
        ms(r.chainColdMs),
        ratio(r.chainColdMs / r.parishColdMs),
      ]),
    ),
  );
}

function report(results: Result[]): void {
  console.log(
    `\nLook-ups per second, one thread (flatbush+Turf on up to ${count(FLATBUSH_SAMPLE)} points and the naive scan on ${NAIVE_SAMPLE}, spread through the set; the rest on every point)\n`,
  );
  console.log(
    table(
      [
        "set",
        "parishes",
        "vertices",
        "points",
        "index",
        "flatbush+Turf (before)",
        "naive Turf scan",
        "floor: Turf on the known polygon",
        "index ÷ naive",
        "index ÷ before",
        "floor ÷ index",
      ],
      results.map(({ set, vertices, rates }) => [
        set.name,
        count(set.parishes.length),
        count(vertices),
        count(set.points.length),
        count(rates.index),
        count(rates.flatbushTurf),
        count(rates.naive),
        count(rates.floor),
        ratio(rates.index / rates.naive),
        ratio(rates.index / rates.flatbushTurf),
        ratio(rates.floor / rates.index),
      ]),
    ),
  );
  console.log(
    `\nIndex file and cold load (fresh process: read, decode, first look-up; median of ${COLD_RUNS})\n`,
  );
  console.log(
    table(
      [
        "set",
        "build",
        "boundaries.idx",
        "GeoJSON",
        "cold load .idx",
        "memory .idx",
        "cold load GeoJSON",
        "memory GeoJSON",
      ],
      results.map(({ set, buildMs, indexBytes, geojsonBytes, cold }) => [
        set.name,
        ms(buildMs),
        size(indexBytes),
        size(geojsonBytes),
        ms(cold.index.milliseconds),
        `${cold.index.addedMiB.toFixed(0)} MiB`,
        ms(cold.geojson.milliseconds),
        `${cold.geojson.addedMiB.toFixed(0)} MiB`,
      ]),
    ),
  );
  const national = results.at(-1) as Result;
  const districts = results.slice(0, -1);
  const check = (ok: boolean, text: string) => console.log(`  ${ok ? "met " : "MISSED"}  ${text}`);
  console.log("\nTargets (issue 7, then design.md)\n");
  check(
    national.rates.index / national.rates.naive >= 50,
    `national index ≥ 50× the naive scan: ${ratio(national.rates.index / national.rates.naive)}`,
  );
  check(
    national.rates.floor / national.rates.index <= 3,
    `national index within 3× of the floor: ${ratio(national.rates.floor / national.rates.index)}`,
  );
  check(
    districts.every((r) => r.cold.index.milliseconds < 50),
    `district index cold load < 50 ms: ${districts.map((r) => ms(r.cold.index.milliseconds)).join(", ")}`,
  );
  check(national.rates.index >= 450_000, `national ≥ 450,000 look-ups/s: ${count(national.rates.index)}`);
  check(
    national.cold.index.milliseconds <= 150,
    `national index cold load ≤ 150 ms: ${ms(national.cold.index.milliseconds)}`,
  );
  check(
    districts.every((r) => r.cold.index.milliseconds <= 10),
    `district index cold load ≤ 10 ms: ${districts.map((r) => ms(r.cold.index.milliseconds)).join(", ")}`,
  );
}

async function boundaryBench(): Promise<void> {
  console.log(`Node ${process.version}; building the sets…`);
  const national = nationalSet({ cells: NATIONAL_CELLS, verticesPerSide: 100, seed: 20_251_123 });
  const sets: BenchSet[] = [
    await trafford(),
    await buckinghamshire(),
    { name: "National (synthetic)", ...national, points: randomPoints(NATIONAL_POINTS, NATIONAL_CELLS, 7) },
  ];
  const results: Result[] = [];
  for (const set of sets) {
    console.log(`measuring ${set.name}…`);
    results.push(await measure(set));
  }
  report(results);
  reportChain(sets.map((set) => chainBench(set, work)));
}

try {
  if (!process.argv.includes("--cold-start")) await boundaryBench();
  else console.log(`Node ${process.version}`);
  const rounds = process.argv.indexOf("--rounds");
  await coldStartBench(rounds > 0 ? Number(process.argv[rounds + 1]) : undefined);
} finally {
  rmSync(work, { recursive: true, force: true });
}
