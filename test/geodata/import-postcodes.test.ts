import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { splitCsvLine } from "../../geodata/postcodes/csv-line.js";
import { importPostcodes, postcodesCsvText } from "../../geodata/postcodes/import-postcodes.js";

const work = mkdtempSync(join(tmpdir(), "signpost-postcodes-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const boundaries = new BoundaryIndex(
  {
    code: "E07000001",
    name: "Squareshire",
    geometry: {
      type: "Polygon",
      coordinates: [
        [
          [0, 50],
          [1, 50],
          [1, 51],
          [0, 51],
          [0, 50],
        ],
      ],
    },
  },
  [],
);

// ONSPD-style: quoted cells, the 7-character pcd, a termination date, a district column, and the
// 99.999999 latitude ONSPD gives postcodes without a grid reference.
const onspd = join(work, "onspd.csv");
writeFileSync(
  onspd,
  [
    '"pcd","pcds","doterm","oslaua","ward","lat","long"',
    '"ZX1 1AA","ZX1 1AA","","E07000001","North, East","50.500000","0.500000"',
    '"ZX1 1AB","ZX1 1AB","201512","E07000001","North","50.600000","0.600000"',
    '"ZX1 1AD","ZX1 1AD","","E07000001","North","99.999999","0.000000"',
    '"ZX1 1AE","ZX1 1AE","","E07000002","South","50.700000","0.700000"',
    '"ZX1 1AF","ZX1 1AF","","E07000001","Sea","52.000000","0.500000"',
    '"NOPE","NOPE","","E07000001","North","50.5","0.5"',
    '"ZX1 1AA","ZX1 1AA","","E07000001","North","50.100000","0.100000"',
    "",
  ].join("\r\n"),
);
// NSPL extracts as in the real data: `Postcode,lat,long`, no space, no district column.
const nspl = join(work, "nspl.csv");
writeFileSync(nspl, "Postcode,lat,long\nZX11AG,50.25,0.25\nZX2 1AA,52.5,0.5\nZX21AB,,\n");

describe("importPostcodes", () => {
  it("keeps the district's live postcodes and counts every row it leaves out", async () => {
    const imported = await importPostcodes({ files: [onspd, nspl], boundaries });
    expect(imported.rows).toEqual([
      { postcode: "ZX1 1AA", lat: "50.500000", lng: "0.500000" },
      { postcode: "ZX1 1AF", lat: "52.000000", lng: "0.500000" },
      { postcode: "ZX1 1AG", lat: "50.25", lng: "0.25" },
    ]);
    expect(imported.counts).toEqual({
      read: 10,
      kept: 3,
      terminated: 1,
      noCoordinates: 2,
      notPostcodes: 1,
      otherDistricts: 1,
      outsideBoundary: 1,
      duplicates: 1,
      keptOutsideBoundary: 1,
    });
    expect(imported.examples).toEqual({
      terminated: ["onspd.csv row 3: ZX1 1AB"],
      noCoordinates: ["onspd.csv row 4: ZX1 1AD", "nspl.csv row 4: ZX2 1AB"],
      otherDistricts: ["onspd.csv row 5: ZX1 1AE"],
      keptOutsideBoundary: ["onspd.csv row 6: ZX1 1AF"],
      notPostcodes: ['onspd.csv row 7: "NOPE"'],
      duplicates: ["onspd.csv row 8: ZX1 1AA (other coordinates; the first row is kept)"],
      outsideBoundary: ["nspl.csv row 3: ZX2 1AA"],
    });
  });

  it("keeps terminated postcodes, or every district's, when asked", async () => {
    const imported = await importPostcodes({
      files: [onspd, nspl],
      boundaries,
      includeTerminated: true,
      everywhere: true,
    });
    expect(imported.rows.map((row) => row.postcode)).toEqual([
      "ZX1 1AA",
      "ZX1 1AB",
      "ZX1 1AE",
      "ZX1 1AF",
      "ZX1 1AG",
      "ZX2 1AA",
    ]);
  });

  it("writes postcode,lat,lng with the source's own digits", () => {
    expect(postcodesCsvText([{ postcode: "ZX1 1AA", lat: "50.500000", lng: "0.500000" }])).toBe(
      "postcode,lat,lng\nZX1 1AA,50.500000,0.500000\n",
    );
  });
});

describe("splitCsvLine", () => {
  it("splits on commas outside quotes and unescapes doubled quotes", () => {
    expect(splitCsvLine("a,b,,c")).toEqual(["a", "b", "", "c"]);
    expect(splitCsvLine('"a, b","say ""hi""",c')).toEqual(["a, b", 'say "hi"', "c"]);
  });
});
