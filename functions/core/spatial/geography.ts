import Flatbush from "flatbush";
import type { AreaChain, AreaLocator, ChainArea } from "../areas/area-chain.js";
import type { LngLat } from "../geo.js";
import { type Area, BoundaryIndex } from "./boundary-index.js";
import type { PackedBoundaries } from "./packed-boundaries.js";
import { PART_STRIDE, type PackedPolygons } from "./packed-polygons.js";
import { partContains } from "./part-contains.js";

/** Up to this many outline parts, look-ups scan them instead of searching a tree. */
const SCAN_LIMIT = 16;

/** One district or unitary: its parish index, and the county and police force area it lies in. */
export interface PackedLocalArea {
  area: ChainArea;
  county?: ChainArea;
  police?: ChainArea;
  /** Its outline and parishes (`district` is the local area itself). */
  boundaries: PackedBoundaries;
}

/** Everything a `Geography` needs, as plain data: what an index file holds. */
export interface PackedGeography {
  /** As the district file lists them. */
  locals: PackedLocalArea[];
}

interface Local {
  area: ChainArea;
  chain: AreaChain;
  shape: PackedPolygons;
  index: BoundaryIndex;
}

/**
 * Point → area chain (parish, district or unitary, county, police force area) in one look-up.
 *
 * A flatbush index over the parts of the local areas' outlines finds the district or unitary; its
 * packed parish index (a `BoundaryIndex`, exact, never simplified) finds the parish. Counties and
 * police force areas are made of whole districts and unitaries, so each local area's county and
 * police force area are found once, when the index is built, and a look-up costs what a one-district
 * look-up did. It also keeps the chain consistent: the county is always the found district's.
 * On an edge shared by two local areas, the lower code wins, as for parishes.
 */
export class Geography implements AreaLocator {
  readonly #packed: PackedGeography;
  readonly #locals: Local[];
  readonly #byCode: Map<string, Local>;
  readonly #tree: Flatbush | undefined;
  /** For each tree item (numbered in code order, then part order): its local area and part. */
  readonly #itemLocal: Uint32Array;
  readonly #itemPart: Uint32Array;
  /** Every item, in order, for a geography too small to need the tree. */
  readonly #allItems: readonly number[];

  constructor(packed: PackedGeography) {
    this.#packed = packed;
    this.#locals = packed.locals.map(({ area, county, police, boundaries }) => {
      const frozen = Object.freeze({ ...area });
      // Shared by every answer in this area, so frozen.
      const chain: AreaChain = Object.freeze({
        local: frozen,
        ...(county ? { county: Object.freeze({ ...county }) } : {}),
        ...(police ? { police: Object.freeze({ ...police }) } : {}),
      });
      return { area: frozen, chain, shape: boundaries.districtShape, index: new BoundaryIndex(boundaries) };
    });
    this.#byCode = new Map(this.#locals.map((local) => [local.area.code, local]));
    if (this.#byCode.size !== this.#locals.length) throw new Error("two local areas share a code");
    const inCodeOrder = [...this.#locals.keys()].sort((a, b) => {
      const [x, y] = [this.#locals[a]?.area.code ?? "", this.#locals[b]?.area.code ?? ""];
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const items = inCodeOrder.flatMap((local) =>
      Array.from({ length: (this.#locals[local] as Local).shape.parts.length / PART_STRIDE }, (_, part) => [
        local,
        part,
      ]),
    );
    this.#itemLocal = Uint32Array.from(items, ([local]) => local as number);
    this.#itemPart = Uint32Array.from(items, ([, part]) => part as number);
    // A few parts (a deployment of a few councils) are quicker to scan, box test first, than to
    // search a tree for; many parts get the tree.
    this.#allItems = items.map((_, item) => item);
    this.#tree = items.length > SCAN_LIMIT ? new Flatbush(items.length) : undefined;
    for (const [local, part] of items) {
      const { parts } = (this.#locals[local as number] as Local).shape;
      const at = (part as number) * PART_STRIDE;
      this.#tree?.add(parts[at] as number, parts[at + 1] as number, parts[at + 2], parts[at + 3]);
    }
    this.#tree?.finish();
  }

  /** The plain data behind this index, for writing an index file. */
  toPacked(): PackedGeography {
    return this.#packed;
  }

  /** Every district and unitary, as the district file lists them. */
  get localAreas(): readonly ChainArea[] {
    return this.#locals.map((local) => local.area);
  }

  /** The parish index of one district or unitary (for maps and parish names); undefined if unknown. */
  parishIndex(localCode: string): BoundaryIndex | undefined {
    return this.#byCode.get(localCode)?.index;
  }

  /** The parishes of one district or unitary, sorted by code; empty if unknown. */
  parishes(localCode: string): readonly Area[] {
    return this.#byCode.get(localCode)?.index.parishes ?? [];
  }

  locate(point: LngLat): AreaChain {
    const { lng, lat } = point;
    let items = this.#allItems;
    if (this.#tree) {
      const found = this.#tree.search(lng, lat, lng, lat);
      if (found.length > 1) found.sort((a, b) => a - b);
      items = found;
    }
    for (const item of items) {
      const local = this.#locals[this.#itemLocal[item] as number] as Local;
      if (partContains(local.shape, this.#itemPart[item] as number, lng, lat)) {
        const parish = local.index.parishAt(point);
        if (!parish) return local.chain;
        const { chain } = local;
        return {
          parish: { type: "parish", code: parish.code, name: parish.name },
          local: chain.local,
          ...(chain.county ? { county: chain.county } : {}),
          ...(chain.police ? { police: chain.police } : {}),
        };
      }
    }
    return {};
  }
}
