import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Polygon } from "geojson";
import { describe, expect, it } from "vitest";
import { type Boundary, BoundaryIndex } from "#core/spatial/boundary-index.js";

const square = (x0: number, y0: number, x1: number, y1: number): number[][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

// A 10×10 district: West (0–5) with a hole filled by Enclave, East (5–10, lower half) shared edge at
// x=5, Islands as a multipolygon, and the rest of the top-right unparished.
const district: Boundary = {
  code: "E07000001",
  name: "Testshire",
  geometry: { type: "Polygon", coordinates: [square(0, 0, 10, 10)] },
};
const parishes: Boundary[] = [
  {
    code: "E04000002",
    name: "West",
    geometry: { type: "Polygon", coordinates: [square(0, 0, 5, 10), square(2, 2, 3, 3).reverse()] },
  },
  { code: "E04000001", name: "East", geometry: { type: "Polygon", coordinates: [square(5, 0, 10, 5)] } },
  { code: "E04000003", name: "Enclave", geometry: { type: "Polygon", coordinates: [square(2, 2, 3, 3)] } },
  {
    code: "E04000004",
    name: "Islands",
    geometry: { type: "MultiPolygon", coordinates: [[square(6, 6, 7, 7)], [square(8, 8, 9, 9)]] },
  },
];
const index = new BoundaryIndex(district, parishes);
const at = (lng: number, lat: number) => index.locate({ lng, lat });

describe("Class: BoundaryIndex", () => {
  it("finds the parish a point is in", () => {
    expect(at(1, 1)).toMatchObject({ kind: "parish", parish: { code: "E04000002", name: "West" } });
    expect(at(7, 2)).toMatchObject({ kind: "parish", parish: { code: "E04000001" } });
  });

  it("respects holes: a point in the enclave is in the enclave parish only", () => {
    expect(at(2.5, 2.5)).toMatchObject({ kind: "parish", parish: { code: "E04000003" } });
  });

  it("finds either part of a multipolygon parish", () => {
    expect(at(6.5, 6.5)).toMatchObject({ parish: { code: "E04000004" } });
    expect(at(8.5, 8.5)).toMatchObject({ parish: { code: "E04000004" } });
  });

  it("falls back to the district where no parish covers the point", () => {
    expect(at(7.5, 7.5)).toEqual({ kind: "unparished", district: { code: "E07000001", name: "Testshire" } });
  });

  it("says outside for points beyond the district, including just past its edge", () => {
    expect(at(-0.0001, 5)).toMatchObject({ kind: "outside" });
    expect(at(11, 11)).toMatchObject({ kind: "outside" });
  });

  it("resolves a point on a shared edge to the lower code, whatever the input order", () => {
    expect(at(5, 2)).toMatchObject({ parish: { code: "E04000001" } });
    const reversed = new BoundaryIndex(district, [...parishes].reverse());
    expect(reversed.locate({ lng: 5, lat: 2 })).toMatchObject({ parish: { code: "E04000001" } });
  });

  it("agrees with a brute-force Turf scan on 5,000 random points", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const sorted = [...parishes].sort((a, b) => a.code.localeCompare(b.code));
    for (let i = 0; i < 5000; i++) {
      const point = [random() * 12 - 1, random() * 12 - 1] as [number, number];
      const inDistrict = booleanPointInPolygon(point, district.geometry as Polygon);
      const hit = sorted.find((p) => booleanPointInPolygon(point, p.geometry));
      const expected = !inDistrict ? "outside" : hit ? hit.code : "unparished";
      const got = index.locate({ lng: point[0], lat: point[1] });
      expect(got.kind === "parish" ? got.parish.code : got.kind).toBe(expected);
    }
  });
});
