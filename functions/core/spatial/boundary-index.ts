import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import Flatbush from "flatbush";
import type { MultiPolygon, Polygon } from "geojson";
import type { LngLat } from "../geo.js";

export interface Area {
  /** ONS code: E04… for a parish, E06/E07… for a district. */
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

type Bbox = [minX: number, minY: number, maxX: number, maxY: number];

/**
 * Point → parish look-up for one district. A flatbush index over each parish's bounding box narrows
 * the candidates; the exact test is Turf's point-in-polygon (boundary counts as inside, holes
 * respected). Polygons are never simplified. Where a point sits exactly on a shared edge and so is in
 * two parishes, the lower code wins, so the answer never depends on file order.
 */
export class BoundaryIndex {
  readonly #parishes: Boundary[];
  readonly #index: Flatbush | undefined;
  readonly #district: Boundary;
  readonly #districtBbox: Bbox;

  constructor(district: Boundary, parishes: Boundary[]) {
    this.#district = district;
    this.#districtBbox = bboxOf(district.geometry);
    this.#parishes = [...parishes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    if (this.#parishes.length > 0) {
      const index = new Flatbush(this.#parishes.length);
      for (const parish of this.#parishes) index.add(...bboxOf(parish.geometry));
      index.finish();
      this.#index = index;
    }
  }

  get district(): Area {
    return { code: this.#district.code, name: this.#district.name };
  }

  get parishes(): readonly Area[] {
    return this.#parishes.map(({ code, name }) => ({ code, name }));
  }

  locate(point: LngLat): Location {
    const district = this.district;
    const position = [point.lng, point.lat];
    if (!inBbox(this.#districtBbox, point) || !booleanPointInPolygon(position, this.#district.geometry)) {
      return { kind: "outside", district };
    }
    // flatbush returns indices in index order; take the smallest, i.e. the lowest code, that contains it.
    const candidates = this.#index?.search(point.lng, point.lat, point.lng, point.lat) ?? [];
    candidates.sort((a, b) => a - b);
    for (const i of candidates) {
      const parish = this.#parishes[i] as Boundary;
      if (booleanPointInPolygon(position, parish.geometry)) {
        return { kind: "parish", parish: { code: parish.code, name: parish.name }, district };
      }
    }
    return { kind: "unparished", district };
  }
}

function inBbox([minX, minY, maxX, maxY]: Bbox, p: LngLat): boolean {
  return p.lng >= minX && p.lng <= maxX && p.lat >= minY && p.lat <= maxY;
}

export function bboxOf(geometry: Polygon | MultiPolygon): Bbox {
  const box: Bbox = [Infinity, Infinity, -Infinity, -Infinity];
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    // The outer ring bounds the polygon; holes lie inside it.
    for (const [x, y] of polygon[0] ?? []) {
      if (x === undefined || y === undefined) continue;
      if (x < box[0]) box[0] = x;
      if (y < box[1]) box[1] = y;
      if (x > box[2]) box[2] = x;
      if (y > box[3]) box[3] = y;
    }
  }
  return box;
}
