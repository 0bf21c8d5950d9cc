/**
 * A Voronoi mesh of jittered sites with wiggly, shared edges. Voronoi cells of sites in general
 * position meet three at a vertex, so any union of cells is bounded by simple rings that never pinch
 * at a single point. Every edge between two mesh vertices is generated once (from its own seeded
 * stream) and reused by both cells beside it, so neighbouring areas share exactly the same vertices.
 */
import { type Point, type PolygonRings, pointInRing, type Ring, signedArea2 } from "./geometry.js";
import { between, type Random, randomFor } from "./prng.js";

export interface VoronoiOptions {
  seed: string;
  /** Sites cover [-halfWidth, halfWidth] × [-halfHeight, halfHeight] km, unless `extent` is given. */
  halfWidthKm: number;
  halfHeightKm: number;
  /** A larger, possibly off-centre area for the sites (same lattice, same seeded jitter). */
  extent?: Extent;
  /** Distance between neighbouring sites before jitter. */
  spacingKm: number;
  /** Site jitter as a fraction of the spacing. */
  jitter: number;
  /** Edge wiggle amplitude as a fraction of the edge length. */
  wiggle: number;
  /** Rough distance between the vertices of a wiggly edge. */
  vertexSpacingKm: number;
}

/** A rectangle on the local plane, in km. */
export interface Extent {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** A polygon corner during clipping, with the neighbour (site index, or -1 for the frame) across the edge that starts here. */
interface Corner {
  point: Point;
  across: number;
}

export class VoronoiMesh {
  /** The jittered sites; cell i belongs to site i. */
  readonly sites: Point[];
  /** Each cell as mesh vertex ids, counter-clockwise. */
  private readonly cells: number[][];
  private readonly vertexIds = new Map<string, number>();
  private readonly vertices: Point[] = [];
  /** Cells clipped by the outer frame: never part of an output area. */
  private readonly framed = new Set<number>();
  private readonly edges = new Map<string, Point[]>();

  /**
   * With a `base` mesh (same seed and spacing, smaller area), this mesh extends it: the base's sites
   * keep their indices and its vertices their ids, so every edge the base would draw is drawn
   * from the same seeded stream, bit for bit. Areas made from the base stay byte-identical when
   * new areas are added around them.
   */
  constructor(
    readonly options: VoronoiOptions,
    base?: VoronoiMesh,
  ) {
    const lattice = latticeOf(options);
    const baseLattice = base ? latticeOf(base.options) : undefined;
    const inBase = (row: number, col: number) =>
      baseLattice !== undefined &&
      row >= baseLattice.minRow &&
      row <= baseLattice.maxRow &&
      col >= baseLattice.minCol &&
      col <= baseLattice.maxCol;
    this.sites = [...(base ? base.sites : []), ...this.makeSites(lattice, (row, col) => !inBase(row, col))];
    if (base) {
      base.vertices.forEach((vertex) => this.vertices.push(vertex));
      // Frame corners are the base's own; this mesh's frame is elsewhere.
      for (const [key, id] of base.vertexIds) if (!key.startsWith("frame:")) this.vertexIds.set(key, id);
    }
    this.cells = this.sites.map((_, i) => this.makeCell(i));
  }

  /**
   * Sites on a triangular lattice (every other row shifted by half a step), then jittered. A square
   * lattice would put four sites on a circle and leave many tiny Voronoi edges; this does not.
   */
  private makeSites(lattice: Lattice, wanted: (row: number, col: number) => boolean): Point[] {
    const { spacingKm, jitter, seed } = this.options;
    const sites: Point[] = [];
    for (let row = lattice.minRow; row <= lattice.maxRow; row++) {
      for (let col = lattice.minCol; col <= lattice.maxCol; col++) {
        if (!wanted(row, col)) continue;
        const random = randomFor(seed, `site:${row}:${col}`);
        const shift = Math.abs(row) % 2 === 1 ? spacingKm / 2 : 0;
        sites.push([
          col * spacingKm + shift + between(random, -jitter, jitter) * spacingKm,
          row * rowStep(spacingKm) + between(random, -jitter, jitter) * spacingKm,
        ]);
      }
    }
    return sites;
  }

  /**
   * Cell i by clipping a frame with the bisector of each nearby site, nearest first. Once the next
   * site is more than twice as far as the farthest corner, no bisector can cut the cell any more.
   */
  private makeCell(i: number): number[] {
    const site = this.sites[i] as Point;
    const { minX, maxX, minY, maxY } = extentOf(this.options);
    const margin = 2 * this.options.spacingKm;
    let corners: Corner[] = [
      { point: [minX - margin, minY - margin], across: -1 },
      { point: [maxX + margin, minY - margin], across: -1 },
      { point: [maxX + margin, maxY + margin], across: -1 },
      { point: [minX - margin, maxY + margin], across: -1 },
    ];
    const others = this.sites
      .map((other, j) => ({ j, distance: Math.hypot(other[0] - site[0], other[1] - site[1]) }))
      .filter(({ j }) => j !== i)
      .sort((a, b) => a.distance - b.distance || a.j - b.j);
    for (const { j, distance } of others) {
      const reach = Math.max(
        ...corners.map(({ point }) => Math.hypot(point[0] - site[0], point[1] - site[1])),
      );
      if (distance > 2 * reach) break;
      corners = clip(corners, site, this.sites[j] as Point, j);
    }
    return corners.map((corner, k) => {
      const before = (corners[(k + corners.length - 1) % corners.length] as Corner).across;
      if (before < 0 || corner.across < 0) {
        this.framed.add(i);
        return this.vertexId(`frame:${i}:${k}`, () => corner.point);
      }
      // A Voronoi vertex is the circumcentre of its three sites: computing it from the sorted
      // triple gives bit-identical coordinates in all three cells.
      const triple = [i, before, corner.across].sort((a, b) => a - b) as [number, number, number];
      return this.vertexId(triple.join(","), () =>
        circumcentre(...(triple.map((t) => this.sites[t]) as [Point, Point, Point])),
      );
    });
  }

  private vertexId(key: string, position: () => Point): number {
    let id = this.vertexIds.get(key);
    if (id === undefined) {
      id = this.vertices.push(position()) - 1;
      this.vertexIds.set(key, id);
    }
    return id;
  }

  /** Indices of the cells whose site passes the test. */
  cellsWhere(test: (site: Point) => boolean): number[] {
    return this.sites.flatMap((site, i) => (test(site) ? [i] : []));
  }

  /** The polyline from vertex `from` to vertex `to`, endpoints included. */
  edge(from: number, to: number): Point[] {
    const low = Math.min(from, to);
    const high = Math.max(from, to);
    const key = `${low}-${high}`;
    let points = this.edges.get(key);
    if (!points) {
      points = this.makeEdge(low, high, randomFor(this.options.seed, `edge:${key}`));
      this.edges.set(key, points);
    }
    return from === low ? points : [...points].reverse();
  }

  /** Every edge generated so far (i.e. used by some output ring), for the crossing check. */
  generatedEdges(): Point[][] {
    return [...this.edges.values()];
  }

  /**
   * A smooth random curve: a short sine series (zero at both ends, so it always meets the mesh
   * vertices) plus a little per-vertex roughness, offset perpendicular to the straight edge.
   */
  private makeEdge(from: number, to: number, random: Random): Point[] {
    const a = this.vertices[from] as Point;
    const b = this.vertices[to] as Point;
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const length = Math.hypot(dx, dy);
    const normal: Point = [-dy / length, dx / length];
    const harmonics = [1, 2, 3, 4].map((k) => ({
      k,
      amplitude: (between(random, -1, 1) * this.options.wiggle) / k,
    }));
    const count = Math.floor(length / this.options.vertexSpacingKm + random());
    const points: Point[] = [a];
    for (let i = 1; i <= count; i++) {
      // Uneven spacing along the edge, still strictly increasing.
      const t = (i + between(random, -0.3, 0.3)) / (count + 1);
      let offset = between(random, -0.015, 0.015) * Math.sin(Math.PI * t);
      for (const { k, amplitude } of harmonics) offset += amplitude * Math.sin(k * Math.PI * t);
      offset *= length;
      points.push([a[0] + dx * t + normal[0] * offset, a[1] + dy * t + normal[1] * offset]);
    }
    points.push(b);
    return points;
  }

  /**
   * The outline of a set of cells as polygons (outer ring counter-clockwise, holes clockwise).
   * Each cell contributes its edges counter-clockwise; an edge shared by two cells of the set
   * appears once in each direction and cancels, leaving only the boundary, which is then chained
   * into rings vertex by vertex.
   */
  outline(cellIndices: readonly number[]): PolygonRings[] {
    const directed = new Set<string>();
    for (const i of cellIndices) {
      if (this.framed.has(i)) throw new Error(`cell ${i} touches the frame; widen the mesh`);
      const cell = this.cells[i] as number[];
      cell.forEach((from, k) => {
        directed.add(`${from}>${cell[(k + 1) % cell.length]}`);
      });
    }
    const next = new Map<number, number>();
    for (const key of directed) {
      const [from, to] = key.split(">").map(Number) as [number, number];
      if (directed.has(`${to}>${from}`)) continue;
      if (next.has(from)) throw new Error(`boundary pinches at vertex ${from}`);
      next.set(from, to);
    }
    return this.chainRings(next);
  }

  /** Follows boundary edges into closed rings, then puts each hole inside its outer ring. */
  private chainRings(next: Map<number, number>): PolygonRings[] {
    const unvisited = new Set([...next.keys()].sort((x, y) => x - y));
    const outers: Ring[] = [];
    const holes: Ring[] = [];
    for (const start of unvisited) {
      const ring: Point[] = [];
      let vertex = start;
      do {
        unvisited.delete(vertex);
        const to = next.get(vertex) as number;
        ring.push(...this.edge(vertex, to).slice(0, -1));
        vertex = to;
      } while (vertex !== start);
      (signedArea2(ring) > 0 ? outers : holes).push(ring);
    }
    const polygons: Ring[][] = outers.map((outer) => [outer]);
    for (const hole of holes) {
      const owner = polygons.find(([outer]) => pointInRing(hole[0] as Point, outer as Ring));
      if (!owner) throw new Error("hole outside every outer ring");
      owner.push(hole);
    }
    return polygons;
  }
}

/** Which lattice rows and columns hold sites. */
interface Lattice {
  minRow: number;
  maxRow: number;
  minCol: number;
  maxCol: number;
}

function rowStep(spacingKm: number): number {
  return (spacingKm * Math.sqrt(3)) / 2;
}

function extentOf({ extent, halfWidthKm, halfHeightKm }: VoronoiOptions): Extent {
  return extent ?? { minX: -halfWidthKm, maxX: halfWidthKm, minY: -halfHeightKm, maxY: halfHeightKm };
}

function latticeOf(options: VoronoiOptions): Lattice {
  const { minX, maxX, minY, maxY } = extentOf(options);
  const step = rowStep(options.spacingKm);
  const minRow = -Math.ceil(-minY / step);
  const maxRow = Math.ceil(maxY / step);
  const minCol = -Math.ceil(-minX / options.spacingKm);
  const maxCol = Math.ceil(maxX / options.spacingKm);
  return { minRow, maxRow, minCol, maxCol };
}

/** Keeps the part of a convex polygon nearer to `site` than to `other` (Sutherland–Hodgman). */
function clip(corners: Corner[], site: Point, other: Point, otherIndex: number): Corner[] {
  const mid: Point = [(site[0] + other[0]) / 2, (site[1] + other[1]) / 2];
  const dir: Point = [other[0] - site[0], other[1] - site[1]];
  const side = (p: Point) => (p[0] - mid[0]) * dir[0] + (p[1] - mid[1]) * dir[1];
  const result: Corner[] = [];
  corners.forEach((a, k) => {
    const b = corners[(k + 1) % corners.length] as Corner;
    const sa = side(a.point);
    const sb = side(b.point);
    const crossing = (): Point => {
      const t = sa / (sa - sb);
      return [a.point[0] + t * (b.point[0] - a.point[0]), a.point[1] + t * (b.point[1] - a.point[1])];
    };
    if (sa <= 0) {
      result.push(a);
      if (sb > 0) result.push({ point: crossing(), across: otherIndex });
    } else if (sb <= 0) {
      result.push({ point: crossing(), across: a.across });
    }
  });
  return result;
}

/** Centre of the circle through three points. */
function circumcentre(a: Point, b: Point, c: Point): Point {
  const d = 2 * (a[0] * (b[1] - c[1]) + b[0] * (c[1] - a[1]) + c[0] * (a[1] - b[1]));
  const a2 = a[0] ** 2 + a[1] ** 2;
  const b2 = b[0] ** 2 + b[1] ** 2;
  const c2 = c[0] ** 2 + c[1] ** 2;
  return [
    (a2 * (b[1] - c[1]) + b2 * (c[1] - a[1]) + c2 * (a[1] - b[1])) / d,
    (a2 * (c[0] - b[0]) + b2 * (a[0] - c[0]) + c2 * (b[0] - a[0])) / d,
  ];
}
