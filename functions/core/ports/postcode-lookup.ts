import type { LngLat } from "../geo.js";

export interface PostcodeLookup {
  /** The centroid of a normalised postcode (e.g. "ZX1 2AB"), or undefined when unknown. */
  lookup(postcode: string): Promise<LngLat | undefined>;
}
