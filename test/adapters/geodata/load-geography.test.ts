import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import { loadGeography } from "#adapters/geodata/load-geography.js";
import type { Boundary } from "#core/spatial/boundary-index.js";
import { buildIndexes } from "../../../geodata/import/build-indexes.js";
import { boundariesText } from "../../../geodata/import/geojson-text.js";
import { counties, locals, parishes, police, square } from "../../core/spatial/synthetic-geography.js";

const work = mkdtempSync(join(tmpdir(), "signpost-geography-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A geodata folder of the synthetic geography; `layers` picks and overrides its files' text. */
function folder(name: string, layers: Record<string, string | undefined> = {}): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  const files = {
    "district.geojson": boundariesText(undefined, locals),
    "parishes.geojson": boundariesText(undefined, parishes),
    "county.geojson": boundariesText(undefined, counties),
    "police.geojson": boundariesText(undefined, police),
    ...layers,
  };
  for (const [file, text] of Object.entries(files))
    if (text !== undefined) writeFileSync(join(dir, file), text);
  return dir;
}

const points: [number, number][] = [
  [2, 2],
  [2, 8],
  [10, 5],
  [12, 5],
  [22, 8],
  [27, 2],
  [40, 5],
];

describe("loadGeography", () => {
  it("answers the chain from the GeoJSON layers, and the same from the built index alone", async () => {
    const dir = folder("sources");
    const fromSources = await loadGeography(dir);
    expect(fromSources.locate({ lng: 2, lat: 2 })).toEqual({
      parish: { type: "parish", code: "E04000011", name: "Low" },
      local: { type: "district", code: "E07000002", name: "Alpha" },
      county: { type: "county", code: "E10000001", name: "Alphashire" },
      police: { type: "police", code: "E23000001", name: "Threeforce" },
    });
    const asset = join(work, "asset");
    await buildIndexes(dir, asset);
    const fromIndex = await loadGeography(asset);
    expect(fromIndex.localAreas).toEqual(fromSources.localAreas);
    for (const [lng, lat] of points) {
      expect(fromIndex.locate({ lng, lat }), `${lng},${lat}`).toEqual(fromSources.locate({ lng, lat }));
    }
    expect(fromIndex.parishes("E07000002")).toEqual(fromSources.parishes("E07000002"));
  });

  it("works without county and police layers", async () => {
    const dir = folder("no-upper", { "county.geojson": undefined, "police.geojson": undefined });
    await buildIndexes(dir);
    expect((await loadGeography(dir)).locate({ lng: 2, lat: 8 })).toEqual({
      local: { type: "district", code: "E07000002", name: "Alpha" },
    });
  });

  it("takes a local area's type from its type property over its code", async () => {
    const typed = locals.map((local) => ({ ...local, type: "unitary" }));
    const text = `{"type":"FeatureCollection","features":[${typed
      .map(({ code, name, type, geometry }) =>
        JSON.stringify({ type: "Feature", properties: { code, name, type }, geometry }),
      )
      .join(",")}]}`;
    const geography = await loadGeography(folder("typed", { "district.geojson": text }));
    expect(geography.localAreas.map((area) => area.type)).toEqual(["unitary", "unitary", "unitary"]);
  });

  it("refuses an index when any layer beside it changed, naming the layers", async () => {
    const dir = folder("stale");
    await buildIndexes(dir);
    await expect(loadGeography(dir)).resolves.toBeDefined();
    writeFileSync(join(dir, "police.geojson"), boundariesText("changed", police));
    await expect(loadGeography(dir)).rejects.toThrow(
      `${join(dir, "boundaries.idx")} is stale: district.geojson or parishes.geojson or county.geojson or police.geojson changed after it was built; rebuild it with: npm run geodata -- build <geodata folder>`,
    );
  });

  const stray: Boundary = {
    code: "E04000099",
    name: "Stray",
    geometry: { type: "Polygon", coordinates: [square(50, 50, 51, 51)] },
  };
  it.each([
    [
      "a parish in no local area",
      { "parishes.geojson": boundariesText(undefined, [...parishes, stray]) },
      "parishes.geojson features[4] (E04000099 Stray): in none of the districts and unitaries (E07000002, E07000001, E06000001)",
    ],
    [
      "a local area of unknown kind",
      { "district.geojson": boundariesText(undefined, [{ ...stray, code: "E10000009" }]) },
      'district.geojson features[0]: E10000009 is not a district (E07) or unitary (E06, W06, E08, E09, S12, N09) code; give properties.type "district" or "unitary"',
    ],
    [
      "a feature without a code",
      {
        "county.geojson":
          '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X"},"geometry":null}]}',
      },
      "county.geojson features[0]: properties.code and properties.name must be strings",
    ],
    [
      "a point geometry",
      {
        "police.geojson":
          '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"E23000009","name":"X"},"geometry":{"type":"Point","coordinates":[1,2]}}]}',
      },
      "police.geojson features[0]: geometry must be a Polygon or MultiPolygon",
    ],
    [
      "a file that is not GeoJSON",
      { "county.geojson": "[]" },
      "county.geojson is not a GeoJSON FeatureCollection",
    ],
    ["a file that is not JSON", { "police.geojson": "{" }, "police.geojson is not JSON"],
    [
      "an empty district file",
      {
        "district.geojson": boundariesText(undefined, []),
        "parishes.geojson": boundariesText(undefined, []),
      },
      "district.geojson holds no district or unitary",
    ],
  ])("refuses %s, naming the file and the fault", async (name, layers, message) => {
    const dir = folder(name.replace(/\W+/g, "-"), layers);
    await expect(loadGeography(dir)).rejects.toThrow(`${dir}/${message}`);
  });

  it("needs a district and a parish layer, or an index", async () => {
    const dir = folder("bare", { "parishes.geojson": undefined });
    await expect(loadGeography(dir)).rejects.toThrow(
      `${dir} needs district.geojson and parishes.geojson, or boundaries.idx`,
    );
  });
});

describe("loadBoundaryIndex on a folder of several local areas", () => {
  it("gives the first local area's parish index, or the one asked for", async () => {
    const dir = folder("wrapper");
    expect((await loadBoundaryIndex(dir)).district).toEqual({ code: "E07000002", name: "Alpha" });
    expect((await loadBoundaryIndex(dir, "E06000001")).parishes.map((p) => p.code)).toEqual(["E04000031"]);
    await expect(loadBoundaryIndex(dir, "E07999999")).rejects.toThrow(
      `${dir} has no district or unitary E07999999`,
    );
  });
});

describe("a copied asset", () => {
  it("keeps answering when only boundaries.idx is deployed", async () => {
    const dir = folder("copied");
    await buildIndexes(dir);
    const asset = join(work, "copied-asset");
    mkdirSync(asset);
    cpSync(join(dir, "boundaries.idx"), join(asset, "boundaries.idx"));
    expect((await loadGeography(asset)).locate({ lng: 27, lat: 2 }).local?.code).toBe("E06000001");
  });
});
