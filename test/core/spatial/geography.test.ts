import { describe, expect, it } from "vitest";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { Geography } from "#core/spatial/geography.js";
import { packGeography } from "#core/spatial/pack-geography.js";
import { tiling } from "./generated-shapes.js";
import { counties, locals, parishes, police, sourced, square } from "./synthetic-geography.js";

const geography = (options: { counties?: boolean; police?: boolean; reversed?: boolean } = {}) => {
  const order = <T>(layer: T[]) => (options.reversed ? [...layer].reverse() : layer);
  return new Geography(
    packGeography({
      locals: sourced(order(locals), "district.geojson"),
      parishes: sourced(order(parishes), "parishes.geojson"),
      ...(options.counties === false ? {} : { counties: sourced(order(counties), "county.geojson") }),
      ...(options.police === false ? {} : { police: sourced(order(police), "police.geojson") }),
    }),
  );
};
const full = geography();
const at = (lng: number, lat: number, g = full) => g.locate({ lng, lat });

const alpha = { type: "district", code: "E07000002", name: "Alpha" };
const beta = { type: "district", code: "E07000001", name: "Beta" };
const uni = { type: "unitary", code: "E06000001", name: "Uni" };
const alphashire = { type: "county", code: "E10000001", name: "Alphashire" };
const betashire = { type: "county", code: "E10000002", name: "Betashire" };
const force = { type: "police", code: "E23000001", name: "Threeforce" };

describe("Class: Geography", () => {
  it("answers a parished two-tier point with parish, district, county and police force area", () => {
    expect(at(2, 2)).toEqual({
      parish: { type: "parish", code: "E04000011", name: "Low" },
      local: alpha,
      county: alphashire,
      police: force,
    });
  });

  it("answers an unparished two-tier point without a parish", () => {
    expect(at(2, 8)).toEqual({ local: alpha, county: alphashire, police: force });
  });

  it("answers a unitary point without a county, parished or not", () => {
    expect(at(27, 2)).toEqual({
      parish: { type: "parish", code: "E04000031", name: "Harbour" },
      local: uni,
      police: force,
    });
    expect(at(22, 8)).toEqual({ local: uni, police: force });
  });

  it("answers a point in no district or unitary with an empty chain, even inside the police area's box", () => {
    expect(at(40, 5)).toEqual({});
    expect(at(15, 10.5)).toEqual({});
    expect(at(Number.NaN, 5)).toEqual({});
  });

  it("gives a point on an edge shared across every layer the lower local code and that area's chain, whatever the file order", () => {
    const expected = {
      parish: { type: "parish", code: "E04000021", name: "Westbeta" },
      local: beta,
      county: betashire,
      police: force,
    };
    expect(at(10, 5)).toEqual(expected);
    expect(at(10, 5, geography({ reversed: true }))).toEqual(expected);
    // On the Alpha/Beta edge at a vertex too, where Alphashire's code is the lower of the counties.
    expect(at(10, 10)).toEqual(expected);
    // Beta/Uni edge: Uni's code (E06) is lower.
    expect(at(20, 5)).toEqual({ local: uni, police: force });
  });

  it("leaves county and police out when the data has no such layer", () => {
    expect(at(2, 2, geography({ counties: false, police: false }))).toEqual({
      parish: { type: "parish", code: "E04000011", name: "Low" },
      local: alpha,
    });
    expect(at(2, 8, geography({ counties: false }))).toEqual({ local: alpha, police: force });
  });

  it("lists the local areas in file order, with each one's parish index and parishes", () => {
    expect(full.localAreas).toEqual([alpha, beta, uni]);
    expect(full.parishes("E07000002").map((p) => p.code)).toEqual(["E04000011", "E04000012"]);
    expect(full.parishes("E06000001").map((p) => p.code)).toEqual(["E04000031"]);
    expect(full.parishes("E07999999")).toEqual([]);
    const index = full.parishIndex("E07000001") as BoundaryIndex;
    expect(index.district).toEqual({ code: "E07000001", name: "Beta" });
    expect(index.locate({ lng: 12, lat: 5 })).toMatchObject({
      kind: "parish",
      parish: { code: "E04000021" },
    });
    expect(full.parishIndex("E07999999")).toBeUndefined();
  });

  it("returns chains a caller cannot change for the next caller", () => {
    const chain = at(2, 8);
    expect(() => {
      (chain.local as { name: string }).name = "Changed";
    }).toThrow();
    expect(at(2, 8).local?.name).toBe("Alpha");
  });

  it("gives the same parish as a one-district BoundaryIndex at every point of a generated tiling", () => {
    const { district, parishes: tiles, onEdges, nearEdges } = tiling(7, 6, 5);
    const index = new BoundaryIndex(district, tiles);
    const one = new Geography(
      packGeography({
        locals: sourced([{ ...district, type: "district" as const }], "district.geojson"),
        parishes: sourced(tiles, "parishes.geojson"),
      }),
    );
    for (const [lng, lat] of [...onEdges, ...nearEdges, [-1, -1]] as [number, number][]) {
      const location = index.locate({ lng, lat });
      const chain = one.locate({ lng, lat });
      expect(chain.parish?.code ?? (chain.local ? "unparished" : "outside")).toBe(
        location.kind === "parish" ? location.parish.code : location.kind,
      );
    }
  });
});

describe("Class: Geography with many local areas (searched through its tree)", () => {
  // 40 unit squares in a row, codes descending west to east, so the lower code is the east one.
  const row = Array.from({ length: 40 }, (_, i) => ({
    code: `E07${String(999_999 - i).padStart(6, "0")}`,
    name: `Area ${i}`,
    type: "district" as const,
    geometry: { type: "Polygon" as const, coordinates: [square(i, 0, i + 1, 1)] },
  }));
  const many = new Geography(
    packGeography({ locals: sourced([...row].reverse(), "district.geojson"), parishes: [] }),
  );

  it("finds the area inside each square, the lower code on each shared edge, and nothing beyond", () => {
    for (let i = 0; i < 40; i++) {
      expect(many.locate({ lng: i + 0.5, lat: 0.5 }).local?.name).toBe(`Area ${i}`);
      if (i > 0) expect(many.locate({ lng: i, lat: 0.5 }).local?.name).toBe(`Area ${i}`);
    }
    expect(many.locate({ lng: 40.5, lat: 0.5 })).toEqual({});
  });
});

describe("Function: packGeography", () => {
  it("refuses a parish in no district or unitary, naming it and where it came from", () => {
    const stray = {
      code: "E04000099",
      name: "Stray",
      geometry: { type: "Polygon" as const, coordinates: [square(50, 50, 51, 51)] },
    };
    expect(() =>
      packGeography({
        locals: sourced(locals, "district.geojson"),
        parishes: sourced([...parishes, stray], "parishes.geojson"),
      }),
    ).toThrow(
      "parishes.geojson features[4] (E04000099 Stray): in none of the districts and unitaries (E07000002, E07000001, E06000001)",
    );
  });

  it("refuses a code given twice in a layer", () => {
    expect(() =>
      packGeography({
        locals: sourced(locals, "district.geojson"),
        parishes: sourced(parishes, "parishes.geojson"),
        counties: sourced([...counties, counties[0] as (typeof counties)[number]], "county.geojson"),
      }),
    ).toThrow("county.geojson features[2]: code E10000001 again (first at county.geojson features[0])");
  });
});
