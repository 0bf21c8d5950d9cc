import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A folder for this run of the infra tier: the one bundled synth its files share. */
    infraRunDir: string;
  }
}

/** Global setup of the infra tier: a fresh folder per run, removed when the run ends. */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "signpost-infra-run-"));
  project.provide("infraRunDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
