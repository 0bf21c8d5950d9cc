import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePostcodeCsv } from "#adapters/geodata/csv-postcode-lookup.js";
import { postcodeFromKey, postcodeKey } from "#adapters/geodata/postcode-key.js";
import { decodePostcodeTable, encodePostcodeTable } from "#adapters/geodata/postcode-table-file.js";
import { PostcodeTable } from "#adapters/geodata/postcode-table.js";

const postcode = fc
  .tuple(fc.stringMatching(/^[A-Z]{1,2}[0-9][A-Z0-9]?$/), fc.stringMatching(/^[0-9][A-Z]{2}$/))
  .map(([outward, inward]) => `${outward} ${inward}`);

describe("postcodeKey", () => {
  it("is one-to-one, round-trips, and sorts as the 7-character pcd form does", () => {
    fc.assert(
      fc.property(postcode, postcode, (a, b) => {
        expect(postcodeFromKey(postcodeKey(a) as number)).toBe(a);
        const pcd = (p: string) => p.split(" ")[0]?.padEnd(4) + (p.split(" ")[1] ?? "");
        expect(Math.sign((postcodeKey(a) as number) - (postcodeKey(b) as number))).toBe(
          pcd(a) < pcd(b) ? -1 : pcd(a) > pcd(b) ? 1 : 0,
        );
      }),
    );
  });

  it("ignores spacing and case, and refuses what is not a postcode", () => {
    expect(postcodeKey("m1 1aa")).toBe(postcodeKey("M11AA"));
    expect(postcodeKey("M1  1AA")).toBe(postcodeKey("M1 1AA"));
    expect(postcodeKey("HP178AA")).toBe(postcodeKey("HP17 8AA"));
    expect(postcodeKey("NOT A POSTCODE")).toBeUndefined();
  });
});

describe("PostcodeTable", () => {
  const table = PostcodeTable.fromEntries([
    ["M15 4AB", { lng: -2.26046, lat: 53.465578 }],
    ["HP17 8AA", { lng: -0.9397, lat: 51.77022 }],
    ["M1 1AA", { lng: -2.23, lat: 53.47 }],
    ["M1 1AA", { lng: 9, lat: 9 }],
  ]);

  it("finds each postcode however it is written, keeping the first of repeats, and nothing else", () => {
    expect(table.size).toBe(3);
    expect(table.get("m154ab")).toEqual({ lng: -2.26046, lat: 53.465578 });
    expect(table.get("HP178AA")).toEqual({ lng: -0.9397, lat: 51.77022 });
    expect(table.get("M1 1AA")).toEqual({ lng: -2.23, lat: 53.47 });
    expect(table.get("M1 1AB")).toBeUndefined();
    expect(table.get("A")).toBeUndefined();
    expect(PostcodeTable.fromEntries([]).get("M1 1AA")).toBeUndefined();
  });

  it("round-trips through its file exactly", () => {
    const { table: loaded, sourceHash } = decodePostcodeTable(
      encodePostcodeTable({ table, sourceHash: "h" }),
      "p.idx",
    );
    expect(sourceHash).toBe("h");
    expect([...loaded.keys]).toEqual([...table.keys]);
    expect([...loaded.coords]).toEqual([...table.coords]);
    expect(() =>
      decodePostcodeTable(encodePostcodeTable({ table, sourceHash: "h" }).subarray(0, 40), "p.idx"),
    ).toThrow("p.idx is truncated");
  });

  it("parses the folder CSV, skipping rows without a postcode or coordinates", () => {
    const parsed = parsePostcodeCsv(
      "postcode,lat,lng,expected\nZX1 1AA,54.5,2.3,x\nZX1 1AB,,,x\nnope,1,2,x\n",
      "p.csv",
    );
    expect(parsed.size).toBe(1);
    expect(parsed.get("ZX11AA")).toEqual({ lng: 2.3, lat: 54.5 });
    expect(() => parsePostcodeCsv("code,lat,lng\n", "p.csv")).toThrow(
      "p.csv: needs postcode, lat and lng columns",
    );
  });
});
