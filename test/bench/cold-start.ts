/**
 * The cold-start table of `npm run bench`: each synthesised function bundle started in fresh
 * processes with its template environment, against bare Node and against a floor bundle that only
 * creates that function's SDK clients. Prints numbers; never fails on timing.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildFloorBundle, type SdkClient } from "./cold-start/floor-bundles.js";
import { medianStarts, type Start } from "./cold-start/fresh-starts.js";
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
};

export async function coldStartBench(rounds = DEFAULT_ROUNDS): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "signpost-cold-start-"));
  try {
    console.log("\nsynthesising the app with bundling…");
    const functions = synthBundles();
    const unknown = functions.filter((f) => !CLIENTS[f.name]).map((f) => f.name);
    if (unknown.length > 0) throw new Error(`say which SDK clients ${unknown.join(", ")} builds`);
    // One floor per set of clients, built in this run.
    const clientSets = new Map(functions.map((f) => [keyOf(f.name), CLIENTS[f.name] ?? []]));
    const floorKeys = [...clientSets.keys()];
    const floors = new Map<string, string>();
    for (const [key, clients] of clientSets) floors.set(key, await buildFloorBundle(clients, work));
    const bare: Start = { label: "bare Node", env: {} };
    // A floor runs with no NODE_OPTIONS: it is the least a function with those clients can cost.
    const floorStarts = floorKeys.map((key) => ({ label: `floor ${key}`, module: floors.get(key), env: {} }));
    const functionStarts = functions.map((f) => ({
      label: f.name,
      module: join(f.dir, "index.mjs"),
      env: f.env,
    }));
    console.log(`starting ${functionStarts.length + floorStarts.length + 1} modules, ${rounds} rounds…`);
    const [bareMs = 0, ...rest] = medianStarts([bare, ...floorStarts, ...functionStarts], rounds);
    const floorMs = new Map(floorKeys.map((key, i) => [key, rest[i] ?? 0]));
    const rows = functions.map((f, i) => {
      const key = keyOf(f.name);
      const took = rest[floorKeys.length + i] ?? 0;
      const floor = floorMs.get(key) ?? 0;
      return {
        name: f.name,
        clients: key || "none",
        took,
        floor,
        bytes: statSync(join(f.dir, "index.mjs")).size,
        floorBytes: statSync(floors.get(key) as string).size,
        overFloor: (took - bareMs) / (floor - bareMs),
        nodeOptions: f.env.NODE_OPTIONS ?? "",
      };
    });
    console.log(
      `\nCold start: fresh process, spawn to exit, importing index.mjs as the Lambda runtime does (median of ${rounds}, interleaved); bare Node ${ms(bareMs)}\n`,
    );
    console.log(
      table(
        [
          "function",
          "SDK clients",
          "bundle",
          "start",
          "÷ bare",
          "floor bundle",
          "floor start",
          "(start − bare) ÷ (floor − bare)",
          "NODE_OPTIONS",
        ],
        rows.map((r) => [
          r.name,
          r.clients,
          size(r.bytes),
          ms(r.took),
          ratio(r.took / bareMs),
          size(r.floorBytes),
          ms(r.floor),
          ratio(r.overFloor),
          r.nodeOptions || "-",
        ]),
      ),
    );
    const over = rows.filter((r) => r.overFloor > AIM);
    console.log(
      `\n  ${over.length === 0 ? "met " : "MISSED"}  every function within ${AIM}× its floor above bare Node${
        over.length ? `: not ${over.map((r) => `${r.name} ${ratio(r.overFloor)}`).join(", ")}` : ""
      }`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const keyOf = (name: string) => (CLIENTS[name] ?? []).join(" + ");
