import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const work = mkdtempSync(join(tmpdir(), "signpost-check-services-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `npm run check:services` on a folder: its exit status and what it printed. */
async function checkServices(dir: string) {
  try {
    const { stdout, stderr } = await run("npx", ["tsx", "functions/cli/check-services.ts", dir], {
      cwd: root,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** A copy of the demo geodata with its bodies file changed. */
function demoWithBodies(name: string, change: (text: string) => string): string {
  const dir = join(work, name);
  cpSync(join(root, "geodata/demo"), dir, { recursive: true });
  writeFileSync(join(dir, "bodies.json"), change(readFileSync(join(dir, "bodies.json"), "utf8")));
  return dir;
}

describe("npm run check:services", () => {
  it("passes the demo's services and bodies", async () => {
    const { code, output } = await checkServices("geodata/demo");
    expect(code, output).toBe(0);
    expect(output).toMatch(/ok {2}geodata\/demo\/bodies\.json: \d+ bodies/);
  });

  it("names the file, the path and the fault of a bad body", async () => {
    const dir = demoWithBodies("bad-area", (text) =>
      text.replace('"covers": ["E10999999"]', '"covers": ["E10999990"]'),
    );
    const { code, output } = await checkServices(dir);
    expect(code).toBe(1);
    expect(output).toContain(join(dir, "bodies.json"));
    expect(output).toMatch(/bodies\.\d+\.covers\.0.*E10999990/);
  });

  it("fails a parish body named for another parish", async () => {
    const dir = demoWithBodies("misnamed", (text) =>
      text.replace('"name": "Brindlecote Parish Council"', '"name": "Harrow Saint Jude Parish Council"'),
    );
    const { code, output } = await checkServices(dir);
    expect(code).toBe(1);
    expect(output).toContain(
      'the body for E04999101 is named "Harrow Saint Jude Parish Council", but that parish is Brindlecote',
    );
  });
});
