import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadBodies, loadBodiesFile } from "#adapters/geodata/load-bodies.js";

const demoDir = join(import.meta.dirname, "../../../geodata/demo");
let dir: string | undefined;

async function folderWith(text: string): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), "bodies-"));
  await writeFile(join(dir, "bodies.json"), text);
  return dir;
}

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("loadBodiesFile", () => {
  it("loads the demo bodies: names by code and the routing bodies", async () => {
    const file = await loadBodiesFile(demoDir);
    expect(file.names.get("E04999003")).toMatchObject({
      name: "Great Wendle Town Council",
      kind: "town-council",
    });
    expect(file.bodies.byId("exampleshire-safer-roads")?.reach).toEqual({
      email: "enforcement@saferroads.exampleshire.example.org",
    });
    expect((await loadBodies(demoDir)).get("national-highways")?.name).toBe("National Highways");
  });

  it("has no bodies, and every role falls back, where the folder has no bodies file", async () => {
    dir = await mkdtemp(join(tmpdir(), "bodies-"));
    const file = await loadBodiesFile(dir);
    expect(file.names.size).toBe(0);
    expect(file.bodies.all).toEqual([]);
    expect(file.fallbacks["highway-authority"]).toEqual(["district"]);
  });

  it("names the file, the path in it and the fault", async () => {
    const folder = await folderWith(
      JSON.stringify({
        bodies: [
          {
            id: "county",
            name: "County",
            kind: "county-council",
            roles: [],
            covers: [],
            reach: { email: "x" },
          },
        ],
      }),
    );
    await expect(loadBodiesFile(folder)).rejects.toThrow(
      `${join(folder, "bodies.json")} is not a valid bodies file:\n  at bodies.0.reach.email: must be an email address`,
    );
  });

  it("names a file that is not JSON", async () => {
    const folder = await folderWith("{ bodies: ");
    await expect(loadBodies(folder)).rejects.toThrow(`${join(folder, "bodies.json")} is not JSON`);
  });
});
