import type { Geometry, Position } from "geojson";
import { describe, expect, it } from "vitest";
import { checkGeometry } from "../../geodata/import/check-geometry.js";
import { fromLngLat, toLngLat } from "../../geodata/import/crs.js";

const same = toLngLat("EPSG:4326");
const ccw: Position[] = [
  [0, 0],
  [4, 0],
  [4, 4],
  [0, 4],
  [0, 0],
];
const hole: Position[] = [
  [1, 1],
  [1, 2],
  [2, 2],
  [2, 1],
  [1, 1],
];
const check = (geometry: unknown) => checkGeometry(geometry as Geometry, same);

describe("checkGeometry", () => {
  it("passes a valid polygon through untouched", () => {
    expect(check({ type: "Polygon", coordinates: [ccw, hole] })).toEqual({
      polygons: [[ccw, hole]],
      issues: [],
    });
  });

  it("refuses what cannot be a parish, saying why", () => {
    const errors = (geometry: unknown) =>
      check(geometry).issues.map((issue) => `${issue.level}: ${issue.message}`);
    expect(errors(null)).toEqual(["error: has no geometry"]);
    expect(errors({ type: "Point", coordinates: [1, 2] })).toEqual([
      "error: has a Point, not a Polygon or MultiPolygon",
    ]);
    expect(errors({ type: "MultiPolygon", coordinates: [] })).toEqual(["error: has an empty geometry"]);
    expect(
      errors({
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, "x"],
            [1, 1],
            [0, 0],
          ],
        ],
      }),
    ).toEqual(["error: outer ring position 1 is not a pair of finite numbers"]);
    expect(
      errors({
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [0, 0],
          ],
        ],
      }),
    ).toEqual(["error: outer ring has 3 positions; a ring needs at least 4"]);
    expect(
      errors({
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [2, 2],
            [0, 0],
          ],
        ],
      }),
    ).toEqual(["error: outer ring has no area"]);
    expect(
      errors({
        type: "MultiPolygon",
        coordinates: [[ccw], [ccw, hole.map(([x, y]) => [(x as number) + 5, y])]],
      }),
    ).toEqual(["error: part 1 hole 1 is not inside its outer ring"]);
    expect(
      errors({
        type: "Polygon",
        coordinates: [
          [
            [400000, 100000],
            [400100, 100000],
            [400100, 100100],
            [400000, 100000],
          ],
        ],
      }),
    ).toEqual([
      "error: outer ring position 0 (400000,100000) is not a longitude/latitude: for British National Grid metres use --crs EPSG:27700",
    ]);
  });

  it("closes open rings, rewinds to RFC 7946 and drops Z, and says so once per feature", () => {
    const clockwiseOpen = [...ccw]
      .reverse()
      .slice(0, -1)
      .map(([x, y]) => [x, y, 12]);
    const result = check({
      type: "MultiPolygon",
      coordinates: [[clockwiseOpen], [ccw.map(([x, y]) => [(x as number) + 10, y])]],
    });
    expect(result.polygons?.[0]?.[0]).toEqual(ccw);
    expect(result.issues).toEqual([
      { level: "fixed", message: "dropped Z values" },
      { level: "fixed", message: "closed open rings" },
      {
        level: "fixed",
        message: "rewound rings to RFC 7946 (outer rings counter-clockwise, holes clockwise)",
      },
    ]);
  });

  it("warns about a ring that crosses itself, and still keeps it", () => {
    const bowTie: Position[] = [
      [0, 0],
      [3, 3],
      [3, 0],
      [0, 2],
      [0, 0],
    ];
    const result = check({ type: "Polygon", coordinates: [bowTie] });
    expect(result.polygons).toBeDefined();
    expect(result.issues).toEqual([
      // Its larger lobe is clockwise.
      {
        level: "fixed",
        message: "rewound rings to RFC 7946 (outer rings counter-clockwise, holes clockwise)",
      },
      { level: "warning", message: "outer ring crosses or touches itself near 1.2,1.2" },
    ]);
  });

  it("reprojects British National Grid to WGS84 without rounding", () => {
    const bng = ccw.map(([x, y]) =>
      fromLngLat("EPSG:27700")([-2 + (x as number) / 100, 53 + (y as number) / 100]),
    );
    const result = checkGeometry({ type: "Polygon", coordinates: [bng] }, toLngLat("EPSG:27700"));
    const back = result.polygons?.[0]?.[0] ?? [];
    back.forEach((position, i) => {
      // The Helmert shift is not exactly invertible: the round trip is good to about a millimetre.
      expect(position[0]).toBeCloseTo(-2 + (ccw[i]?.[0] as number) / 100, 7);
      expect(position[1]).toBeCloseTo(53 + (ccw[i]?.[1] as number) / 100, 7);
    });
  });
});
