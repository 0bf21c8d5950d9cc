import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadGeography } from "#adapters/geodata/load-geography.js";
import type { Geography } from "#core/spatial/geography.js";
import { runCli } from "../../geodata/cli.js";
import {
  naiveLocator,
  type PolygonFeature,
  readCollection,
  TRAFFORD,
  traffordPostcodes,
} from "./helpers/real-data.js";

// The ten Greater Manchester boroughs (E08, single-tier, so unitary in the chain) from the real ONS
// LAD file, with Trafford's real parishes: a point's chain on real, full-size neighbouring areas.
const ladFile = join(TRAFFORD, "greater_manchester_lads_dec2023_bgc.geojson");
const parishFile = join(TRAFFORD, "parishes_may2023_bgc.geojson");
const boroughs = readCollection(ladFile).features as PolygonFeature[];
const trafford = boroughs.find((f) => f.properties.area_code === "E08000009") as PolygonFeature;
const naive = naiveLocator(trafford, readCollection(parishFile).features, (feature) =>
  String(feature.properties.area_code),
);

const work = mkdtempSync(join(tmpdir(), "signpost-gm-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const silent = { out: () => {}, err: (line: string) => console.error(line) };

describe("Greater Manchester, imported from the real ONS files", () => {
  let geography: Geography;
  beforeAll(async () => {
    expect(await runCli(["import", "--type", "unitary", "--areas", ladFile, "--out", work], silent)).toBe(0);
    const parishes = ["import", "--parishes", parishFile, "--districts", ladFile, "--district", "E08000009"];
    expect(await runCli([...parishes, "--out", work], silent)).toBe(0);
    geography = await loadGeography(work);
  });

  it("holds the ten boroughs, with Trafford's four parishes", () => {
    expect(geography.localAreas.map((area) => area.code)).toEqual(
      boroughs.map((f) => String(f.properties.area_code)).sort(),
    );
    expect(geography.localAreas.every((area) => area.type === "unitary")).toBe(true);
    expect(geography.parishes("E08000009").map((p) => p.name)).toEqual([
      "Carrington",
      "Dunham Massey",
      "Partington",
      "Warburton",
    ]);
    expect(geography.parishes("E08000003")).toEqual([]);
  });

  it("answers every Trafford postcode as a Turf scan of Trafford and its parishes does, and others elsewhere", () => {
    const postcodes = traffordPostcodes();
    const got = postcodes.map(({ lng, lat }) => {
      const chain = geography.locate({ lng, lat });
      return chain.local?.code === "E08000009" ? (chain.parish?.code ?? "unparished") : "outside";
    });
    const expected = postcodes.map((row) => naive([row.lng, row.lat]));
    expect(postcodes.filter((_, i) => got[i] !== expected[i]).map((row) => row.postcode)).toEqual([]);
    expect(got.filter((answer) => answer === "E04000011")).toHaveLength(251);
  });

  it("answers a Manchester city centre point with Manchester and no parish, and the sea with nothing", () => {
    expect(geography.locate({ lng: -2.2426, lat: 53.4808 })).toEqual({
      local: { type: "unitary", code: "E08000003", name: "Manchester" },
    });
    expect(geography.locate({ lng: -3.5, lat: 53.5 })).toEqual({});
  });
});
