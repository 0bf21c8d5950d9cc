import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { inject } from "vitest";
import "./bundled-synth-setup.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");

/** Longer than any synth on a busy 2-core machine (about 100 s there); a hang detector only. */
export const SYNTH_TIMEOUT_MS = 300_000;

/**
 * `npx cdk synth` with bundling, run once per test run however many infra files ask for it:
 * bundling every function is the slowest step of the suite, and its output does not depend on who
 * reads it. The first file to ask takes a lock (an atomic mkdir) and synthesises; the others wait
 * for its "done" or "failed" marker. Offline, as CI and a developer without AWS credentials would:
 * no AWS_* variable reaches the CLI. Resolves to the cloud assembly folder.
 */
export function bundledCloudAssembly(): Promise<string> {
  shared ??= synthOnce(inject("infraRunDir"));
  return shared;
}
let shared: Promise<string> | undefined;

async function synthOnce(runDir: string): Promise<string> {
  const out = join(runDir, "cdk.out");
  const done = join(runDir, "synth.done");
  const failed = join(runDir, "synth.failed");
  if (takeLock(join(runDir, "synth.lock"))) {
    try {
      await run("npx", ["cdk", "synth", "-q", "--no-notices", "-o", out], {
        cwd: root,
        env: offlineEnv(),
        timeout: SYNTH_TIMEOUT_MS - 10_000,
      });
      writeFileSync(done, "");
      return out;
    } catch (error) {
      writeFileSync(failed, error instanceof Error ? error.message : String(error));
      throw error;
    }
  }
  for (const started = Date.now(); Date.now() - started < SYNTH_TIMEOUT_MS; await sleep(500)) {
    if (existsSync(done)) return out;
    if (existsSync(failed)) throw new Error(`the shared synth failed: ${readFileSync(failed, "utf8")}`);
  }
  throw new Error("the shared synth did not finish in time");
}

function takeLock(path: string): boolean {
  try {
    mkdirSync(path);
    return true;
  } catch {
    return false;
  }
}

function offlineEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of Object.keys(env))
    if (name.startsWith("AWS_") && name !== "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED")
      delete env[name];
  env.AWS_EC2_METADATA_DISABLED = "true";
  return env;
}
