import type { LngLat } from "../geo.js";

/**
 * The kinds of area Signpost's boundary data holds (ONS code prefixes in England: E04 parish, E07
 * district, E06 unitary, E10 county, E23 police force area; W04/W06 in Wales). A community (Wales)
 * is a `parish` here: it plays the same part.
 */
export type AreaType = "parish" | "district" | "unitary" | "county" | "police";

export const AREA_TYPES: readonly AreaType[] = ["parish", "district", "unitary", "county", "police"];

export interface ChainArea {
  type: AreaType;
  /** ONS code, e.g. E04999001. */
  code: string;
  name: string;
}

/**
 * Every area a point is in, as MapIt answers a point: the parish if any, the district or unitary
 * (`local`), the county if the area is two-tier, and any other layer the data holds (police force
 * area). A point in no district or unitary the data holds has no `local`: it is outside.
 */
export interface AreaChain {
  parish?: ChainArea;
  /** The district (two-tier) or the unitary authority. */
  local?: ChainArea;
  county?: ChainArea;
  police?: ChainArea;
}

/** Point → area chain, in one look-up. */
export interface AreaLocator {
  locate(point: LngLat): AreaChain;
}

/** The chain's areas, most local first (parish, district or unitary, county, police). */
export function chainAreas(chain: AreaChain): ChainArea[] {
  return [chain.parish, chain.local, chain.county, chain.police].filter(
    (a): a is ChainArea => a !== undefined,
  );
}
