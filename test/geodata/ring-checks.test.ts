import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Position } from "geojson";
import { describe, expect, it } from "vitest";
import { interiorPoint } from "#core/spatial/interior-point.js";
import { findSelfCrossing } from "../../geodata/import/ring-crossing.js";

describe("findSelfCrossing", () => {
  it("finds nothing in a simple ring, even with a repeated vertex", () => {
    expect(
      findSelfCrossing([
        [0, 0],
        [1, 0],
        [1, 0],
        [1, 1],
        [0, 1],
        [0, 0],
      ]),
    ).toBeUndefined();
  });

  it("finds a crossing, a touch at a vertex and a doubling back", () => {
    expect(
      findSelfCrossing([
        [0, 0],
        [2, 2],
        [2, 0],
        [0, 2],
        [0, 0],
      ]),
    ).toEqual([1, 1]);
    // The ring passes through (1, 1) twice.
    expect(
      findSelfCrossing([
        [0, 0],
        [1, 1],
        [2, 0],
        [2, 2],
        [1, 1],
        [0, 2],
        [0, 0],
      ]),
    ).toEqual([1, 1]);
    expect(
      findSelfCrossing([
        [0, 0],
        [3, 0],
        [3, 1],
        [1, 0],
        [1, -1],
        [0, -1],
        [0, 0],
      ]),
    ).toEqual([1, 0]);
  });
});

describe("interiorPoint", () => {
  it("is strictly inside a U shape, whose centre is outside", () => {
    const u: Position[][] = [
      [
        [0, 0],
        [3, 0],
        [3, 3],
        [2, 3],
        [2, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ],
    ];
    const point = interiorPoint(u);
    expect(booleanPointInPolygon(point, { type: "Polygon", coordinates: u }, { ignoreBoundary: true })).toBe(
      true,
    );
    expect(point).toEqual([0.5, 2]);
  });

  it("avoids a hole", () => {
    const donut: Position[][] = [
      [
        [0, 0],
        [10, 0],
        [10, 10],
        [0, 10],
        [0, 0],
      ],
      [
        [1, 1],
        [1, 9],
        [8, 9],
        [8, 1],
        [1, 1],
      ],
    ];
    expect(interiorPoint(donut)).toEqual([9, 5]);
  });
});
