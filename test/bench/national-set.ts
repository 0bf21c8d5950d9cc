/**
 * A national-scale synthetic set, built by the bench itself: a 100 × 100 mesh of jittered cells over
 * England-sized longitudes and latitudes, each cell a parish whose sides are smooth wiggly polylines
 * of about 100 vertices, shared exactly with the neighbour (so ~400 vertices a parish and points on
 * shared edges happen). Some cells are left unparished, some parishes own two cells, and a few have
 * an enclave parish in a hole, as real data does.
 */
import type { Position } from "geojson";
import type { Boundary } from "#core/spatial/boundary-index.js";

export interface NationalSet {
  district: Boundary;
  parishes: Boundary[];
}

const ORIGIN = [-5, 50.2];
const CELL = [0.07, 0.05];

export function nationalSet(options: { cells: number; verticesPerSide: number; seed: number }): NationalSet {
  const { cells: n, verticesPerSide } = options;
  let state = options.seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const toLngLat = (x: number, y: number): Position => [
    (ORIGIN[0] as number) + x * (CELL[0] as number),
    (ORIGIN[1] as number) + y * (CELL[1] as number),
  ];
  const corners = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: n + 1 }, (_, j) => {
      const inner = i > 0 && i < n && j > 0 && j < n;
      return inner ? [i + (random() - 0.5) * 0.5, j + (random() - 0.5) * 0.5] : [i, j];
    }),
  );
  const sides = new Map<string, Position[]>();
  /** The side from corner a to corner b in lng/lat, generated once and walked backwards by the neighbour. */
  const side = (a: [number, number], b: [number, number]): Position[] => {
    const known = sides.get(`${b}|${a}`);
    if (known) return [...known].reverse();
    const [px, py] = corners[a[0]]?.[a[1]] as number[] as [number, number];
    const [qx, qy] = corners[b[0]]?.[b[1]] as number[] as [number, number];
    const onBorder =
      (a[0] === b[0] && (a[0] === 0 || a[0] === n)) || (a[1] === b[1] && (a[1] === 0 || a[1] === n));
    // A sum of three sines, damped to zero at both ends so the corners stay put.
    const waves = Array.from({ length: 3 }, (_, k) => ({
      frequency: k + 1 + random() * 2,
      phase: random() * 2 * Math.PI,
      amplitude: onBorder ? 0 : 0.04 / (k + 1),
    }));
    const line: Position[] = [];
    for (let s = 0; s <= verticesPerSide; s++) {
      const t = s / verticesPerSide;
      const offset =
        Math.sin(Math.PI * t) *
        waves.reduce((sum, w) => sum + w.amplitude * Math.sin(w.frequency * Math.PI * t + w.phase), 0);
      line.push(toLngLat(px + (qx - px) * t - offset * (qy - py), py + (qy - py) * t + offset * (qx - px)));
    }
    sides.set(`${a}|${b}`, line);
    return line;
  };
  const walk = (path: [number, number][]): Position[] => {
    const ring: Position[] = [];
    for (let k = 0; k + 1 < path.length; k++)
      ring.push(...side(path[k] as [number, number], path[k + 1] as [number, number]).slice(0, -1));
    ring.push(ring[0] as Position);
    return ring;
  };

  const outline: [number, number][] = [];
  for (let i = 0; i < n; i++) outline.push([i, 0]);
  for (let j = 0; j < n; j++) outline.push([n, j]);
  for (let i = n; i > 0; i--) outline.push([i, n]);
  for (let j = n; j >= 0; j--) outline.push([0, j]);

  const polygons = new Map<number, Position[][][]>();
  const enclaves: Position[][] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const roll = random();
      if (roll < 0.04) continue; // unparished
      const owner = roll < 0.06 && i > 1 ? (i - 2) * n + j : i * n + j; // a detached second part
      const rings = [
        walk([
          [i, j],
          [i + 1, j],
          [i + 1, j + 1],
          [i, j + 1],
          [i, j],
        ]),
      ];
      if (roll > 0.99) {
        // A hole (clockwise) filled by an enclave parish: an octagon around the cell's centre.
        const [cx, cy] = [i + 0.5, j + 0.5];
        const enclave = Array.from({ length: 9 }, (_, k) =>
          toLngLat(
            cx + 0.12 * Math.cos(((k % 8) * Math.PI) / 4),
            cy + 0.12 * Math.sin(((k % 8) * Math.PI) / 4),
          ),
        );
        enclaves.push(enclave);
        rings.push([...enclave].reverse());
      }
      polygons.set(owner, [...(polygons.get(owner) ?? []), rings]);
    }
  }
  const code = (k: number) => `E04${String(k).padStart(6, "0")}`;
  const parishes: Boundary[] = [...polygons].map(([k, parts]) => ({
    code: code(k),
    name: `Synthetic ${k}`,
    geometry:
      parts.length === 1
        ? { type: "Polygon", coordinates: parts[0] as Position[][] }
        : { type: "MultiPolygon", coordinates: parts },
  }));
  enclaves.forEach((ring, k) =>
    parishes.push({
      code: code(n * n + k),
      name: `Enclave ${k}`,
      geometry: { type: "Polygon", coordinates: [ring] },
    }),
  );
  return {
    district: {
      code: "E92000001",
      name: "Synthetic England",
      geometry: { type: "Polygon", coordinates: [walk(outline)] },
    },
    parishes,
  };
}

/** Uniform random points over the set's box, a little beyond it so some are outside. */
export function randomPoints(count: number, cells: number, seed: number): Position[] {
  let state = seed >>> 0 || 1;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  return Array.from({ length: count }, () => [
    (ORIGIN[0] as number) + (random() * 1.02 - 0.01) * cells * (CELL[0] as number),
    (ORIGIN[1] as number) + (random() * 1.02 - 0.01) * cells * (CELL[1] as number),
  ]);
}
