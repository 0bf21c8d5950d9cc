import Flatbush from "flatbush";
import type { MultiPolygon, Polygon } from "geojson";
import type { LngLat } from "../geo.js";
import { type PackedBoundaries, packBoundaries } from "./packed-boundaries.js";
import { areaContains, partContains } from "./part-contains.js";

export interface Area {
  /** ONS code: E04… for a parish, E06/E07… for a district or unitary. */
  code: string;
  name: string;
}

export interface Boundary extends Area {
  geometry: Polygon | MultiPolygon;
}

export type Location =
  | { kind: "parish"; parish: Area; district: Area }
  | { kind: "unparished"; district: Area }
  | { kind: "outside"; district: Area };

/**
 * Point → parish look-up for one district. A flatbush index over the boxes of the parishes' polygons
 * narrows the candidates; the exact test gives Turf's `booleanPointInPolygon` answers (boundary
 * counts as inside, holes respected). Polygons are never simplified. Where a point sits exactly on a
 * shared edge and so is in two parishes, the lower code wins, so the answer never depends on file order.
 *
 * Built either from GeoJSON boundaries or from packed data read from an index file, which needs no
 * parsing and no rebuilding of the flatbush index.
 */
export class BoundaryIndex {
  readonly #packed: PackedBoundaries;
  readonly #tree: Flatbush | undefined;
  /** The parish (area number) each polygon part belongs to. */
  readonly #partParish: Uint32Array;

  constructor(district: Boundary, parishes: readonly Boundary[]);
  constructor(packed: PackedBoundaries);
  constructor(first: Boundary | PackedBoundaries, parishes: readonly Boundary[] = []) {
    const packed = "geometry" in first ? packBoundaries(first, parishes) : first;
    this.#packed = packed;
    const tree = packed.parishTree;
    this.#tree = tree.byteLength > 0 ? Flatbush.from(alignedBuffer(tree), tree.byteOffset) : undefined;
    const { areaParts } = packed.parishShapes;
    this.#partParish = new Uint32Array(areaParts[areaParts.length - 1] ?? 0);
    for (let area = 0; area + 1 < areaParts.length; area++) {
      this.#partParish.fill(area, areaParts[area], areaParts[area + 1]);
    }
  }

  /** The plain data behind this index, for writing an index file. */
  toPacked(): PackedBoundaries {
    return this.#packed;
  }

  get district(): Area {
    const { code, name } = this.#packed.district;
    return { code, name };
  }

  /** Sorted by code. */
  get parishes(): readonly Area[] {
    return this.#packed.parishes.map(({ code, name }) => ({ code, name }));
  }

  locate(point: LngLat): Location {
    const { district, districtShape } = this.#packed;
    const here = { code: district.code, name: district.name };
    if (!areaContains(districtShape, 0, point.lng, point.lat)) return { kind: "outside", district: here };
    const parish = this.parishAt(point);
    return parish ? { kind: "parish", parish, district: here } : { kind: "unparished", district: here };
  }

  /**
   * The parish holding a point already known to be in the district (lower code on a shared edge),
   * or undefined where the district is unparished. Skips the district test `locate` makes, for a
   * caller that has just made it.
   */
  parishAt(point: LngLat): Area | undefined {
    const { lng, lat } = point;
    const { parishes, parishShapes } = this.#packed;
    // Parts are numbered in code order, so the first containing candidate is the lowest code.
    const candidates = this.#tree?.search(lng, lat, lng, lat) ?? [];
    if (candidates.length > 1) candidates.sort((a, b) => a - b);
    for (const part of candidates) {
      if (partContains(parishShapes, part, lng, lat)) {
        const parish = parishes[this.#partParish[part] as number] as Area;
        return { code: parish.code, name: parish.name };
      }
    }
    return undefined;
  }
}

/** Flatbush reads its buffer with a Float64Array view, which needs 8-byte alignment. */
function alignedBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.buffer instanceof ArrayBuffer && bytes.byteOffset % 8 === 0) return bytes.buffer;
  throw new Error("the parish tree must start on an 8-byte boundary of an ArrayBuffer");
}
