import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Polygon, Position } from "geojson";
import { afterAll, describe, expect, it } from "vitest";
import { loadGeography } from "#adapters/geodata/load-geography.js";
import { runCli } from "../../geodata/cli.js";
import { fromLngLat } from "../../geodata/import/crs.js";
import { counties, locals, parishes, police, square } from "../core/spatial/synthetic-geography.js";
import { BNG_PRJ, writeShapefile } from "./helpers/write-shapefile.js";

const work = mkdtempSync(join(tmpdir(), "signpost-areas-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

// The synthetic squares, moved onto land in England so that they reproject to British National Grid.
const [X0, Y0, SCALE] = [-1.5, 52, 0.01];
const place = (ring: Position[]): Position[] =>
  ring.map(([x, y]) => [X0 + (x as number) * SCALE, Y0 + (y as number) * SCALE]);
/** The squares are Polygons: their rings, placed. */
const placed = (area: { geometry: unknown }) => (area.geometry as Polygon).coordinates.map(place);
const at = (x: number, y: number) => ({ lng: X0 + x * SCALE, lat: Y0 + y * SCALE });

/** An ONS-style GeoJSON file: the code and name in year-named columns, as ONS publishes them. */
function onsFile(
  name: string,
  prefix: string,
  areas: readonly { code: string; name: string; geometry: unknown }[],
) {
  const path = join(work, name);
  const features = areas.map((area) => ({
    type: "Feature",
    properties: { [`${prefix}23CD`]: area.code, [`${prefix}23NM`]: area.name, OBJECTID: 1 },
    geometry: { type: "Polygon", coordinates: placed(area) },
  }));
  writeFileSync(path, JSON.stringify({ type: "FeatureCollection", features }));
  return path;
}

describe("npm run geodata -- import --type", () => {
  const out = join(work, "folder");
  // One national-style LAD file holding districts and a unitary, and a parish file for all of them.
  const lad = onsFile("lad.geojson", "LAD", locals);
  const parishFile = onsFile("parishes.geojson", "PAR", parishes);

  it("imports districts and a unitary whole, then each one's parishes, and the chain answers", async () => {
    const districts = await run("import", "--type", "district", "--areas", lad, "--out", out);
    expect(districts).toMatchObject({ code: 0, err: "" });
    expect(districts.out.split("\n")).toEqual([
      "read 3 features: kept 2 district areas (E07000001 Beta, E07000002 Alpha), left out 1 of other types",
      `wrote ${out}/district.geojson`,
      `not building boundaries.idx yet: ${out} needs district.geojson and parishes.geojson`,
    ]);
    const unitary = await run(
      "import",
      "--type",
      "unitary",
      "--areas",
      lad,
      "--code",
      "E06000001",
      "--out",
      out,
    );
    expect(unitary.out.split("\n")[0]).toBe("read 3 features: kept 1 unitary areas (E06000001 Uni)");

    for (const code of ["E07000002", "E07000001", "E06000001"]) {
      const result = await run(
        "import",
        "--parishes",
        parishFile,
        "--districts",
        lad,
        "--district",
        code,
        "--out",
        out,
      );
      expect(result, code).toMatchObject({ code: 0, err: "" });
      expect(result.out).toMatch(new RegExp(`built ${out}/boundaries.idx`));
    }
    const written = JSON.parse(readFileSync(join(out, "district.geojson"), "utf8")) as {
      features: { properties: Record<string, string> }[];
    };
    expect(written.features.map((f) => f.properties)).toEqual([
      { code: "E07000001", name: "Beta", type: "district" },
      { code: "E07000002", name: "Alpha", type: "district" },
      { code: "E06000001", name: "Uni", type: "unitary" },
    ]);
    const geography = await loadGeography(out);
    expect(geography.parishes("E07000002").map((p) => p.code)).toEqual(["E04000011", "E04000012"]);
    expect(geography.parishes("E06000001").map((p) => p.code)).toEqual(["E04000031"]);
    expect(geography.locate(at(2, 2))).toEqual({
      parish: { type: "parish", code: "E04000011", name: "Low" },
      local: { type: "district", code: "E07000002", name: "Alpha" },
    });
  });

  it("imports a county in British National Grid and police force areas from a shapefile, kept whole", async () => {
    const toBng = fromLngLat("EPSG:27700");
    const bng = join(work, "cty-bng.geojson");
    writeFileSync(
      bng,
      JSON.stringify({
        type: "FeatureCollection",
        features: counties.map((county) => ({
          type: "Feature",
          properties: { CTY23CD: county.code, CTY23NM: county.name },
          geometry: { type: "Polygon", coordinates: placed(county).map((ring) => ring.map(toBng)) },
        })),
      }),
    );
    const county = await run(
      "import",
      "--type",
      "county",
      "--areas",
      bng,
      "--crs",
      "EPSG:27700",
      "--out",
      out,
    );
    expect(county).toMatchObject({ code: 0, err: "" });
    expect(county.out.split("\n")[0]).toBe(
      "read 2 features: kept 2 county areas (E10000001 Alphashire, E10000002 Betashire)",
    );
    writeShapefile(
      join(work, "pfa"),
      police.map((force) => ({
        // Shapefiles wind outer rings clockwise: the reverse of GeoJSON.
        rings: placed(force).map((ring) => ring.map(toBng).reverse()),
        fields: { PFA23CD: force.code, PFA23NM: force.name },
      })),
      BNG_PRJ,
    );
    const force = await run("import", "--type", "police", "--areas", join(work, "pfa.shp"), "--out", out);
    expect(force).toMatchObject({ code: 0, err: "" });
    expect(force.out).toMatch(new RegExp(`^wrote ${out}/police.geojson$`, "m"));

    const located = await run("locate", String(at(2, 8).lng), String(at(2, 8).lat), "--dir", out);
    expect(JSON.parse(located.out)).toEqual({
      point: at(2, 8),
      local: { type: "district", code: "E07000002", name: "Alpha" },
      county: { type: "county", code: "E10000001", name: "Alphashire" },
      police: { type: "police", code: "E23000001", name: "Threeforce" },
    });
    const unitary = JSON.parse(
      (await run("locate", String(at(27, 2).lng), String(at(27, 2).lat), "--dir", out)).out,
    );
    expect(unitary).toMatchObject({
      parish: { code: "E04000031" },
      local: { type: "unitary" },
      police: { code: "E23000001" },
    });
    expect(unitary).not.toHaveProperty("county");
  });

  it("replaces a re-imported area by code, leaving the others", async () => {
    const moved = [{ ...counties[0], name: "Alphashire Renamed" } as (typeof counties)[number]];
    const again = await run(
      "import",
      "--type",
      "county",
      "--areas",
      onsFile("cty.geojson", "CTY", moved),
      "--out",
      out,
    );
    expect(again.code).toBe(0);
    expect((await loadGeography(out)).locate(at(2, 2)).county?.name).toBe("Alphashire Renamed");
    expect((await loadGeography(out)).locate(at(12, 2)).county?.name).toBe("Betashire");
  });

  it("refuses areas of the wrong type, unknown codes, broken geometry and an unknown --type, naming each", async () => {
    const wrongType = await run(
      "import",
      "--type",
      "county",
      "--areas",
      lad,
      "--code",
      "E07000001",
      "--code-field",
      "LAD23CD",
      "--name-field",
      "LAD23NM",
      "--out",
      join(work, "x"),
    );
    expect(wrongType).toMatchObject({ code: 1, out: "" });
    expect(wrongType.err).toContain(
      "lad.geojson features[1] (E07000001 Beta): E07000001 is not a county code",
    );
    const missing = await run(
      "import",
      "--type",
      "district",
      "--areas",
      lad,
      "--code",
      "E07000404",
      "--out",
      join(work, "x"),
    );
    expect(missing.err).toContain("error: no feature has code E07000404");
    const broken = onsFile("broken.geojson", "PFA", [
      {
        code: "E23000002",
        name: "Bad",
        geometry: {
          coordinates: [
            [
              [0, 0],
              [1, 1],
            ],
          ],
        },
      },
    ]);
    const bad = await run("import", "--type", "police", "--areas", broken, "--out", join(work, "x"));
    expect(bad.err).toMatch(/broken\.geojson features\[0\] \(E23000002 Bad\): .*4/);
    expect(await run("import", "--type", "ward", "--areas", lad, "--out", join(work, "x"))).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^--type must be parish, district, unitary, county or police, not "ward"/),
    });
    expect(await run("import", "--type", "county", "--out", join(work, "x"))).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^import --type county needs --areas and --out/),
    });
  });

  it("keeps the squares exact: no vertex is moved or dropped", () => {
    const written = JSON.parse(readFileSync(join(out, "district.geojson"), "utf8")) as {
      features: { geometry: { coordinates: Position[][] } }[];
    };
    expect(written.features[1]?.geometry.coordinates[0]).toHaveLength(square(0, 0, 10, 10).length);
  });
});
