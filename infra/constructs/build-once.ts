import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Several functions ship the same built files (seven the geodata index files, two the compiled
 * stylesheet). Building them afresh in every function's bundling step cost a tsx start and the
 * build itself each time, about a fifth of a synth. These shell commands build each kind once per
 * synth process, into a folder of this process's own, and copy it into every bundle after that.
 *
 * Keyed by the process, not by content: a synth is one process, so a file changed between two
 * synths is always rebuilt, and there is nothing to invalidate. The folder goes when the process
 * exits. Local bundling only (the functions never force Docker, and esbuild is a dev dependency):
 * a Docker bundling step could not see this folder.
 */
const root = join(tmpdir(), `signpost-synth-${process.pid}`);
let cleanupRegistered = false;

/**
 * Shell commands that run `build(dir)` into the folder for `key` if no earlier bundling step in
 * this process has, then copy its contents into `destination` (which must exist).
 */
export function buildOnceThenCopy(
  key: string,
  build: (dir: string) => string,
  destination: string,
): string[] {
  if (!cleanupRegistered) {
    cleanupRegistered = true;
    process.once("exit", () => rmSync(root, { recursive: true, force: true }));
  }
  const dir = join(root, key.replace(/[^A-Za-z0-9._-]/g, "_"));
  const partial = `${dir}.partial`;
  return [
    // Built into a side folder and renamed, so a failed build leaves nothing that looks finished.
    `if [ ! -d "${dir}" ]; then rm -rf "${partial}" && mkdir -p "${partial}" && ${build(partial)} && mv "${partial}" "${dir}"; fi`,
    `cp -R "${dir}/." "${destination}"`,
  ];
}
