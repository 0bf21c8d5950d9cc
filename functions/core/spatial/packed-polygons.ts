import type { MultiPolygon, Polygon } from "geojson";

/**
 * A set of areas, each one or more polygons ("parts", each an outer ring and its holes), packed into
 * flat typed arrays so that an index file can be loaded without parsing and a look-up touches no
 * objects. Coordinates are kept as exact float64 values: nothing is simplified or rounded.
 *
 * Each part also carries "bands": its bounding box cut into horizontal strips, each listing the edges
 * whose y-range overlaps it. Only an edge whose y-range contains the point's y can cross the point's
 * ray or pass through the point, so testing one band's edges gives the same answer as testing all.
 */
export interface PackedPolygons {
  /** Parts of area a: areaParts[a] … areaParts[a + 1] − 1. */
  areaParts: Uint32Array;
  /** Rings of part p (outer ring first): partRings[p] … partRings[p + 1] − 1. */
  partRings: Uint32Array;
  /** Vertices of ring r, closed (the last repeats the first): ringVertices[r] … ringVertices[r + 1] − 1. */
  ringVertices: Uint32Array;
  /** Vertex v is (coords[2v], coords[2v + 1]), longitude then latitude. */
  coords: Float64Array;
  /**
   * Eight numbers per part, together so that testing a part starts with one cache line:
   * [0–3] its box over all rings (minX, minY, maxX, maxY), [4] the y where its bands start,
   * [5] bands per unit of y, [6] the number of its first band, [7] how many bands it has.
   */
  parts: Float64Array;
  /** Edges in band b: bandEdges[bandStarts[b]] … bandEdges[bandStarts[b + 1] − 1]. */
  bandStarts: Uint32Array;
  /** An edge is named by its first vertex v; it runs from v to v + 1. */
  bandEdges: Uint32Array;
}

export const PART_STRIDE = 8;

export type PolygonalGeometry = Polygon | MultiPolygon;

/** Roughly this many edges per band: few enough to scan quickly, without bloating the file. */
const EDGES_PER_BAND = 4;
const MAX_BANDS_PER_PART = 1 << 16;

export function packPolygons(geometries: readonly PolygonalGeometry[]): PackedPolygons {
  const areas = geometries.map((g) => (g.type === "Polygon" ? [g.coordinates] : g.coordinates));
  const polygons = areas.flat(1);
  const rings = polygons.flat(1);
  const areaParts = new Uint32Array(areas.length + 1);
  const partRings = new Uint32Array(polygons.length + 1);
  const ringVertices = new Uint32Array(rings.length + 1);
  const coords = new Float64Array(rings.reduce((sum, ring) => sum + ring.length, 0) * 2);

  let part = 0;
  let ring = 0;
  let vertex = 0;
  areas.forEach((parts, area) => {
    areaParts[area] = part;
    for (const polygon of parts) {
      partRings[part++] = ring;
      for (const positions of polygon) {
        ringVertices[ring++] = vertex;
        for (const [x, y] of positions) {
          if (typeof x !== "number" || typeof y !== "number") {
            throw new Error(`area ${area}: a position needs x and y`);
          }
          coords[2 * vertex] = x;
          coords[2 * vertex + 1] = y;
          vertex++;
        }
        const [first, last] = [positions[0], positions[positions.length - 1]];
        if (positions.length < 4 || first?.[0] !== last?.[0] || first?.[1] !== last?.[1]) {
          throw new Error(`area ${area}: every ring needs at least 4 positions and must end where it starts`);
        }
      }
    }
  });
  areaParts[areas.length] = part;
  partRings[polygons.length] = ring;
  ringVertices[rings.length] = vertex;

  const packed = {
    areaParts,
    partRings,
    ringVertices,
    coords,
    parts: describeParts(partRings, ringVertices, coords),
  };
  return { ...packed, ...fileEdges(packed) };
}

/** Each part's box and band layout (the band numbers are filled in as running totals). */
function describeParts(
  partRings: Uint32Array,
  ringVertices: Uint32Array,
  coords: Float64Array,
): Float64Array {
  const count = partRings.length - 1;
  const parts = new Float64Array(count * PART_STRIDE);
  let bands = 0;
  for (let p = 0; p < count; p++) {
    const firstVertex = ringVertices[partRings[p] as number] as number;
    const endVertex = ringVertices[partRings[p + 1] as number] as number;
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let v = firstVertex; v < endVertex; v++) {
      const x = coords[2 * v] as number;
      const y = coords[2 * v + 1] as number;
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
    // A closed ring of n vertices has n − 1 edges.
    const edges = endVertex - firstVertex - ((partRings[p + 1] as number) - (partRings[p] as number));
    const bandCount = Math.min(MAX_BANDS_PER_PART, Math.max(1, Math.round(edges / EDGES_PER_BAND)));
    parts.set(
      [minX, minY, maxX, maxY, minY, maxY > minY ? bandCount / (maxY - minY) : 0, bands, bandCount],
      p * PART_STRIDE,
    );
    bands += bandCount;
  }
  return parts;
}

type Packed = Pick<PackedPolygons, "partRings" | "ringVertices" | "coords" | "parts">;

/** Two passes over the edges: count each band's edges, then file them. */
function fileEdges({
  partRings,
  ringVertices,
  coords,
  parts,
}: Packed): Pick<PackedPolygons, "bandStarts" | "bandEdges"> {
  const partCount = partRings.length - 1;
  const lastPart = (partCount - 1) * PART_STRIDE;
  const totalBands = partCount === 0 ? 0 : (parts[lastPart + 6] as number) + (parts[lastPart + 7] as number);
  const forEachEdgeBand = (visit: (band: number, edge: number) => void) => {
    for (let p = 0; p < partCount; p++) {
      const firstBand = parts[p * PART_STRIDE + 6] as number;
      for (let r = partRings[p] as number; r < (partRings[p + 1] as number); r++) {
        for (let v = ringVertices[r] as number; v < (ringVertices[r + 1] as number) - 1; v++) {
          const y1 = coords[2 * v + 1] as number;
          const y2 = coords[2 * v + 3] as number;
          const high = bandOf(parts, p, Math.max(y1, y2));
          for (let b = bandOf(parts, p, Math.min(y1, y2)); b <= high; b++) visit(firstBand + b, v);
        }
      }
    }
  };
  const bandStarts = new Uint32Array(totalBands + 1);
  forEachEdgeBand((band) => {
    bandStarts[band + 1] = (bandStarts[band + 1] as number) + 1;
  });
  for (let b = 0; b < totalBands; b++)
    bandStarts[b + 1] = (bandStarts[b + 1] as number) + (bandStarts[b] as number);
  const bandEdges = new Uint32Array(bandStarts[totalBands] as number);
  const cursor = bandStarts.slice(0, totalBands);
  forEachEdgeBand((band, edge) => {
    bandEdges[(cursor[band] as number)++] = edge;
  });
  return { bandStarts, bandEdges };
}

/**
 * Which of part p's bands holds y (numbered from 0 within the part), clamped to its bands. The same
 * arithmetic files an edge and finds a point's band, and it never decreases as y grows, so an edge
 * whose y-range contains y is always in y's band.
 */
export function bandOf(parts: Float64Array, part: number, y: number): number {
  const at = part * PART_STRIDE;
  const band = Math.floor((y - (parts[at + 4] as number)) * (parts[at + 5] as number));
  const count = parts[at + 7] as number;
  return band < 0 ? 0 : band >= count ? count - 1 : band;
}
