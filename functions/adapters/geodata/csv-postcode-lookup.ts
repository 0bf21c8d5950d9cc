import { readFile } from "node:fs/promises";
import type { LngLat } from "#core/geo.js";
import { normalisePostcode } from "#core/input/postcode.js";
import type { PostcodeLookup } from "#core/ports/postcode-lookup.js";

/** Postcode centroids from a CSV with `postcode`, `lat` and `lng` columns, held in memory. */
export class CsvPostcodeLookup implements PostcodeLookup {
  private constructor(private readonly centroids: ReadonlyMap<string, LngLat>) {}

  static async fromFile(path: string): Promise<CsvPostcodeLookup> {
    const [header, ...rows] = (await readFile(path, "utf8")).split(/\r?\n/).filter((l) => l.trim() !== "");
    const columns = (header ?? "").split(",").map((c) => c.trim().toLowerCase());
    const [pc, lat, lng] = ["postcode", "lat", "lng"].map((c) => columns.indexOf(c));
    if (pc === undefined || lat === undefined || lng === undefined || [pc, lat, lng].includes(-1)) {
      throw new Error(`${path}: needs postcode, lat and lng columns`);
    }
    const centroids = new Map<string, LngLat>();
    for (const row of rows) {
      const cells = row.split(",");
      const postcode = normalisePostcode(cells[pc] ?? "");
      const point = { lat: Number(cells[lat]), lng: Number(cells[lng]) };
      if (postcode && Number.isFinite(point.lat) && Number.isFinite(point.lng))
        centroids.set(postcode, point);
    }
    return new CsvPostcodeLookup(centroids);
  }

  async lookup(postcode: string): Promise<LngLat | undefined> {
    const key = normalisePostcode(postcode);
    return key ? this.centroids.get(key) : undefined;
  }
}
