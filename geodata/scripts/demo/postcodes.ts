/**
 * Fictional postcodes in the non-existent postcode area ZX, each placed well inside one area so a
 * look-up test knows exactly which answer to expect.
 */
import type { DemoAreas, LocalArea } from "./areas.js";
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
  /** A parish code, `unparished` (a town: falls back to its council) or `outside` (in no area). */
  expected: string;
  /** The district or unitary the point lies in; empty when outside. */
  local: string;
}

/** Kept above the 200 m the tests demand, leaving room for projection and rounding. */
const MIN_BOUNDARY_KM = 0.32;
/** Inward-code letters: Royal Mail never uses C, I, K, M, O or V in the last two characters. */
const INWARD_LETTERS = [..."ABDEFGHJLNPQRSTUWXYZ"];
const SEED = "exampleshire-vale-postcodes-v1";

/**
 * Outward codes by district or unitary: the town first, then its parishes in code order. The Vale's
 * (ZX1 town, ZX2–ZX13) predate the others and are placed exactly as they were.
 */
const OUTWARD_BASE: Readonly<Record<string, number>> = { E07999999: 1, E07999998: 20, E06999999: 30 };

interface Target {
  expected: string;
  local: string;
  outward: string;
  /** Polygons to place the points in (one part of a parish, for the detached part). */
  within: PolygonRings[];
  count: number;
  /** Boundaries the points must keep clear of. */
  boundaries: Ring[];
  /** Names the seeded stream. */
  key: string;
}

export function placePostcodes(areas: DemoAreas): DemoPostcode[] {
  const allBoundaries = areas.locals.flatMap(ringsOf);
  const taken = new Set<string>();
  const placed: DemoPostcode[] = [];
  for (const target of areas.locals.flatMap((local, i) =>
    // The Vale alone was placed against its own boundaries; the others' lie outside it (or on its
    // edge), so its points are just as clear of them.
    targets(local, i === 0 ? ringsOf(local) : allBoundaries),
  )) {
    const random = randomFor(SEED, target.key);
    const mine: Point[] = [];
    for (let i = 0; i < target.count; i++) {
      const point = findPoint(random, target.within, (candidate) => {
        const clearance = distanceToRings(candidate, target.boundaries);
        return (
          clearance >= MIN_BOUNDARY_KM &&
          mine.every((other) => Math.hypot(candidate[0] - other[0], candidate[1] - other[1]) >= 0.9)
        );
      });
      mine.push(point);
      placed.push({
        postcode: newPostcode(random, target.outward, taken),
        point,
        expected: target.expected,
        local: target.local,
      });
    }
  }
  const [vale] = areas.locals;
  if (!vale) throw new Error("no districts");
  placed.push(...outsidePostcodes(vale, areas, allBoundaries, taken));
  return placed.sort((a, b) => (a.postcode < b.postcode ? -1 : a.postcode > b.postcode ? 1 : 0));
}

function ringsOf(local: LocalArea): Ring[] {
  return [...local.polygons, ...local.town.polygons, ...local.parishes.flatMap((p) => p.polygons)].flat();
}

/**
 * Each parish gets its own outward code, the town the first. Bigger parishes get three postcodes,
 * the multi-part parish has one of its postcodes in the detached part. The Vale's streams keep
 * their original keys, so its postcodes do not move.
 */
function targets(local: LocalArea, boundaries: Ring[]): Target[] {
  const base = OUTWARD_BASE[local.code];
  if (base === undefined) throw new Error(`no outward codes for ${local.code}`);
  const vale = base === 1;
  const target = (expected: string, outward: string, within: PolygonRings[], count: number): Target => ({
    expected,
    local: local.code,
    outward,
    within,
    count,
    boundaries,
    key: vale ? `${expected}:${within.length}:${count}` : `${outward}:${expected}:${count}`,
  });
  const list = [target("unparished", `ZX${base}`, local.town.polygons, vale ? 5 : 3)];
  local.parishes.forEach((parish, i) => {
    const outward = `ZX${base + i + 1}`;
    if (parish.code === MULTIPOLYGON_CODE) {
      const [main, ...detached] = [...parish.polygons].sort((a, b) => area([b]) - area([a]));
      list.push(target(parish.code, outward, [main as PolygonRings], 2));
      list.push(target(parish.code, outward, detached, 1));
      return;
    }
    list.push(target(parish.code, outward, parish.polygons, area(parish.polygons) > 68 ? 3 : 2));
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
 * Vale's border, on different sides of it. The county and unitary added later were drawn clear of
 * them; this checks they still are.
 */
function outsidePostcodes(
  vale: LocalArea,
  areas: DemoAreas,
  boundaries: Ring[],
  taken: Set<string>,
): DemoPostcode[] {
  const random = randomFor(SEED, "outside");
  const district = vale.polygons;
  const border = district.flat();
  const valeBoundaries = ringsOf(vale);
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
        distanceToRings(point, valeBoundaries) >= MIN_BOUNDARY_KM
      ) {
        const inAny = [areas.police, areas.county, ...areas.locals].some(({ polygons }) =>
          polygons.some((polygon) => pointInPolygon(point, polygon)),
        );
        if (inAny || distanceToRings(point, boundaries) < MIN_BOUNDARY_KM) {
          throw new Error("an outside postcode falls in or near a newer area; move that area");
        }
        return { postcode: newPostcode(random, "ZX40", taken), point, expected: "outside", local: "" };
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
