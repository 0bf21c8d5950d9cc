import { spawnSync } from "node:child_process";
import { median } from "../measure.js";

/** What to start in a fresh process: a bundle's index.mjs (or nothing, for bare Node) and its env. */
export interface Start {
  label: string;
  module?: string;
  env: Record<string, string>;
}

/**
 * Imports the module as the Lambda Node runtime does an ESM handler (a dynamic `import()` of the
 * file URL, which runs the module's init), checks that it exports a handler function, prints the
 * process's CPU time (every thread: compiling and GC run beside the main one), and exits. With no
 * module it is bare Node: the same process start and exit, no import.
 */
const PROBE = [
  "const [file] = process.argv.slice(1);",
  "if (file) {",
  '  const { pathToFileURL } = await import("node:url");',
  "  const loaded = await import(pathToFileURL(file).href);",
  '  if (typeof loaded.handler !== "function") throw new Error(`${file} exports no handler`);',
  "}",
  "const { user, system } = process.cpuUsage();",
  "process.stdout.write(`\\n${(user + system) / 1000}`);",
  "process.exit(0);",
].join("\n");

/** The least of the bench's own environment a start needs; the rest is the function's. */
const BASE_ENV = {
  PATH: process.env.PATH ?? "/usr/bin:/bin",
  AWS_REGION: "eu-west-2",
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
};

/** One start's wall time (spawn to exit) and CPU time, in milliseconds. */
export interface StartTimes {
  wallMs: number;
  cpuMs: number;
}

function startOnce(start: Start): StartTimes {
  const began = performance.now();
  const result = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", PROBE, ...(start.module ? [start.module] : [])],
    { env: { ...BASE_ENV, ...start.env }, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" },
  );
  const took = performance.now() - began;
  if (result.status !== 0) throw new Error(`${start.label} did not start:\n${result.stderr}`);
  return { wallMs: took, cpuMs: Number(result.stdout.split("\n").at(-1)) };
}

/**
 * The median wall and CPU times of each start over `rounds` fresh processes. The starts are
 * interleaved (one of each per round) so that a busy spell on the machine falls on all of them.
 * CPU time is the steadier figure on a shared machine, and the one that counts on a Lambda with a
 * fraction of a vCPU.
 */
export function medianStarts(starts: readonly Start[], rounds: number): StartTimes[] {
  for (const start of starts) startOnce(start); // a warm-up: the file cache, not the process
  const times = starts.map(() => [] as StartTimes[]);
  for (let round = 0; round < rounds; round++) {
    starts.forEach((start, i) => times[i]?.push(startOnce(start)));
  }
  return times.map((runs) => ({
    wallMs: median(runs.map((r) => r.wallMs)),
    cpuMs: median(runs.map((r) => r.cpuMs)),
  }));
}
