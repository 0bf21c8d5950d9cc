import type { Boundary } from "#core/spatial/boundary-index.js";

/**
 * A FeatureCollection of boundaries as text, in the one format every geodata folder uses: one
 * feature per line (so a diff points at the features that changed), properties `code` and `name`
 * (and `type` for a district or unitary) only, and an optional top-level `name` saying what the collection is.
 */
export function boundariesText(
  title: string | undefined,
  boundaries: readonly (Boundary & { type?: string })[],
): string {
  const lines = boundaries.map(({ code, name, type, geometry }) =>
    JSON.stringify({ type: "Feature", properties: { code, name, ...(type ? { type } : {}) }, geometry }),
  );
  const named = title === undefined ? "" : `"name":${JSON.stringify(title)},`;
  return `{"type":"FeatureCollection",${named}"features":[\n${lines.join(",\n")}\n]}\n`;
}
