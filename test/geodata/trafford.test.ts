import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Position } from "geojson";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvPostcodeLookup } from "#adapters/geodata/csv-postcode-lookup.js";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import type { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { buildBoundaryIndex, buildPostcodeTable } from "../../geodata/import/build-indexes.js";
import { fromLngLat } from "../../geodata/import/crs.js";
import { importBoundaries } from "../../geodata/import/import-boundaries.js";
import { writeBoundaries } from "../../geodata/import/write-boundaries.js";
import { importPostcodes, postcodesCsvText } from "../../geodata/postcodes/import-postcodes.js";
import {
  naiveLocator,
  type PolygonFeature,
  readCollection,
  TRAFFORD,
  traffordPostcodes,
} from "./helpers/real-data.js";
import { BNG_PRJ, writeShapefile } from "./helpers/write-shapefile.js";

// Trafford (E08000009): 4 parishes, and 11,264 ONSPD postcodes, 96 % of them unparished.
const parishFile = join(TRAFFORD, "parishes_may2023_bgc.geojson");
const ladFile = join(TRAFFORD, "greater_manchester_lads_dec2023_bgc.geojson");
const rawParishes = readCollection(parishFile).features as PolygonFeature[];
const rawDistrict = readCollection(ladFile).features.find(
  (f) => f.properties.area_code === "E08000009",
) as PolygonFeature;
const postcodes = traffordPostcodes();
const naive = naiveLocator(rawDistrict, rawParishes, (feature) => String(feature.properties.area_code));
const expected = postcodes.map((row) => naive([row.lng, row.lat]));

const work = mkdtempSync(join(tmpdir(), "signpost-trafford-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function importInto(dir: string, parishes: string, districts: string) {
  const imported = await importBoundaries({
    parishFiles: [parishes],
    districtFile: districts,
    districtCode: "E08000009",
  });
  await writeBoundaries(dir, imported);
  await buildBoundaryIndex(dir);
  return imported;
}

const answer = (index: BoundaryIndex, point: { lng: number; lat: number }) => {
  const location = index.locate(point);
  return location.kind === "parish" ? location.parish.code : location.kind;
};

describe("Trafford, imported from the real ONS files", () => {
  const dir = join(work, "wgs84");
  let index: BoundaryIndex;
  let lookup: CsvPostcodeLookup;
  let imported: Awaited<ReturnType<typeof importInto>>;
  let postcodeImport: Awaited<ReturnType<typeof importPostcodes>>;

  beforeAll(async () => {
    imported = await importInto(dir, parishFile, ladFile);
    index = await loadBoundaryIndex(dir);
    postcodeImport = await importPostcodes({
      files: [join(TRAFFORD, "postcodes_onspd_feb2025.csv")],
      boundaries: index,
    });
    writeFileSync(join(dir, "postcodes.csv"), postcodesCsvText(postcodeImport.rows));
    await buildPostcodeTable(dir);
    lookup = await CsvPostcodeLookup.fromFile(join(dir, "postcodes.csv"));
  });

  it("picks Trafford out of the ten Greater Manchester districts and keeps its four parishes", () => {
    expect(imported.district).toMatchObject({ code: "E08000009", name: "Trafford" });
    expect(imported.parishes.map((p) => `${p.code} ${p.name}`)).toEqual([
      "E04000009 Carrington",
      "E04000010 Dunham Massey",
      "E04000011 Partington",
      "E04000012 Warburton",
    ]);
    expect(imported.counts).toEqual({ read: 4, kept: 4, outside: 0, nonCivil: 0 });
    // The GM file winds Trafford clockwise; that is fixed and said, nothing else is.
    expect(imported.issues).toEqual([
      {
        level: "fixed",
        feature: "greater_manchester_lads_dec2023_bgc.geojson features[8] (E08000009 Trafford)",
        message: "rewound rings to RFC 7946 (outer rings counter-clockwise, holes clockwise)",
      },
    ]);
  });

  it("keeps every one of the 11,264 postcodes, by the file's la_code column", () => {
    expect(postcodeImport.counts).toEqual({
      read: 11_264,
      kept: 11_264,
      terminated: 0,
      noCoordinates: 0,
      notPostcodes: 0,
      otherDistricts: 0,
      outsideBoundary: 0,
      duplicates: 0,
      keptOutsideBoundary: 0,
    });
  });

  it("answers every postcode centroid as a naive Turf scan over the raw GeoJSON does", async () => {
    const got = await Promise.all(
      postcodes.map(async (row) =>
        answer(index, (await lookup.lookup(row.postcode)) ?? { lng: NaN, lat: NaN }),
      ),
    );
    const mismatches = postcodes.flatMap((row, i) =>
      got[i] === expected[i] ? [] : [`${row.postcode}: ${got[i]} ≠ ${expected[i]}`],
    );
    expect(mismatches).toEqual([]);
    const tally = Object.fromEntries(
      [...new Set(got)].sort().map((key) => [key, got.filter((g) => g === key).length]),
    );
    expect(tally).toEqual({
      E04000009: 66,
      E04000010: 49,
      E04000011: 251,
      E04000012: 48,
      unparished: 10_850,
    });
  });

  it("places the README's example postcodes", async () => {
    const at = async (postcode: string) =>
      answer(index, (await lookup.lookup(postcode)) as { lng: number; lat: number });
    expect(await at("M31 4AN")).toBe("E04000011");
    expect(await at("m314aa")).toBe("E04000009");
    expect(await at("WA13 9EP")).toBe("E04000012");
    expect(await at("WA14 4PE")).toBe("E04000010");
    expect(await at("M15 4AB")).toBe("unparished");
  });

  it("gives the same answers from British National Grid copies, as GeoJSON and as a shapefile", async () => {
    const toBng = fromLngLat("EPSG:27700");
    // Millimetre precision, as OS and ONS publish grid coordinates.
    const project = (ring: Position[]) => ring.map((p) => toBng(p).map((v) => Math.round(v * 1000) / 1000));
    const bngCollection = (features: PolygonFeature[]) => ({
      type: "FeatureCollection",
      crs: { type: "name", properties: { name: "urn:ogc:def:crs:EPSG::27700" } },
      features: features.map((f) => ({
        ...f,
        geometry: { type: "Polygon", coordinates: (f.geometry.coordinates as Position[][]).map(project) },
      })),
    });
    writeFileSync(join(work, "parishes-bng.geojson"), JSON.stringify(bngCollection(rawParishes)));
    writeFileSync(join(work, "lad-bng.geojson"), JSON.stringify(bngCollection([rawDistrict])));
    writeShapefile(
      join(work, "parishes-bng"),
      rawParishes.map((f) => ({
        // Shapefiles wind outer rings clockwise: the reverse of GeoJSON.
        rings: (f.geometry.coordinates as Position[][]).map((ring) => project(ring).reverse()),
        fields: { PAR23CD: String(f.properties.area_code), PAR23NM: String(f.properties.area_name) },
      })),
      BNG_PRJ,
    );
    const fromGeoJson = await loadAfterImport(join(work, "bng-geojson"), join(work, "parishes-bng.geojson"));
    const fromShapefile = await loadAfterImport(join(work, "bng-shp"), join(work, "parishes-bng.shp"));
    for (const bng of [fromGeoJson, fromShapefile]) {
      expect(bng.parishes).toEqual(index.parishes);
      const got = postcodes.map((row) => answer(bng, row));
      expect(postcodes.filter((_, i) => got[i] !== expected[i]).map((row) => row.postcode)).toEqual([]);
    }
  });

  async function loadAfterImport(out: string, parishes: string) {
    await importInto(out, parishes, join(work, "lad-bng.geojson"));
    return loadBoundaryIndex(out);
  }
});
