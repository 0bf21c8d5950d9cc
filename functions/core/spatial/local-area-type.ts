import type { AreaType } from "../areas/area-chain.js";

export type LocalAreaType = Extract<AreaType, "district" | "unitary">;

/**
 * ONS prefixes of single-tier councils: unitaries (E06, W06), metropolitan boroughs (E08), London
 * boroughs (E09), Scottish councils (S12) and Northern Irish districts (N09), each its own highway
 * authority (or as near as the chain needs), so a `unitary` in the chain.
 */
const UNITARY = /^(E06|W06|E08|E09|S12|N09)\d{6}$/;
const DISTRICT = /^E07\d{6}$/;

/**
 * Whether a local area is a district (two-tier) or a unitary: its `type` property when it has one,
 * else its ONS prefix. Undefined when neither says.
 */
export function localAreaType(code: string, type?: unknown): LocalAreaType | undefined {
  if (type === "district" || type === "unitary") return type;
  if (type !== undefined) return undefined;
  return DISTRICT.test(code) ? "district" : UNITARY.test(code) ? "unitary" : undefined;
}

/** Counties (E10) and police force areas (E23 in England, W15 in Wales). */
const COUNTY = /^E10\d{6}$/;
const POLICE = /^(E23|W15)\d{6}$/;

/**
 * The layer an ONS code of a whole area belongs in: district or unitary (as `localAreaType`),
 * county or police force area. Undefined for any other code (a parish's E04/W04 among them).
 */
export function wholeAreaTypeOf(code: string): Exclude<AreaType, "parish"> | undefined {
  return localAreaType(code) ?? (COUNTY.test(code) ? "county" : POLICE.test(code) ? "police" : undefined);
}
