import type { ChainArea } from "#core/areas/area-chain.js";
import type { Area } from "#core/spatial/boundary-index.js";
import type { PackedGeography } from "#core/spatial/geography.js";
import type { PackedBoundaries } from "#core/spatial/packed-boundaries.js";
import { PART_STRIDE, type PackedPolygons } from "#core/spatial/packed-polygons.js";
import {
  type DecodedSections,
  decodeSections,
  encodeSections,
  type SectionArray,
} from "./binary-sections.js";

/** Bump when the layout or the meaning of a section changes; old files are then rejected. */
export const BOUNDARY_INDEX_VERSION = 2;
const MAGIC = "SPBOUNDS";

const U32_KEYS = ["areaParts", "partRings", "ringVertices", "bandStarts", "bandEdges"] as const;
const F64_KEYS = ["coords", "parts"] as const;

export interface BoundaryIndexFile {
  packed: PackedGeography;
  /** `sourceHash` of the GeoJSON layers it was built from. */
  sourceHash: string;
}

/** What the header says of each local area; its shapes are the sections `local.<n>.…`. */
interface LocalHeader {
  area: ChainArea;
  county?: ChainArea;
  police?: ChainArea;
  parishes: Area[];
}

export function encodeBoundaryIndex({ packed, sourceHash }: BoundaryIndexFile): Uint8Array {
  const locals: LocalHeader[] = packed.locals.map(({ area, county, police, boundaries }) => ({
    area,
    ...(county ? { county } : {}),
    ...(police ? { police } : {}),
    parishes: boundaries.parishes,
  }));
  const sections = Object.assign(
    {},
    ...packed.locals.map(({ boundaries }, n) => ({
      ...shapeSections(`local.${n}.district`, boundaries.districtShape),
      ...shapeSections(`local.${n}.parishes`, boundaries.parishShapes),
      [`local.${n}.parishTree`]: boundaries.parishTree,
    })),
  ) as Record<string, SectionArray>;
  return encodeSections(MAGIC, BOUNDARY_INDEX_VERSION, { sourceHash, locals }, sections);
}

/** `what` names the file in errors. */
export function decodeBoundaryIndex(bytes: Uint8Array, what: string): BoundaryIndexFile {
  const file = decodeSections(bytes, MAGIC, BOUNDARY_INDEX_VERSION, what);
  const { sourceHash, locals } = file.header as { sourceHash: string; locals: LocalHeader[] };
  if (typeof sourceHash !== "string" || !Array.isArray(locals)) {
    throw new Error(`${what} is damaged: its header lacks sourceHash or locals`);
  }
  return {
    sourceHash,
    packed: {
      locals: locals.map(({ area, county, police, parishes }, n) => {
        const boundaries: PackedBoundaries = {
          district: { code: area.code, name: area.name },
          districtShape: readShapes(file, `local.${n}.district`, what),
          parishes,
          parishShapes: readShapes(file, `local.${n}.parishes`, what),
          parishTree: file.section(`local.${n}.parishTree`, "u8"),
        };
        if (
          boundaries.parishShapes.areaParts.length !== parishes.length + 1 ||
          boundaries.districtShape.areaParts.length !== 2
        ) {
          throw new Error(
            `${what} is inconsistent: its header and its shapes disagree on the number of areas of ${area.code}`,
          );
        }
        return { area, ...(county ? { county } : {}), ...(police ? { police } : {}), boundaries };
      }),
    },
  };
}

function shapeSections(prefix: string, shapes: PackedPolygons) {
  return Object.fromEntries([...U32_KEYS, ...F64_KEYS].map((key) => [`${prefix}.${key}`, shapes[key]]));
}

function readShapes(file: DecodedSections, prefix: string, what: string): PackedPolygons {
  const u32 = (key: (typeof U32_KEYS)[number]) => file.section(`${prefix}.${key}`, "u32");
  const f64 = (key: (typeof F64_KEYS)[number]) => file.section(`${prefix}.${key}`, "f64");
  const shapes: PackedPolygons = {
    areaParts: u32("areaParts"),
    partRings: u32("partRings"),
    ringVertices: u32("ringVertices"),
    coords: f64("coords"),
    parts: f64("parts"),
    bandStarts: u32("bandStarts"),
    bandEdges: u32("bandEdges"),
  };
  // Cheap cross-checks, so a damaged file fails here rather than answering from garbage.
  const parts = shapes.partRings.length - 1;
  const consistent =
    last(shapes.areaParts) === parts &&
    last(shapes.partRings) === shapes.ringVertices.length - 1 &&
    last(shapes.ringVertices) * 2 === shapes.coords.length &&
    shapes.parts.length === parts * PART_STRIDE &&
    shapes.bandStarts.length === totalBands(shapes.parts) + 1 &&
    shapes.bandEdges.length === last(shapes.bandStarts);
  if (!consistent) throw new Error(`${what} is damaged: its ${prefix} sections do not fit together`);
  return shapes;
}

/** The last part's first band plus its band count (see PackedPolygons.parts). */
function totalBands(parts: Float64Array): number {
  return parts.length === 0 ? 0 : (parts[parts.length - 2] as number) + (parts[parts.length - 1] as number);
}

function last(array: Uint32Array): number {
  return array[array.length - 1] ?? -1;
}
