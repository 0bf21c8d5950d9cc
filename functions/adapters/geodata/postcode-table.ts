import type { LngLat } from "#core/geo.js";
import { postcodeFromKey, postcodeKey, postcodeKeyRange } from "./postcode-key.js";

/**
 * Postcode centroids as two typed arrays: keys (see `postcodeKey`) in ascending order, and
 * longitude/latitude pairs in the same order. A look-up is a binary search; loading from a file is
 * two array views. Coordinates are float64, so values come back exactly as they were read.
 */
export class PostcodeTable {
  constructor(
    readonly keys: Float64Array,
    readonly coords: Float64Array,
  ) {
    if (coords.length !== keys.length * 2) throw new Error("a postcode table needs two coordinates per key");
    for (let i = 1; i < keys.length; i++) {
      if (!((keys[i - 1] as number) < (keys[i] as number)))
        throw new Error("postcode table keys must be sorted and unique");
    }
  }

  /** Rows whose postcode is not a postcode are refused; a repeated postcode keeps its first row. */
  static fromEntries(entries: Iterable<readonly [postcode: string, point: LngLat]>): PostcodeTable {
    const rows = new Map<number, LngLat>();
    for (const [postcode, point] of entries) {
      const key = postcodeKey(postcode);
      if (key === undefined) throw new Error(`not a postcode: ${JSON.stringify(postcode)}`);
      if (!rows.has(key)) rows.set(key, point);
    }
    const sorted = [...rows.keys()].sort((a, b) => a - b);
    const coords = new Float64Array(sorted.length * 2);
    sorted.forEach((key, i) => {
      const point = rows.get(key) as LngLat;
      coords[2 * i] = point.lng;
      coords[2 * i + 1] = point.lat;
    });
    return new PostcodeTable(Float64Array.from(sorted), coords);
  }

  get size(): number {
    return this.keys.length;
  }

  /** Any spacing or case ("m154ab", "M15 4AB"). */
  get(postcode: string): LngLat | undefined {
    const key = postcodeKey(postcode);
    if (key === undefined) return undefined;
    let low = 0;
    let high = this.keys.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const found = this.keys[mid] as number;
      if (found === key)
        return { lng: this.coords[2 * mid] as number, lat: this.coords[2 * mid + 1] as number };
      if (found < key) low = mid + 1;
      else high = mid - 1;
    }
    return undefined;
  }

  /** Postcodes starting with a partial one ("ZX2", "ZX2 1"), in order, at most `limit`. */
  startingWith(partial: string, limit: number): Array<{ postcode: string; point: LngLat }> {
    const range = postcodeKeyRange(partial);
    if (!range) return [];
    let low = 0;
    let high = this.keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.keys[mid] as number) < range.from) low = mid + 1;
      else high = mid;
    }
    const found: Array<{ postcode: string; point: LngLat }> = [];
    for (let i = low; i < this.keys.length && found.length < limit; i++) {
      const key = this.keys[i] as number;
      if (key > range.to) break;
      found.push({
        postcode: postcodeFromKey(key),
        point: { lng: this.coords[2 * i] as number, lat: this.coords[2 * i + 1] as number },
      });
    }
    return found;
  }
}
