import type { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { loadGeography } from "./load-geography.js";

/**
 * The parish look-up of one district or unitary of a geodata folder: `localCode`'s, or without it
 * the first in district.geojson (the default council's). For callers that serve one district; the
 * whole chain is `loadGeography`'s.
 */
export async function loadBoundaryIndex(dir: string, localCode?: string): Promise<BoundaryIndex> {
  const geography = await loadGeography(dir);
  const code = localCode ?? geography.localAreas[0]?.code ?? "";
  const index = geography.parishIndex(code);
  if (!index) throw new Error(`${dir} has no district or unitary ${code}`);
  return index;
}
