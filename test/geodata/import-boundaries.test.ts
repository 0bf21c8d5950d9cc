import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Position } from "geojson";
import { afterAll, describe, expect, it } from "vitest";
import { importBoundaries } from "../../geodata/import/import-boundaries.js";
import { ImportError } from "../../geodata/import/issues.js";

const work = mkdtempSync(join(tmpdir(), "signpost-import-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const square = (x: number, y: number, size = 1): Position[] => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];
const polygon = (ring: Position[]) => ({ type: "Polygon", coordinates: [ring] });

function file(name: string, features: object[]): string {
  const path = join(work, name);
  writeFileSync(
    path,
    JSON.stringify({ type: "FeatureCollection", features: features.map((f) => ({ type: "Feature", ...f })) }),
  );
  return path;
}

const districts = file("lad.geojson", [
  { properties: { LAD23CD: "E07000001", LAD23NM: "Westshire" }, geometry: polygon(square(0, 0, 10)) },
  { properties: { LAD23CD: "E07000002", LAD23NM: "Eastshire" }, geometry: polygon(square(10, 0, 10)) },
]);

describe("importBoundaries", () => {
  it("reports every bad feature by its id, all at once, and imports nothing", async () => {
    const parishes = file("bad.geojson", [
      {
        id: "alpha",
        properties: { PAR23CD: "E04000001", PAR23NM: "Alpha" },
        geometry: polygon(square(1, 1)),
      },
      { properties: { PAR23CD: "E04000002", PAR23NM: "Bravo" }, geometry: null },
      {
        properties: { PAR23CD: "E04000003", PAR23NM: "Charlie" },
        geometry: { type: "Point", coordinates: [2, 2] },
      },
      { properties: { PAR23CD: "ZZ", PAR23NM: "Delta" }, geometry: polygon(square(3, 3)) },
      { properties: { PAR23CD: "E04000001", PAR23NM: "Echo" }, geometry: polygon(square(4, 4)) },
      {
        properties: { PAR23CD: "E43000001", PAR23NM: "Westshire, unparished area" },
        geometry: polygon(square(5, 5)),
      },
      { properties: { PAR23CD: "E04000007", PAR23NM: "" }, geometry: polygon(square(6, 6)) },
    ]);
    const failure = await importBoundaries({
      parishFiles: [parishes],
      districtFile: districts,
      districtCode: "E07000001",
    }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportError);
    const issues = (failure as ImportError).issues.map(
      ({ level, feature, message }) => `${level} | ${feature} | ${message}`,
    );
    expect(issues).toEqual([
      'error | bad.geojson features[3] (ZZ Delta) | PAR23CD "ZZ" is not an ONS parish code (E04… or W04…)',
      "note | bad.geojson features[5] (E43000001 Westshire, unparished area) | left out non-civil-parished areas (E43): their points are unparished",
      "error | bad.geojson features[6] (E04000007 no name) | has no PAR23NM",
      "error | bad.geojson features[1] (E04000002 Bravo) | has no geometry",
      "error | bad.geojson features[2] (E04000003 Charlie) | has a Point, not a Polygon or MultiPolygon",
      'error | bad.geojson features[0] id "alpha" (E04000001 Alpha) and bad.geojson features[4] (E04000001 Echo) | both have code E04000001',
    ]);
    expect((failure as Error).message).toBe(
      [
        "import failed with 5 errors:",
        '  error: bad.geojson features[3] (ZZ Delta): PAR23CD "ZZ" is not an ONS parish code (E04… or W04…)',
        "  error: bad.geojson features[6] (E04000007 no name): has no PAR23NM",
        "  error: bad.geojson features[1] (E04000002 Bravo): has no geometry",
        "  error: bad.geojson features[2] (E04000003 Charlie): has a Point, not a Polygon or MultiPolygon",
        '  error: bad.geojson features[0] id "alpha" (E04000001 Alpha) and bad.geojson features[4] (E04000001 Echo): both have code E04000001',
      ].join("\n"),
    );
  });

  it("keeps the district's parishes: a neighbour is left out with a note, far ones are not even checked", async () => {
    const parishes = file("mixed.geojson", [
      { properties: { area_code: "E04000002", area_name: "Inside" }, geometry: polygon(square(2, 2)) },
      // Straddles the border but mostly in the next district: a generalised neighbour.
      {
        properties: { area_code: "E04000003", area_name: "Neighbour" },
        geometry: polygon([
          [9.9, 1],
          [13, 1],
          [13, 2],
          [9.9, 2],
          [9.9, 1],
        ]),
      },
      // Broken, but nowhere near: not this import's business.
      {
        properties: { area_code: "E04000004", area_name: "Far" },
        geometry: polygon([
          [50, 50],
          [51, 50],
          [50, 50],
        ]),
      },
    ]);
    const imported = await importBoundaries({
      parishFiles: [parishes],
      districtFile: districts,
      districtCode: "E07000001",
    });
    expect(imported.district).toEqual({
      code: "E07000001",
      name: "Westshire",
      geometry: polygon(square(0, 0, 10)),
    });
    expect(imported.parishes).toEqual([
      { code: "E04000002", name: "Inside", geometry: polygon(square(2, 2)) },
    ]);
    expect(imported.counts).toEqual({ read: 3, kept: 1, outside: 2, nonCivil: 0 });
    expect(imported.issues).toEqual([
      {
        level: "note",
        feature: "mixed.geojson features[1] (E04000003 Neighbour)",
        message: "left out parishes next to E07000001 but not in it",
      },
    ]);
  });

  it("filters by the parish file's own LADyyCD column when it has one", async () => {
    const parishes = file("with-lad.geojson", [
      {
        properties: { PAR23CD: "E04000002", PAR23NM: "Ours", LAD23CD: "E07000002" },
        geometry: polygon(square(12, 2)),
      },
      {
        properties: { PAR23CD: "E04000003", PAR23NM: "Theirs", LAD23CD: "E07000001" },
        geometry: polygon(square(11, 5)),
      },
    ]);
    const imported = await importBoundaries({
      parishFiles: [parishes],
      districtFile: districts,
      districtCode: "E07000002",
    });
    expect(imported.parishes.map((p) => p.name)).toEqual(["Ours"]);
    expect(imported.counts).toEqual({ read: 2, kept: 1, outside: 1, nonCivil: 0 });
  });

  it("asks which district when the file has several, and names them", async () => {
    const parishes = file("one.geojson", [
      { properties: { code: "E04000002", name: "One" }, geometry: polygon(square(2, 2)) },
    ]);
    await expect(importBoundaries({ parishFiles: [parishes], districtFile: districts })).rejects.toThrow(
      "lad.geojson holds 2 districts; pick one with --district <code> (E07000001 Westshire, E07000002 Eastshire)",
    );
    await expect(
      importBoundaries({ parishFiles: [parishes], districtFile: districts, districtCode: "E07000009" }),
    ).rejects.toThrow(
      "lad.geojson: no districts with code E07000009 (it has: E07000001 Westshire, E07000002 Eastshire)",
    );
    await expect(importBoundaries({ parishFiles: [parishes], districtCode: "E07000009" })).rejects.toThrow(
      "without a districts file, give the district's --district code and --district-name",
    );
  });

  it("makes the district exactly its parishes when there is no districts file", async () => {
    const parishes = file("two.geojson", [
      { properties: { code: "E04000003", name: "B" }, geometry: polygon(square(5, 5)) },
      { properties: { code: "E04000002", name: "A" }, geometry: polygon(square(2, 2)) },
    ]);
    const imported = await importBoundaries({
      parishFiles: [parishes],
      districtCode: "E07000009",
      districtName: "Partial",
    });
    expect(imported.parishes.map((p) => p.code)).toEqual(["E04000002", "E04000003"]);
    expect(imported.district).toEqual({
      code: "E07000009",
      name: "Partial",
      geometry: { type: "MultiPolygon", coordinates: [[square(2, 2)], [square(5, 5)]] },
    });
  });

  it("refuses British National Grid metres that do not say so, naming the flag", async () => {
    const metres = file("bng-unsaid.geojson", [
      { properties: { code: "E04000002", name: "A" }, geometry: polygon(square(400_000, 300_000, 1000)) },
    ]);
    await expect(
      importBoundaries({ parishFiles: [metres], districtCode: "E07000009", districtName: "X" }),
    ).rejects.toThrow(
      `${metres}: its coordinates look like British National Grid metres, not longitude/latitude; say so with --crs EPSG:27700`,
    );
    const imported = await importBoundaries({
      parishFiles: [metres],
      districtCode: "E07000009",
      districtName: "X",
      crs: "EPSG:27700",
    });
    const [lng, lat] = (imported.parishes[0]?.geometry.coordinates[0] as Position[])[0] as [number, number];
    expect([lng.toFixed(4), lat.toFixed(4)]).toEqual(["-2.0014", "52.5978"]);
  });
});
