import Flatbush from "flatbush";
import type { Area, Boundary } from "./boundary-index.js";
import { PART_STRIDE, type PackedPolygons, packPolygons } from "./packed-polygons.js";

/** Everything a `BoundaryIndex` needs, as plain data: what an index file holds. */
export interface PackedBoundaries {
  district: Area;
  /** The district outline, as one area. */
  districtShape: PackedPolygons;
  /** Sorted by code, so a lower area number means a lower code. */
  parishes: Area[];
  parishShapes: PackedPolygons;
  /** A serialised flatbush index over the boxes of parishShapes' parts; empty when there are none. */
  parishTree: Uint8Array;
}

export function packBoundaries(district: Boundary, parishes: readonly Boundary[]): PackedBoundaries {
  // Plain code-unit order, not locale order, so every machine sorts alike.
  const sorted = [...parishes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const parishShapes = packPolygons(sorted.map((parish) => parish.geometry));
  return {
    district: { code: district.code, name: district.name },
    districtShape: packPolygons([district.geometry]),
    parishes: sorted.map(({ code, name }) => ({ code, name })),
    parishShapes,
    parishTree: buildTree(parishShapes.parts),
  };
}

/** Over each part's box (the first four of its numbers in `parts`). */
function buildTree(parts: Float64Array): Uint8Array {
  const count = parts.length / PART_STRIDE;
  if (count === 0) return new Uint8Array(0);
  const tree = new Flatbush(count);
  for (let at = 0; at < parts.length; at += PART_STRIDE) {
    tree.add(parts[at] as number, parts[at + 1] as number, parts[at + 2], parts[at + 3]);
  }
  tree.finish();
  return new Uint8Array(tree.data);
}
