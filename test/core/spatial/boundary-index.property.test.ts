import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import fc from "fast-check";
import type { Position } from "geojson";
import { describe, expect, it } from "vitest";
import { type Boundary, BoundaryIndex } from "#core/spatial/boundary-index.js";
import { tiling } from "./generated-shapes.js";

/** The reference: Turf against every parish, lowest code first. */
function naive(district: Boundary, parishes: Boundary[], point: Position): string {
  if (!booleanPointInPolygon(point, district.geometry)) return "outside";
  const sorted = [...parishes].sort((a, b) => (a.code < b.code ? -1 : 1));
  return sorted.find((parish) => booleanPointInPolygon(point, parish.geometry))?.code ?? "unparished";
}

const answer = (index: BoundaryIndex, [lng, lat]: Position) => {
  const location = index.locate({ lng: lng as number, lat: lat as number });
  return location.kind === "parish" ? location.parish.code : location.kind;
};

describe("BoundaryIndex on generated districts", () => {
  it("agrees with a naive Turf scan on, near and away from shared edges, whatever the parish order", () => {
    const size = fc.integer({ min: 1, max: 5 });
    // As in part-contains.test.ts: no differences small enough to underflow Turf's predicate.
    const coordinate = fc
      .double({ min: -0.5, max: 5.5, noNaN: true })
      .filter((v) => v === 0 || Math.abs(v) > 1e-100);
    fc.assert(
      fc.property(
        fc.integer(),
        size,
        size,
        fc.array(fc.tuple(coordinate, coordinate), { maxLength: 40 }),
        (seed, nx, ny, random) => {
          const { district, parishes, onEdges, nearEdges } = tiling(seed, nx, ny);
          const index = new BoundaryIndex(district, parishes);
          const reversed = new BoundaryIndex(district, [...parishes].reverse());
          for (const point of [...onEdges, ...nearEdges, ...random]) {
            const expected = naive(district, parishes, point);
            expect(answer(index, point), `${point}`).toBe(expected);
            expect(answer(reversed, point), `${point}`).toBe(expected);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it("generates what it claims: an enclave, detached parts and unparished gaps", () => {
    const { district, parishes } = tiling(7, 5, 5);
    const index = new BoundaryIndex(district, parishes);
    const centres = Array.from({ length: 25 }, (_, k) => ({
      lng: Math.floor(k / 5) + 0.5,
      lat: (k % 5) + 0.5,
    }));
    const kinds = centres.map((centre) => index.locate(centre).kind);
    expect(kinds).toContain("unparished");
    expect(kinds).toContain("parish");
    expect(parishes.some((parish) => parish.geometry.type === "MultiPolygon")).toBe(true);
    expect(parishes.map((parish) => parish.code)).toContain("E04000001");
  });
});
