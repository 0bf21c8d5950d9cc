/**
 * Builds the districts and the unitary, their parishes and unparished towns, the county and the
 * police force area on the local km plane, and proves the result is clean (no crossing edges,
 * every area in the intended number of parts, enclave well clear of its host's boundary) before
 * anything is written.
 */
import {
  COUNTY,
  COUNTY_PLAN,
  LOCAL_AREAS,
  type LocalAreaType,
  POLICE,
  ROWS_ABOVE_VALE,
} from "./county-layout.js";
import {
  distanceToRings,
  type Point,
  type PolygonRings,
  pointInPolygon,
  type Ring,
  segmentsConflict,
} from "./geometry.js";
import { ENCLAVE, MULTIPOLYGON_CODE, PLAN } from "./layout.js";
import { between, randomFor } from "./prng.js";
import { VoronoiMesh } from "./voronoi.js";

export const SEED = "exampleshire-vale-v1";

/** Size of one character of PLAN, in km. */
const PLAN_CELL_KM = 3;

/** An area as one or more polygons (each an outer ring plus holes). */
export interface Area {
  code: string;
  name: string;
  polygons: PolygonRings[];
}

/** A district or unitary with its parishes and its unparished town. */
export interface LocalArea extends Area {
  type: LocalAreaType;
  town: Area;
  parishes: Area[];
}

export interface DemoAreas {
  /** In LOCAL_AREAS order: Exampleshire Vale first. */
  locals: LocalArea[];
  county: Area;
  police: Area;
}

/** Mesh options of the original district; the county's mesh extends this one. */
const VALE_MESH = {
  seed: SEED,
  halfWidthKm: (PLAN[0].length * PLAN_CELL_KM) / 2 + 3,
  halfHeightKm: (PLAN.length * PLAN_CELL_KM) / 2 + 3,
  spacingKm: 1.4,
  jitter: 0.3,
  wiggle: 0.08,
  vertexSpacingKm: 0.09,
};

export function buildAreas(): DemoAreas {
  const top = (PLAN.length / 2 + ROWS_ABOVE_VALE) * PLAN_CELL_KM;
  const right = ((COUNTY_PLAN[0] ?? "").length - PLAN[0].length / 2) * PLAN_CELL_KM;
  const mesh = new VoronoiMesh(
    { ...VALE_MESH, extent: { minX: -21, maxX: right + 3, minY: -21, maxY: top + 3 } },
    new VoronoiMesh(VALE_MESH),
  );
  const letterAt = planLookup();
  const cellsOf = (test: (letter: string) => boolean) => mesh.cellsWhere((site) => test(letterAt(site)));
  const areaOf = (code: string, name: string, letters: readonly string[]): Area => ({
    code,
    name,
    polygons: mesh.outline(cellsOf((cell) => letters.includes(cell.toUpperCase()))),
  });

  const enclave = enclaveRing();
  const locals = LOCAL_AREAS.map((plan): LocalArea => {
    const letters = [plan.town.letter, ...plan.parishes.flatMap(({ letter }) => letter ?? [])];
    const parishes = plan.parishes.map(({ code, name, letter }): Area => {
      if (letter === undefined) return { code, name, polygons: [[enclave]] };
      const parish = areaOf(code, name, [letter]);
      return code === ENCLAVE.hostCode ? { ...parish, polygons: cutHole(parish.polygons, enclave) } : parish;
    });
    return {
      ...areaOf(plan.code, plan.name, letters),
      type: plan.type,
      town: areaOf(plan.code, plan.town.name, [plan.town.letter]),
      parishes,
    };
  });
  const lettersOf = (codes: readonly string[]) =>
    LOCAL_AREAS.filter(({ code }) => codes.includes(code)).flatMap((plan) => [
      plan.town.letter,
      ...plan.parishes.flatMap(({ letter }) => letter ?? []),
    ]);
  const areas: DemoAreas = {
    locals,
    county: areaOf(COUNTY.code, COUNTY.name, lettersOf(COUNTY.members)),
    police: areaOf(POLICE.code, POLICE.name, lettersOf(POLICE.members)),
  };
  assertShapes(areas);
  assertNoCrossings([...mesh.generatedEdges(), [...enclave, enclave[0] as Point]]);
  return areas;
}

/**
 * Which COUNTY_PLAN character a point falls in, after a smooth random warp of the plane. Without
 * the warp, parish boundaries would follow the plan's 3 km grid in a visible staircase; with it,
 * they meander like real ones while keeping the plan's layout. Rows and columns are counted from
 * the Vale's PLAN, centred on the origin, exactly as when it was the whole plan.
 */
function planLookup(): (point: Point) => string {
  const random = randomFor(SEED, "warp");
  const waves = [0, 1, 2, 3].map(() => {
    const angle = between(random, 0, 2 * Math.PI);
    const wavelength = between(random, 5, 10);
    return {
      kx: (Math.cos(angle) * 2 * Math.PI) / wavelength,
      ky: (Math.sin(angle) * 2 * Math.PI) / wavelength,
      phase: between(random, 0, 2 * Math.PI),
      ax: between(random, -0.45, 0.45),
      ay: between(random, -0.45, 0.45),
    };
  });
  return ([x, y]) => {
    let [wx, wy] = [x, y];
    for (const { kx, ky, phase, ax, ay } of waves) {
      const s = Math.sin(kx * x + ky * y + phase);
      wx += ax * s;
      wy += ay * s;
    }
    const col = Math.floor(wx / PLAN_CELL_KM + PLAN[0].length / 2);
    const row = Math.floor(PLAN.length / 2 - wy / PLAN_CELL_KM) + ROWS_ABOVE_VALE;
    return COUNTY_PLAN[row]?.[col] ?? ".";
  };
}

/** The km position of a PLAN grid corner. */
function planCorner(row: number, col: number): Point {
  return [(col - PLAN[0].length / 2) * PLAN_CELL_KM, (PLAN.length / 2 - row) * PLAN_CELL_KM];
}

/**
 * The warp or the mesh could in principle split an area or swallow a detached part; this proves
 * the special cases came out as the plan intends (and as README.md documents), and that every
 * other area is one simple polygon.
 */
function assertShapes({ locals, county, police }: DemoAreas): void {
  const expect = ({ name, polygons }: Area, parts: number, holes: number) => {
    const actualHoles = polygons.reduce((sum, polygon) => sum + polygon.length - 1, 0);
    if (polygons.length !== parts || actualHoles !== holes) {
      throw new Error(
        `${name}: ${polygons.length} parts and ${actualHoles} holes, expected ${parts} and ${holes}`,
      );
    }
  };
  for (const local of [...locals, county, police]) expect(local, 1, 0);
  for (const { town, parishes } of locals) {
    expect(town, 1, 0);
    for (const parish of parishes) {
      expect(parish, parish.code === MULTIPOLYGON_CODE ? 2 : 1, parish.code === ENCLAVE.hostCode ? 1 : 0);
    }
  }
}

/**
 * The enclave: a star-shaped blob (radius varies smoothly with angle, so the ring can never cross
 * itself) around a PLAN corner inside its host. Counter-clockwise, as an outer ring.
 */
function enclaveRing(): Ring {
  const random = randomFor(SEED, "enclave");
  const [cx, cy] = planCorner(ENCLAVE.planCorner.row, ENCLAVE.planCorner.col);
  const harmonics = [2, 3, 5].map((k) => ({
    k,
    amplitude: between(random, 0.04, 0.12) / Math.sqrt(k),
    phase: between(random, 0, 2 * Math.PI),
  }));
  const count = 48;
  const ring: Point[] = [];
  for (let i = 0; i < count; i++) {
    const angle = (2 * Math.PI * i) / count;
    let radius = 1;
    for (const { k, amplitude, phase } of harmonics) radius += amplitude * Math.sin(k * angle + phase);
    radius *= ENCLAVE.radiusKm * (1 + between(random, -0.02, 0.02));
    ring.push([cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)]);
  }
  return ring;
}

/** Cuts the enclave out of its host as a clockwise hole, after checking it sits well inside. */
function cutHole(polygons: PolygonRings[], enclave: Ring): PolygonRings[] {
  const index = polygons.findIndex((polygon) => enclave.every((point) => pointInPolygon(point, polygon)));
  const host = polygons[index];
  if (!host) throw new Error("enclave is not inside its host parish");
  const clearance = Math.min(...enclave.map((point) => distanceToRings(point, host)));
  if (clearance < 0.5) throw new Error(`enclave only ${clearance.toFixed(2)} km from its host's boundary`);
  return polygons.map((polygon, i) => (i === index ? [...polygon, [...enclave].reverse()] : polygon));
}

/**
 * Proves no two boundary polylines cross or touch other than at shared mesh nodes (and no polyline
 * crosses itself), so every ring built from them is simple. Brute force with a bounding-box filter;
 * a few thousand segments take well under a second.
 */
function assertNoCrossings(polylines: readonly Point[][]): void {
  const segments = polylines.flatMap((line) =>
    line.slice(1).map((b, i) => {
      const a = line[i] as Point;
      return {
        a,
        b,
        minX: Math.min(a[0], b[0]),
        maxX: Math.max(a[0], b[0]),
        minY: Math.min(a[1], b[1]),
        maxY: Math.max(a[1], b[1]),
      };
    }),
  );
  segments.sort((s, t) => s.minX - t.minX);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i] as (typeof segments)[number];
    for (let j = i + 1; j < segments.length; j++) {
      const t = segments[j] as (typeof segments)[number];
      if (t.minX > s.maxX) break;
      if (t.minY > s.maxY || t.maxY < s.minY) continue;
      if (segmentsConflict(s.a, s.b, t.a, t.b)) {
        throw new Error(
          `boundary edges cross near (${s.a[0].toFixed(3)}, ${s.a[1].toFixed(3)}) km; change SEED or the mesh options`,
        );
      }
    }
  }
}
