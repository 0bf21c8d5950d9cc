import type { LngLat } from "../geo.js";

export interface PostcodeLookup {
  /** The centroid of a normalised postcode (e.g. "ZX1 2AB"), or undefined when unknown. */
  lookup(postcode: string): Promise<LngLat | undefined>;
  /** Postcodes starting with a partial one ("ZX2", "ZX2 1"), sorted, at most `limit`. */
  search?(partial: string, limit: number): Promise<Array<{ postcode: string; point: LngLat }>>;
}
