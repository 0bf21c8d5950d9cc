import { appendFileSync, cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CsvPostcodeLookup } from "#adapters/geodata/csv-postcode-lookup.js";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import { buildIndexes } from "../../../geodata/import/build-indexes.js";
import { demoDir, demoPostcodes } from "../../helpers/demo-data.js";

const work = mkdtempSync(join(tmpdir(), "signpost-load-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A fresh copy of the demo folder's sources, without any index files. */
function demoCopy(name: string): string {
  const dir = join(work, name);
  for (const file of ["district.geojson", "parishes.geojson", "postcodes.csv"])
    cpSync(join(demoDir, file), join(dir, file));
  return dir;
}

const answer = (location: ReturnType<Awaited<ReturnType<typeof loadBoundaryIndex>>["locate"]>) =>
  location.kind === "parish" ? location.parish.code : location.kind;

describe("loadBoundaryIndex and CsvPostcodeLookup.fromFile", () => {
  it("answer every demo postcode as expected, from the GeoJSON and CSV alone", async () => {
    const dir = demoCopy("sources");
    const [index, lookup] = [
      await loadBoundaryIndex(dir),
      await CsvPostcodeLookup.fromFile(join(dir, "postcodes.csv")),
    ];
    for (const row of demoPostcodes()) {
      expect(
        answer(index.locate((await lookup.lookup(row.postcode)) as { lng: number; lat: number })),
        row.postcode,
      ).toBe(row.expected);
    }
  });

  it("use the built index files when present, even with the sources gone (as in a Lambda asset)", async () => {
    const dir = demoCopy("built");
    const asset = join(work, "asset");
    await buildIndexes(dir, asset);
    const [index, lookup] = [
      await loadBoundaryIndex(asset),
      await CsvPostcodeLookup.fromFile(join(asset, "postcodes.csv")),
    ];
    expect(index.district).toEqual({ code: "E07999999", name: "Exampleshire Vale" });
    expect(index.parishes).toHaveLength(12);
    for (const row of demoPostcodes()) {
      expect(
        answer(index.locate((await lookup.lookup(row.postcode)) as { lng: number; lat: number })),
        row.postcode,
      ).toBe(row.expected);
    }
  });

  it("refuse an index whose sources changed after it was built, saying how to rebuild", async () => {
    const dir = demoCopy("stale");
    await buildIndexes(dir);
    await expect(loadBoundaryIndex(dir)).resolves.toBeDefined();
    appendFileSync(join(dir, "parishes.geojson"), " ");
    await expect(loadBoundaryIndex(dir)).rejects.toThrow(
      `${join(dir, "boundaries.idx")} is stale: district.geojson or parishes.geojson changed after it was built; rebuild it with: npm run geodata -- build <geodata folder>`,
    );
    writeFileSync(join(dir, "postcodes.csv"), "postcode,lat,lng\nZX1 1AA,54.5,2.3\n");
    await expect(CsvPostcodeLookup.fromFile(join(dir, "postcodes.csv"))).rejects.toThrow(
      `${join(dir, "postcodes.idx")} is stale: ${join(dir, "postcodes.csv")} changed after it was built`,
    );
  });

  it("say what is missing", async () => {
    const dir = demoCopy("missing");
    unlinkSync(join(dir, "parishes.geojson"));
    unlinkSync(join(dir, "postcodes.csv"));
    await expect(loadBoundaryIndex(dir)).rejects.toThrow(
      `${dir} needs district.geojson and parishes.geojson, or boundaries.idx`,
    );
    await expect(CsvPostcodeLookup.fromFile(join(dir, "postcodes.csv"))).rejects.toThrow(
      `${join(dir, "postcodes.csv")} does not exist, and neither does ${join(dir, "postcodes.idx")}`,
    );
  });
});
