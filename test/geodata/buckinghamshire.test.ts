import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CsvPostcodeLookup } from "#adapters/geodata/csv-postcode-lookup.js";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import type { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { buildIndexes } from "../../geodata/import/build-indexes.js";
import { type BoundaryImport, importBoundaries } from "../../geodata/import/import-boundaries.js";
import { writeBoundaries } from "../../geodata/import/write-boundaries.js";
import { importPostcodes, postcodesCsvText } from "../../geodata/postcodes/import-postcodes.js";
import {
  BUCKS,
  naiveLocator,
  nsplPostcodes,
  type PolygonFeature,
  readCollection,
} from "./helpers/real-data.js";

// 44 full-resolution OS Boundary-Line parishes from the former Aylesbury Vale (a partial sample, so
// no district outline: the district is taken to be exactly these parishes), and NSPL HP/MK postcodes.
const parishFile = join(BUCKS, "parishes_boundaryline_bucks_aylesbury_vale_sample44.geojson");
const rawParishes = readCollection(parishFile).features as PolygonFeature[];
const postcodes = [
  ...nsplPostcodes("postcodes_HP_nspl_may2025.csv"),
  ...nsplPostcodes("postcodes_MK_nspl_may2025.csv"),
];
const naive = naiveLocator(undefined, rawParishes, (feature) => String(feature.properties.code));

const work = mkdtempSync(join(tmpdir(), "signpost-bucks-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the Buckinghamshire Boundary-Line sample", () => {
  let imported: BoundaryImport;
  let index: BoundaryIndex;
  let lookup: CsvPostcodeLookup;
  let postcodeImport: Awaited<ReturnType<typeof importPostcodes>>;

  beforeAll(async () => {
    imported = await importBoundaries({
      parishFiles: [parishFile],
      districtCode: "E06000060",
      districtName: "Buckinghamshire",
    });
    await writeBoundaries(work, imported);
    await buildIndexes(work);
    index = await loadBoundaryIndex(work);
    postcodeImport = await importPostcodes({
      files: ["postcodes_HP_nspl_may2025.csv", "postcodes_MK_nspl_may2025.csv"].map((file) =>
        join(BUCKS, file),
      ),
      boundaries: index,
    });
    writeFileSync(join(work, "postcodes.csv"), postcodesCsvText(postcodeImport.rows));
    await buildIndexes(work);
    lookup = await CsvPostcodeLookup.fromFile(join(work, "postcodes.csv"));
  });

  it('takes the GSS code from `code` (not `area_code`, which is "CPC") and drops the " CP" suffix', () => {
    expect(imported.parishes).toHaveLength(44);
    expect(imported.parishes.find((p) => p.code === "E04001490")?.name).toBe("Haddenham");
    expect(imported.parishes.every((p) => /^E04\d{6}$/.test(p.code) && !p.name.endsWith(" CP"))).toBe(true);
    // Every feature is fixed twice over: Boundary-Line's names, and its clockwise outer rings.
    const fixed = imported.issues.filter((issue) => issue.level === "fixed");
    const tally = Object.fromEntries(
      [...new Set(fixed.map((f) => f.message))].map((m) => [m, fixed.filter((f) => f.message === m).length]),
    );
    expect(tally).toEqual({
      'removed Boundary-Line\'s " CP" suffix from names': 44,
      "rewound rings to RFC 7946 (outer rings counter-clockwise, holes clockwise)": 44,
    });
    expect(imported.issues.filter((issue) => issue.level !== "fixed")).toEqual([
      {
        level: "warning",
        message:
          "no district boundary given: the district is taken to be exactly its parishes, so gaps between them read as outside",
      },
    ]);
  });

  it("resolves every postcode that falls in one of the 44 parishes to it", async () => {
    const inParish = postcodes
      .map((row) => ({ row, code: naive([row.lng, row.lat]) }))
      .filter(({ code }) => code !== "unparished");
    const wrong: string[] = [];
    for (const { row, code } of inParish) {
      const point = await lookup.lookup(row.postcode);
      const location = point && index.locate(point);
      const got = location?.kind === "parish" ? location.parish.code : location?.kind;
      if (got !== code) wrong.push(`${row.postcode}: ${got} ≠ ${code}`);
    }
    expect(wrong).toEqual([]);
    const parishesHit = new Set(inParish.map(({ code }) => code));
    expect(parishesHit.size).toBe(40);
    const count = (name: string) => {
      const code = imported.parishes.find((parish) => parish.name === name)?.code;
      return inParish.filter((hit) => hit.code === code).length;
    };
    expect([count("Aylesbury"), count("Buckingham"), count("Winslow"), count("Haddenham")]).toEqual([
      2826, 704, 217, 201,
    ]);
    // Only those postcodes are kept: the rest of HP and MK is outside this partial district.
    expect(postcodeImport.counts.kept).toBe(inParish.length);
    expect(postcodeImport.counts.outsideBoundary).toBe(postcodes.length - inParish.length);
  });

  it("places the README's example postcodes, written without the space in NSPL", async () => {
    const at = async (postcode: string) => {
      const location = index.locate((await lookup.lookup(postcode)) as { lng: number; lat: number });
      return location.kind === "parish" ? location.parish.name : location.kind;
    };
    expect([await at("HP17 8AA"), await at("HP18 0BF"), await at("MK18 2WW"), await at("MK18 4AF")]).toEqual([
      "Haddenham",
      "Berryfields",
      "Winslow",
      "Tingewick",
    ]);
  });
});
