/**
 * Generators for the spatial property tests: arbitrary rings (self-crossing allowed, on a coarse grid
 * so that many points land exactly on edges and vertices) and districts tiled by parishes with shared
 * edges, an enclave in a hole, detached parts and an unparished gap.
 */
import fc from "fast-check";
import type { MultiPolygon, Polygon, Position } from "geojson";
import type { Boundary } from "#core/spatial/boundary-index.js";

/** A closed ring of 3–12 distinct-ish grid points (may cross itself: Turf still has an answer). */
export const gridRing = (size: number) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: size }), fc.integer({ min: 0, max: size })), {
      minLength: 3,
      maxLength: 12,
    })
    .map((points) => [...points, points[0] as [number, number]] as Position[]);

/** Polygons of 1–3 rings, in a Polygon or a MultiPolygon of 1–3 parts. */
export const gridGeometry = (size: number): fc.Arbitrary<Polygon | MultiPolygon> =>
  fc.oneof(
    fc
      .array(gridRing(size), { minLength: 1, maxLength: 3 })
      .map((coordinates): Polygon => ({ type: "Polygon", coordinates })),
    fc
      .array(fc.array(gridRing(size), { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 })
      .map((coordinates): MultiPolygon => ({ type: "MultiPolygon", coordinates })),
  );

/** Grid points and half-grid points, so vertices, edge midpoints and plain interior points all occur. */
export const gridPoint = (size: number) =>
  fc
    .tuple(fc.integer({ min: -2, max: 2 * size + 2 }), fc.integer({ min: -2, max: 2 * size + 2 }))
    .map(([x, y]) => [x / 2, y / 2] as Position);

export interface Tiling {
  district: Boundary;
  parishes: Boundary[];
  /** Points exactly on vertices and edges (midpoints of dyadic coordinates are exact). */
  onEdges: Position[];
  /** Points a rounding error away from edges. */
  nearEdges: Position[];
}

/**
 * An nx × ny grid of jittered cells whose shared sides are wiggly polylines used by both neighbours.
 * Each cell is a parish, except a few left unparished; some parishes own two cells (a MultiPolygon);
 * one cell, when the grid allows, has a hole filled by an enclave parish.
 */
export function tiling(seed: number, nx: number, ny: number): Tiling {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  // Dyadic coordinates: every edge midpoint is exactly representable.
  const dyadic = (value: number) => Math.round(value * 1024) / 1024;
  const corner = (i: number, j: number): Position => {
    const inside = i > 0 && i < nx && j > 0 && j < ny;
    return inside ? [dyadic(i + (random() - 0.5) * 0.4), dyadic(j + (random() - 0.5) * 0.4)] : [i, j];
  };
  const corners = Array.from({ length: nx + 1 }, (_, i) =>
    Array.from({ length: ny + 1 }, (_, j) => corner(i, j)),
  );
  const at = (i: number, j: number) => corners[i]?.[j] as Position;
  const sides = new Map<string, Position[]>();
  /** The polyline from corner a to corner b, shared with the neighbour (which walks it backwards). */
  const side = (a: [number, number], b: [number, number]): Position[] => {
    const key = `${a}|${b}`;
    const reverse = sides.get(`${b}|${a}`);
    if (reverse) return [...reverse].reverse();
    const [p, q] = [at(...a), at(...b)];
    const border =
      (a[0] === b[0] && (a[0] === 0 || a[0] === nx)) || (a[1] === b[1] && (a[1] === 0 || a[1] === ny));
    const line: Position[] = [p];
    const steps = 1 + Math.floor(random() * 5);
    for (let s = 1; s < steps; s++) {
      const t = s / steps;
      const wiggle = border ? 0 : (random() - 0.5) * 0.2;
      line.push([
        dyadic(
          (p[0] as number) +
            ((q[0] as number) - (p[0] as number)) * t +
            wiggle * ((q[1] as number) - (p[1] as number)),
        ),
        dyadic(
          (p[1] as number) +
            ((q[1] as number) - (p[1] as number)) * t -
            wiggle * ((q[0] as number) - (p[0] as number)),
        ),
      ]);
    }
    line.push(q);
    sides.set(key, line);
    return line;
  };
  const walk = (path: [number, number][]): Position[] => {
    const ring: Position[] = [];
    for (let k = 0; k + 1 < path.length; k++)
      ring.push(...side(path[k] as [number, number], path[k + 1] as [number, number]).slice(0, -1));
    ring.push(ring[0] as Position);
    return ring;
  };
  const cellRing = (i: number, j: number) =>
    walk([
      [i, j],
      [i + 1, j],
      [i + 1, j + 1],
      [i, j + 1],
      [i, j],
    ]);

  const outline: [number, number][] = [];
  for (let i = 0; i < nx; i++) outline.push([i, 0]);
  for (let j = 0; j < ny; j++) outline.push([nx, j]);
  for (let i = nx; i > 0; i--) outline.push([i, ny]);
  for (let j = ny; j >= 0; j--) outline.push([0, j]);
  const district: Boundary = {
    code: "E07000001",
    name: "Generated",
    geometry: { type: "Polygon", coordinates: [walk(outline)] },
  };

  const parts = new Map<string, Position[][][]>();
  const codes = Array.from({ length: nx * ny }, (_, k) => `E04${String(100 + k).padStart(6, "0")}`);
  const enclave: Position[] = [];
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ny; j++) {
      const roll = random();
      if (roll < 0.15) continue; // unparished
      // Sometimes join the parish of the cell two to the left: a detached part.
      const code = roll < 0.3 && i >= 2 ? (codes[(i - 2) * ny + j] as string) : (codes[i * ny + j] as string);
      const polygon = [cellRing(i, j)];
      if (enclave.length === 0 && roll > 0.85) {
        // A diamond hole around the cell's centre, clockwise, and the enclave that fills it.
        const [cx, cy] = [dyadic(i + 0.5), dyadic(j + 0.5)];
        const r = 0.125;
        enclave.push([cx, cy - r], [cx + r, cy], [cx, cy + r], [cx - r, cy], [cx, cy - r]);
        polygon.push([...enclave].reverse());
      }
      parts.set(code, [...(parts.get(code) ?? []), polygon]);
    }
  }
  const parishes: Boundary[] = [...parts].map(([code, polygons]) => ({
    code,
    name: `Parish ${code}`,
    geometry:
      polygons.length === 1
        ? { type: "Polygon", coordinates: polygons[0] as Position[][] }
        : { type: "MultiPolygon", coordinates: polygons },
  }));
  if (enclave.length > 0)
    parishes.push({
      code: "E04000001",
      name: "Enclave",
      geometry: { type: "Polygon", coordinates: [enclave] },
    });

  const edges = [...sides.values()].flatMap((line) =>
    line.slice(1).map((q, k) => [line[k] as Position, q] as const),
  );
  const onEdges = edges.flatMap(([p, q]) => [
    p,
    [((p[0] as number) + (q[0] as number)) / 2, ((p[1] as number) + (q[1] as number)) / 2],
  ]);
  const nearEdges = edges.map(([p, q]) => {
    const t = random();
    return [
      (p[0] as number) + ((q[0] as number) - (p[0] as number)) * t,
      (p[1] as number) + ((q[1] as number) - (p[1] as number)) * t,
    ];
  });
  return { district, parishes, onEdges, nearEdges };
}
