/**
 * Fictional postcodes in the non-existent postcode area ZX, each placed well inside one area so a
 * look-up test knows exactly which answer to expect.
 */
import type { DemoAreas } from "./areas.js";
import {
  distanceToRings,
  type Point,
  type PolygonRings,
  pointInPolygon,
  type Ring,
  signedArea2,
} from "./geometry.js";
import { MULTIPOLYGON_CODE } from "./layout.js";
import { between, integerBetween, pick, type Random, randomFor } from "./prng.js";

/** A postcode centroid and what a look-up must answer for it. */
export interface DemoPostcode {
  postcode: string;
  point: Point;
  /** A parish code, `unparished` (the town: falls back to the district) or `outside` (not in the district). */
  expected: string;
}

/** Kept above the 200 m the tests demand, leaving room for projection and rounding. */
const MIN_BOUNDARY_KM = 0.32;
/** Inward-code letters: Royal Mail never uses C, I, K, M, O or V in the last two characters. */
const INWARD_LETTERS = [..."ABDEFGHJLNPQRSTUWXYZ"];
const SEED = "exampleshire-vale-postcodes-v1";

interface Target {
  expected: string;
  outward: string;
  /** Polygons to place the points in (one part of a parish, for the detached part). */
  within: PolygonRings[];
  count: number;
}

export function placePostcodes(areas: DemoAreas): DemoPostcode[] {
  const boundaries: Ring[] = [
    ...areas.district,
    ...areas.town,
    ...areas.parishes.flatMap((p) => p.polygons),
  ].flat();
  const taken = new Set<string>();
  const placed: DemoPostcode[] = [];
  for (const target of targets(areas)) {
    const random = randomFor(SEED, `${target.expected}:${target.within.length}:${target.count}`);
    const mine: Point[] = [];
    for (let i = 0; i < target.count; i++) {
      const point = findPoint(random, target.within, (candidate) => {
        const clearance = distanceToRings(candidate, boundaries);
        return (
          clearance >= MIN_BOUNDARY_KM &&
          mine.every((other) => Math.hypot(candidate[0] - other[0], candidate[1] - other[1]) >= 0.9)
        );
      });
      mine.push(point);
      placed.push({ postcode: newPostcode(random, target.outward, taken), point, expected: target.expected });
    }
  }
  placed.push(...outsidePostcodes(areas.district, boundaries, taken));
  return placed.sort((a, b) => (a.postcode < b.postcode ? -1 : a.postcode > b.postcode ? 1 : 0));
}

/**
 * Each parish gets its own outward code (ZX2…), the town ZX1. Bigger parishes get three postcodes,
 * the multi-part parish has one of its postcodes in the detached part.
 */
function targets(areas: DemoAreas): Target[] {
  const list: Target[] = [{ expected: "unparished", outward: "ZX1", within: areas.town, count: 5 }];
  areas.parishes.forEach((parish, i) => {
    const outward = `ZX${i + 2}`;
    if (parish.code === MULTIPOLYGON_CODE) {
      const [main, ...detached] = [...parish.polygons].sort((a, b) => area([b]) - area([a]));
      list.push({ expected: parish.code, outward, within: [main as PolygonRings], count: 2 });
      list.push({ expected: parish.code, outward, within: detached, count: 1 });
      return;
    }
    list.push({
      expected: parish.code,
      outward,
      within: parish.polygons,
      count: area(parish.polygons) > 68 ? 3 : 2,
    });
  });
  return list;
}

/** Area in km² (holes count negative, being clockwise). */
function area(polygons: readonly PolygonRings[]): number {
  return polygons.flat().reduce((sum, ring) => sum + signedArea2(ring) / 2, 0);
}

/** Rejection sampling inside the polygons' bounding box. */
function findPoint(
  random: Random,
  within: readonly PolygonRings[],
  accept: (point: Point) => boolean,
): Point {
  const points = within.flatMap((polygon) => polygon[0] ?? []);
  const minX = Math.min(...points.map((p) => p[0]));
  const maxX = Math.max(...points.map((p) => p[0]));
  const minY = Math.min(...points.map((p) => p[1]));
  const maxY = Math.max(...points.map((p) => p[1]));
  for (let attempt = 0; attempt < 20000; attempt++) {
    const point: Point = [between(random, minX, maxX), between(random, minY, maxY)];
    if (within.some((polygon) => pointInPolygon(point, polygon)) && accept(point)) return point;
  }
  throw new Error("no room for a postcode; loosen the spacing");
}

/**
 * A few postcodes of a neighbouring (equally fictional) district, out in the sea just beyond the
 * border, on different sides of the district.
 */
function outsidePostcodes(district: PolygonRings[], boundaries: Ring[], taken: Set<string>): DemoPostcode[] {
  const random = randomFor(SEED, "outside");
  const border = district.flat();
  const ring = district.flatMap((polygon) => polygon[0] ?? []);
  const cx = ring.reduce((sum, p) => sum + p[0], 0) / ring.length;
  const cy = ring.reduce((sum, p) => sum + p[1], 0) / ring.length;
  // North-west, east and south-south-west of the centre.
  return [135, 0, 250].map((degrees) => {
    const angle = (degrees * Math.PI) / 180;
    for (let distance = 5; distance < 40; distance += 0.05) {
      const point: Point = [cx + distance * Math.cos(angle), cy + distance * Math.sin(angle)];
      const inDistrict = district.some((polygon) => pointInPolygon(point, polygon));
      if (
        !inDistrict &&
        distanceToRings(point, border) >= 0.8 &&
        distanceToRings(point, boundaries) >= MIN_BOUNDARY_KM
      ) {
        return { postcode: newPostcode(random, "ZX40", taken), point, expected: "outside" };
      }
    }
    throw new Error("no sea found beyond the border");
  });
}

/** A unique postcode in the given outward code, e.g. "ZX7 4HB". */
function newPostcode(random: Random, outward: string, taken: Set<string>): string {
  for (;;) {
    const postcode = `${outward} ${integerBetween(random, 1, 9)}${pick(random, INWARD_LETTERS)}${pick(random, INWARD_LETTERS)}`;
    if (!taken.has(postcode)) {
      taken.add(postcode);
      return postcode;
    }
  }
}
