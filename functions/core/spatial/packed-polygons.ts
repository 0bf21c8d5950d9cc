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
  /** Per part: minX, minY, maxX, maxY over all its rings. */
  partBoxes: Float64Array;
  /** Per part: the y of its first band and bands per unit of y. */
  bandScales: Float64Array;
  /** Bands of part p: partBands[p] … partBands[p + 1] − 1. */
  partBands: Uint32Array;
  /** Edges in band b: bandEdges[bandStarts[b]] … bandEdges[bandStarts[b + 1] − 1]. */
  bandStarts: Uint32Array;
  /** An edge is named by its first vertex v; it runs from v to v + 1. */
  bandEdges: Uint32Array;
}

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
          if (typeof x !== "number" || typeof y !== "number")
            throw new Error(`area ${area}: a position needs x and y`);
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

  const partBoxes = new Float64Array(polygons.length * 4);
  for (let p = 0; p < polygons.length; p++) {
    const box = [Infinity, Infinity, -Infinity, -Infinity];
    const end = ringVertices[partRings[p + 1] as number] as number;
    for (let v = ringVertices[partRings[p] as number] as number; v < end; v++) {
      const x = coords[2 * v] as number;
      const y = coords[2 * v + 1] as number;
      box[0] = Math.min(box[0] as number, x);
      box[1] = Math.min(box[1] as number, y);
      box[2] = Math.max(box[2] as number, x);
      box[3] = Math.max(box[3] as number, y);
    }
    partBoxes.set(box, p * 4);
  }

  const packed = { areaParts, partRings, ringVertices, coords, partBoxes };
  return { ...packed, ...buildBands(packed) };
}

type BandInput = Pick<PackedPolygons, "partRings" | "ringVertices" | "coords" | "partBoxes">;
type Bands = Pick<PackedPolygons, "bandScales" | "partBands" | "bandStarts" | "bandEdges">;

function buildBands({ partRings, ringVertices, coords, partBoxes }: BandInput): Bands {
  const partCount = partRings.length - 1;
  const bandScales = new Float64Array(partCount * 2);
  const partBands = new Uint32Array(partCount + 1);
  const edgeCounts = new Uint32Array(partCount);
  for (let p = 0; p < partCount; p++) {
    // A ring of n vertices (closed) has n − 1 edges.
    const firstRing = partRings[p] as number;
    const endRing = partRings[p + 1] as number;
    edgeCounts[p] =
      (ringVertices[endRing] as number) - (ringVertices[firstRing] as number) - (endRing - firstRing);
    const bandCount = Math.min(
      MAX_BANDS_PER_PART,
      Math.max(1, Math.round((edgeCounts[p] as number) / EDGES_PER_BAND)),
    );
    const minY = partBoxes[p * 4 + 1] as number;
    const height = (partBoxes[p * 4 + 3] as number) - minY;
    bandScales[p * 2] = minY;
    bandScales[p * 2 + 1] = height > 0 ? bandCount / height : 0;
    partBands[p + 1] = (partBands[p] as number) + bandCount;
  }

  // Two passes over the edges: count each band's edges, then fill them in.
  const totalBands = partBands[partCount] as number;
  const bandStarts = new Uint32Array(totalBands + 1);
  const forEachEdgeBand = (visit: (band: number, edge: number) => void) => {
    for (let p = 0; p < partCount; p++) {
      const firstBand = partBands[p] as number;
      const bandCount = (partBands[p + 1] as number) - firstBand;
      for (let r = partRings[p] as number; r < (partRings[p + 1] as number); r++) {
        for (let v = ringVertices[r] as number; v < (ringVertices[r + 1] as number) - 1; v++) {
          const y1 = coords[2 * v + 1] as number;
          const y2 = coords[2 * v + 3] as number;
          const low = bandOf(bandScales, p, bandCount, Math.min(y1, y2));
          const high = bandOf(bandScales, p, bandCount, Math.max(y1, y2));
          for (let b = low; b <= high; b++) visit(firstBand + b, v);
        }
      }
    }
  };
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
  return { bandScales, partBands, bandStarts, bandEdges };
}

/**
 * The band holding y, clamped to the part's bands. The same arithmetic files an edge and finds a
 * point's band, and it never decreases as y grows, so an edge spanning y is always in y's band.
 */
export function bandOf(bandScales: Float64Array, part: number, bandCount: number, y: number): number {
  const band = Math.floor((y - (bandScales[part * 2] as number)) * (bandScales[part * 2 + 1] as number));
  return band < 0 ? 0 : band >= bandCount ? bandCount - 1 : band;
}
