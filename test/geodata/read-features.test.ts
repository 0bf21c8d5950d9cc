import { mkdtempSync, rmSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readFeatures } from "../../geodata/import/read-features.js";
import { BNG_PRJ, writeShapefile } from "./helpers/write-shapefile.js";

const work = mkdtempSync(join(tmpdir(), "signpost-read-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const square = [
  [400_000, 300_000],
  [400_000, 301_000],
  [401_000, 301_000],
  [401_000, 300_000],
  [400_000, 300_000],
];

describe("readFeatures for shapefiles", () => {
  it("takes the projection from the .prj and the text encoding from the .cpg", async () => {
    const stem = join(work, "latin");
    writeShapefile(
      stem,
      [{ rings: [square], fields: { PAR23CD: "E04000001", PAR23NM: "Sainte-Émilie" } }],
      BNG_PRJ,
      "latin1",
    );
    const source = await readFeatures(`${stem}.shp`);
    expect(source).toMatchObject({ file: "latin.shp", crs: "EPSG:27700" });
    expect(source.features).toEqual([
      {
        label: "latin.shp record 1",
        properties: { PAR23CD: "E04000001", PAR23NM: "Sainte-Émilie" },
        geometry: { type: "Polygon", coordinates: [square] },
      },
    ]);
    unlinkSync(`${stem}.cpg`);
    expect((await readFeatures(`${stem}.shp`)).features[0]?.properties.PAR23NM).toBe("Sainte-\uFFFDmilie");
  });

  it("needs a .prj or --crs", async () => {
    const stem = join(work, "bare");
    writeShapefile(stem, [{ rings: [square], fields: { code: "E04000001" } }], BNG_PRJ);
    unlinkSync(`${stem}.prj`);
    await expect(readFeatures(`${stem}.shp`)).rejects.toThrow(
      `${stem}.prj is missing: say which projection the shapefile uses with --crs`,
    );
    expect((await readFeatures(`${stem}.shp`, { crs: "EPSG:27700" })).crs).toBe("EPSG:27700");
  });
});
