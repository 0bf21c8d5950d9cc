/**
 * The cold-start table of `npm run bench`: each synthesised function bundle started in fresh
 * processes with its template environment, against bare Node and against a floor bundle that only
 * creates that function's SDK clients. Prints numbers; never fails on timing.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFloorBundle, type SdkClient } from "./cold-start/floor-bundles.js";
import { medianStarts, type Start, type StartTimes } from "./cold-start/fresh-starts.js";
import { synthBundles } from "./cold-start/synth-bundles.js";
import { ms, ratio, size, table } from "./table.js";

/** Fresh starts of each module (`--rounds <n>` to change); the table gives the median. */
const DEFAULT_ROUNDS = 11;
/** The aim: a function's start-up above bare Node within this many times its floor's. */
const AIM = 1.3;

/** The SDK clients each function builds at init (its wiring in functions/wiring/handlers/). */
const CLIENTS: Record<string, SdkClient[]> = {
  Intake: ["dynamodb", "sqs"],
  Web: ["dynamodb", "sqs"],
  Open311: ["dynamodb", "sqs"],
  Dispatch: ["dynamodb", "ses", "sqs"],
  DeliveryEvents: ["dynamodb", "sqs"],
  Health: [],
  CaseLog: ["dynamodb", "sqs", "cognito"],
  Requeue: ["dynamodb", "sqs"],
  // Synthesised with the geodata since issue 20 (dispatch's and the digest's bodies file).
  Digest: ["dynamodb", "ses"],
  DirectoryRefresh: ["dynamodb", "ses"],
};

const keyOf = (name: string) => (CLIENTS[name] ?? []).join(" + ");

export async function coldStartBench(rounds = DEFAULT_ROUNDS): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "signpost-cold-start-"));
  try {
    console.log("\nsynthesising the app with bundling…");
    const functions = synthBundles();
    const unknown = functions.filter((f) => !CLIENTS[f.name]).map((f) => f.name);
    if (unknown.length > 0) throw new Error(`say which SDK clients ${unknown.join(", ")} builds`);
    // One floor per set of clients, built in this run.
    const clientSets = new Map(functions.map((f) => [keyOf(f.name), CLIENTS[f.name] ?? []]));
    const floors = new Map<string, string>();
    for (const [key, clients] of clientSets) floors.set(key, await buildFloorBundle(clients, work));
    const floorKeys = [...floors.keys()];

    const bare: Start = { label: "bare Node", env: {} };
    // A floor runs with no NODE_OPTIONS: it is the least a function with those clients can cost.
    const floorStarts = floorKeys.map((key) => ({ label: `floor ${key}`, module: floors.get(key), env: {} }));
    const functionStarts = functions.map((f) => ({
      label: f.name,
      module: join(f.dir, "index.mjs"),
      env: f.env,
    }));
    console.log(`starting ${functionStarts.length + floorStarts.length + 1} modules, ${rounds} rounds…`);
    const [bareTimes, ...rest] = medianStarts([bare, ...floorStarts, ...functionStarts], rounds);
    const floorTimes = new Map(floorKeys.map((key, i) => [key, rest[i] as StartTimes]));
    const base = bareTimes as StartTimes;
    /** Start-up above bare Node over the floor's; none for a function with no SDK client. */
    const overFloor = (clients: string, took: number, floor: number, bareMs: number) =>
      clients === "" ? undefined : (took - bareMs) / (floor - bareMs);

    const rows = functions.map((f, i) => {
      const key = keyOf(f.name);
      const took = rest[floorKeys.length + i] as StartTimes;
      const floor = floorTimes.get(key) as StartTimes;
      return {
        name: f.name,
        clients: key || "none",
        took,
        floor,
        bytes: statSync(join(f.dir, "index.mjs")).size,
        floorBytes: statSync(floors.get(key) as string).size,
        wallRatio: overFloor(key, took.wallMs, floor.wallMs, base.wallMs),
        cpuRatio: overFloor(key, took.cpuMs, floor.cpuMs, base.cpuMs),
        nodeOptions: f.env.NODE_OPTIONS ?? "",
      };
    });
    const shown = (r: number | undefined) => (r === undefined ? "no clients" : ratio(r));
    console.log(
      `\nCold start: fresh processes importing index.mjs as the Lambda runtime does, with the function's environment (median of ${rounds}, interleaved). Wall: spawn to exit. CPU: the process's CPU time, every thread.\nBare Node: ${ms(base.wallMs)} wall, ${ms(base.cpuMs)} CPU. Floor: a bundle that only creates the function's SDK clients, built in this run.\n`,
    );
    console.log(
      table(
        [
          "function",
          "SDK clients",
          "bundle",
          "floor bundle",
          "wall",
          "÷ bare",
          "floor wall",
          "above bare ÷ floor's",
          "CPU",
          "floor CPU",
          "above bare ÷ floor's (CPU)",
          "NODE_OPTIONS",
        ],
        rows.map((r) => [
          r.name,
          r.clients,
          size(r.bytes),
          size(r.floorBytes),
          ms(r.took.wallMs),
          ratio(r.took.wallMs / base.wallMs),
          ms(r.floor.wallMs),
          shown(r.wallRatio),
          ms(r.took.cpuMs),
          ms(r.floor.cpuMs),
          shown(r.cpuRatio),
          r.nodeOptions || "-",
        ]),
      ),
    );
    const over = rows.filter((r) => r.wallRatio !== undefined && r.wallRatio > AIM);
    const none = rows.filter((r) => r.wallRatio === undefined);
    console.log(
      `\n  ${over.length === 0 ? "met " : "MISSED"}  every function within ${AIM}× its floor above bare Node (wall)${
        over.length ? `: not ${over.map((r) => `${r.name} ${ratio(r.wallRatio as number)}`).join(", ")}` : ""
      }`,
    );
    for (const r of none) {
      console.log(
        `  ${r.name} builds no SDK client, so its floor is bare Node: ${ms(r.took.wallMs - base.wallMs)} above it (${ms(r.took.cpuMs - base.cpuMs)} CPU)`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
