import type { ChainArea } from "../areas/area-chain.js";
import type { Boundary } from "./boundary-index.js";
import type { PackedGeography } from "./geography.js";
import { areaInteriorPoint } from "./interior-point.js";
import type { LocalAreaType } from "./local-area-type.js";
import { packBoundaries } from "./packed-boundaries.js";
import { packPolygons } from "./packed-polygons.js";
import { areaContains } from "./part-contains.js";

export interface LocalBoundary extends Boundary {
  type: LocalAreaType;
}

/** Each boundary with where it came from, for errors (e.g. "parishes.geojson features[3]"). */
export interface Sourced<T extends Boundary> {
  boundary: T;
  where: string;
}

export interface GeographySources {
  /** Districts and unitaries. */
  locals: readonly Sourced<LocalBoundary>[];
  /** Every parish of every local area. */
  parishes: readonly Sourced<Boundary>[];
  counties?: readonly Sourced<Boundary>[];
  police?: readonly Sourced<Boundary>[];
}

/**
 * Puts each parish in the local area holding a point well inside it, and finds each local area's
 * county and police force area the same way (they are made of whole districts and unitaries).
 * Boundaries are kept exactly as given. Throws, naming the feature, for a duplicate code or a
 * parish in no local area.
 */
export function packGeography(sources: GeographySources): PackedGeography {
  const locals = sources.locals.map((s) => s.boundary);
  refuseDuplicates(sources.locals);
  refuseDuplicates(sources.parishes);
  const findLocal = finder(locals);
  const parishesOf = locals.map((): Boundary[] => []);
  for (const { boundary, where } of sources.parishes) {
    const local = findLocal(boundary);
    if (local === undefined) {
      throw new Error(
        `${where} (${boundary.code} ${boundary.name}): in none of the districts and unitaries (${locals.map((l) => l.code).join(", ")})`,
      );
    }
    parishesOf[local]?.push(boundary);
  }
  const upper = (layer: readonly Sourced<Boundary>[] | undefined, type: "county" | "police") => {
    if (!layer) return () => undefined;
    refuseDuplicates(layer);
    const areas = layer.map((s) => s.boundary);
    const find = finder(areas);
    return (local: Boundary): ChainArea | undefined => {
      const found = areas[find(local) ?? -1];
      return found ? { type, code: found.code, name: found.name } : undefined;
    };
  };
  const countyOf = upper(sources.counties, "county");
  const policeOf = upper(sources.police, "police");
  return {
    locals: locals.map((local, i) => {
      const [county, police] = [countyOf(local), policeOf(local)];
      return {
        area: { type: local.type, code: local.code, name: local.name },
        ...(county ? { county } : {}),
        ...(police ? { police } : {}),
        boundaries: packBoundaries(local, parishesOf[i] ?? []),
      };
    }),
  };
}

/** Which of the areas (the lowest code, if several) holds a point well inside a boundary. */
function finder(areas: readonly Boundary[]): (boundary: Boundary) => number | undefined {
  const shapes = packPolygons(areas.map((area) => area.geometry));
  const byCode = [...areas.keys()].sort((a, b) => {
    const [x, y] = [areas[a]?.code ?? "", areas[b]?.code ?? ""];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return (boundary) => {
    const [x, y] = areaInteriorPoint(boundary.geometry) as [number, number];
    return byCode.find((area) => areaContains(shapes, area, x, y));
  };
}

function refuseDuplicates(layer: readonly Sourced<Boundary>[]): void {
  const seen = new Map<string, string>();
  for (const { boundary, where } of layer) {
    const first = seen.get(boundary.code);
    if (first) throw new Error(`${where}: code ${boundary.code} again (first at ${first})`);
    seen.set(boundary.code, where);
  }
}
