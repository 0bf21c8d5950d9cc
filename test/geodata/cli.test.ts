import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { help, runCli } from "../../geodata/cli.js";
import { TRAFFORD } from "./helpers/real-data.js";

const work = mkdtempSync(join(tmpdir(), "signpost-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("npm run geodata", () => {
  it("prints help, and exits 2 when used wrongly", async () => {
    expect(await run("--help")).toEqual({ code: 0, out: help, err: "" });
    expect((await run()).code).toBe(2);
    expect(await run("frobnicate")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^unknown command "frobnicate"/),
    });
    expect(await run("import", "--bogus")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/Unknown option '--bogus'/),
    });
    expect(await run("locate", "1")).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^locate needs <lng> <lat>, or --postcode/),
    });
    for (const command of ["import", "postcodes", "build", "locate"]) {
      expect(await run(command, "--help")).toMatchObject({
        code: 0,
        out: expect.stringMatching(new RegExp(`^Usage: npm run geodata -- ${command}`)),
      });
    }
  });

  it("imports Trafford, its postcodes, and locates a point and a postcode as JSON", async () => {
    const dir = join(work, "trafford");
    const imported = await run(
      "import",
      "--parishes",
      join(TRAFFORD, "parishes_may2023_bgc.geojson"),
      "--districts",
      join(TRAFFORD, "lad_may2023_bgc.geojson"),
      "--out",
      dir,
    );
    expect(imported).toMatchObject({ code: 0, err: "" });
    expect(imported.out.split("\n").slice(0, 4)).toEqual([
      "district E08000009 Trafford",
      "read 4 parish features: kept 4, left out 0 outside the district and 0 non-civil-parished areas",
      "  fixed: rewound rings to RFC 7946 (outer rings counter-clockwise, holes clockwise) (1: lad_may2023_bgc.geojson features[0] (E08000009 Trafford))",
      `wrote ${dir}/district.geojson and parishes.geojson`,
    ]);
    expect(imported.out.split("\n")[4]).toMatch(
      new RegExp(`^built ${dir}/boundaries.idx \\(\\d+\\.\\d KB\\) in \\d+ ms$`),
    );
    const postcodes = await run("postcodes", join(TRAFFORD, "postcodes_onspd_feb2025.csv"), "--out", dir);
    expect(postcodes.out.split("\n")[0]).toBe("district E08000009 Trafford: read 11264 rows, kept 11264");
    expect(readFileSync(join(dir, "postcodes.csv"), "utf8").split("\n").slice(0, 2)).toEqual([
      "postcode,lat,lng",
      "M15 4AB,53.465578,-2.26046",
    ]);

    const byPoint = await run("locate", "-2.420892", "53.42104", "--dir", dir);
    expect(byPoint.code).toBe(0);
    expect(JSON.parse(byPoint.out)).toEqual({
      point: { lng: -2.420892, lat: 53.42104 },
      parish: { type: "parish", code: "E04000011", name: "Partington" },
      local: { type: "unitary", code: "E08000009", name: "Trafford" },
    });
    const byPostcode = JSON.parse((await run("locate", "--postcode", "m15 4ab", "--dir", dir)).out);
    expect(byPostcode).toMatchObject({ postcode: "m15 4ab", local: { code: "E08000009" } });
    expect(byPostcode).not.toHaveProperty("parish");
    expect(await run("locate", "--postcode", "ZZ9 9ZZ", "--dir", dir)).toMatchObject({
      code: 1,
      err: `ZZ9 9ZZ is not in ${dir}/postcodes.csv`,
    });
    expect(JSON.parse((await run("locate", "0", "0", "--dir", dir)).out)).toEqual({
      point: { lng: 0, lat: 0 },
    });
  });

  it("reports a failed import on stderr with exit code 1", async () => {
    const result = await run(
      "import",
      "--parishes",
      join(work, "missing.geojson"),
      "--district",
      "E07000001",
      "--district-name",
      "X",
      "--out",
      join(work, "x"),
    );
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toMatch(/missing\.geojson: not readable as JSON/);
  });

  it("runs as a script through npm's tsx, locating in the demo by default", () => {
    const tsx = join(import.meta.dirname, "../../node_modules/.bin/tsx");
    const out = execFileSync(tsx, ["geodata/cli.ts", "locate", "--postcode", "ZX3 1DT"], {
      cwd: join(import.meta.dirname, "../.."),
      encoding: "utf8",
    });
    expect(JSON.parse(out)).toMatchObject({
      parish: { type: "parish", code: "E04999002", name: "Saint Aldhelm and Marsh" },
      local: { type: "district", code: "E07999999" },
    });
  });
});
