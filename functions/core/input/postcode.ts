import type { LngLat } from "../geo.js";
import type { PostcodeLookup } from "../ports/postcode-lookup.js";

/**
 * UK postcode syntax (the ONS/Royal Mail outward + inward pattern). This checks shape only; whether
 * the postcode exists is the postcode look-up's job.
 */
const POSTCODE = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;

/** "zx12ab" → "ZX1 2AB"; undefined when it is not a postcode. */
export function normalisePostcode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/\s+/g, "");
  const match = POSTCODE.exec(compact);
  return match ? `${match[1]} ${match[2]}` : undefined;
}

/** "ZX2 1AB" → "ZX2 1": the postcode sector, the outward code and the inward code's first digit. */
export function postcodeSector(postcode: string): string {
  return postcode.slice(0, postcode.indexOf(" ") + 2);
}

/**
 * Where a well-formed postcode is, by the district's postcode table, which holds only the district's
 * own postcodes. A postcode missing from it is outside when nothing in its sector is the district's
 * (SW1A 1AA for a district in Devon); one in a sector the district has is only unknown to us (a
 * brand-new postcode, a typing slip), so the resident is asked again, not turned away.
 */
export type PostcodePlace =
  { kind: "found"; point: LngLat } | { kind: "outside" } | { kind: "unknown"; sector: string };

export async function placePostcode(postcodes: PostcodeLookup, postcode: string): Promise<PostcodePlace> {
  const point = await postcodes.lookup(postcode);
  if (point) return { kind: "found", point };
  const sector = postcodeSector(postcode);
  // Without a prefix search the table cannot say whose a sector is: never guess "outside".
  if (!postcodes.search) return { kind: "unknown", sector };
  const neighbours = await postcodes.search(sector, 1);
  return neighbours.length > 0 ? { kind: "unknown", sector } : { kind: "outside" };
}
