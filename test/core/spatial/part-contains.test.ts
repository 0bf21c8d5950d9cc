import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import fc from "fast-check";
import type { MultiPolygon, Polygon, Position } from "geojson";
import { describe, expect, it } from "vitest";
import { packPolygons } from "#core/spatial/packed-polygons.js";
import { areaContains } from "#core/spatial/part-contains.js";
import { gridGeometry, gridPoint } from "./generated-shapes.js";

const contains = (geometry: Polygon | MultiPolygon, [x, y]: Position) =>
  areaContains(packPolygons([geometry]), 0, x as number, y as number);

describe("areaContains", () => {
  it("gives Turf's answer for grid points against arbitrary rings, holes and parts", () => {
    fc.assert(
      fc.property(
        gridGeometry(6),
        fc.array(gridPoint(6), { minLength: 20, maxLength: 20 }),
        (geometry, points) => {
          const packed = packPolygons([geometry]);
          for (const point of points) {
            const [x, y] = point as [number, number];
            expect(areaContains(packed, 0, x, y), `${point}`).toBe(booleanPointInPolygon(point, geometry));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives Turf's answer a rounding error away from edges of float-coordinate rings", () => {
    // Turf's predicate is exact only while products do not underflow, which needs differences below
    // about 1e-154 degrees; real coordinates never get there, so neither do these.
    const notTiny = (value: number) => value === 0 || Math.abs(value) > 1e-100;
    const coordinate = fc.double({ min: -3, max: 3, noNaN: true }).filter(notTiny);
    const fraction = fc.double({ min: 0, max: 1, noNaN: true }).filter(notTiny);
    const ring = fc.array(fc.tuple(coordinate, coordinate), { minLength: 3, maxLength: 10 });
    fc.assert(
      fc.property(ring, fc.array(fraction, { minLength: 10, maxLength: 10 }), (points, ts) => {
        const closed = [...points, points[0]] as Position[];
        const geometry: Polygon = { type: "Polygon", coordinates: [closed] };
        const packed = packPolygons([geometry]);
        ts.forEach((t, k) => {
          const [p, q] = [closed[k % points.length], closed[(k % points.length) + 1]] as [Position, Position];
          const point = [
            (p[0] as number) + ((q[0] as number) - (p[0] as number)) * t,
            (p[1] as number) + ((q[1] as number) - (p[1] as number)) * t,
          ];
          expect(areaContains(packed, 0, point[0] as number, point[1] as number), `${point}`).toBe(
            booleanPointInPolygon(point, geometry),
          );
        });
      }),
      { numRuns: 300 },
    );
  });

  it("counts the boundary as inside, hole edges included, and a hole's inside as outside", () => {
    const square = (a: number, b: number): Position[] => [
      [a, a],
      [b, a],
      [b, b],
      [a, b],
      [a, a],
    ];
    const donut: Polygon = { type: "Polygon", coordinates: [square(0, 4), square(1, 3).reverse()] };
    expect(contains(donut, [0, 2])).toBe(true);
    expect(contains(donut, [4, 4])).toBe(true);
    expect(contains(donut, [1, 2])).toBe(true);
    expect(contains(donut, [2, 2])).toBe(false);
    expect(contains(donut, [0.5, 0.5])).toBe(true);
    expect(contains(donut, [4 + 2 ** -50, 2])).toBe(false);
    expect(contains(donut, [Number.NaN, 2])).toBe(false);
  });

  it("uses many bands on a long ring and still answers like Turf", () => {
    // A 400-vertex wiggly circle: 100 bands, with points on and beside every vertex.
    const ring: Position[] = Array.from({ length: 400 }, (_, k) => {
      const angle = (2 * Math.PI * k) / 400;
      const radius = 1 + 0.1 * Math.sin(angle * 17);
      return [radius * Math.cos(angle), radius * Math.sin(angle)];
    });
    ring.push(ring[0] as Position);
    const geometry: Polygon = { type: "Polygon", coordinates: [ring] };
    const packed = packPolygons([geometry]);
    expect(packed.parts[7]).toBe(100);
    for (const [x, y] of ring as [number, number][]) {
      for (const point of [
        [x, y],
        [x * 0.999, y],
        [x * 1.001, y],
        [x, y * (1 + 2 ** -52)],
      ] as [number, number][]) {
        expect(areaContains(packed, 0, ...point), `${point}`).toBe(booleanPointInPolygon(point, geometry));
      }
    }
  });

  it("refuses rings that are open or too short", () => {
    expect(() =>
      packPolygons([
        {
          type: "Polygon",
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [1, 1],
              [0, 1],
            ],
          ],
        },
      ]),
    ).toThrow("area 0: every ring needs at least 4 positions and must end where it starts");
    expect(() =>
      packPolygons([
        {
          type: "Polygon",
          coordinates: [
            [
              [0, 0],
              [1, 0],
              [0, 0],
            ],
          ],
        },
      ]),
    ).toThrow(/at least 4 positions/);
  });
});
