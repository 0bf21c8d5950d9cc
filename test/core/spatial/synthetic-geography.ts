/**
 * A small two-tier-and-unitary geography of squares for the chain tests: districts Alpha (E07000002)
 * and Beta (E07000001) share the edge x = 10, each in its own county; the unitary Uni (E06000001)
 * sits east of them; one police force area covers all three.
 */
import type { Boundary } from "#core/spatial/boundary-index.js";
import type { LocalBoundary } from "#core/spatial/pack-geography.js";

export const square = (x0: number, y0: number, x1: number, y1: number): number[][] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

const area = (code: string, name: string, ...box: [number, number, number, number]): Boundary => ({
  code,
  name,
  geometry: { type: "Polygon", coordinates: [square(...box)] },
});

export const locals: LocalBoundary[] = [
  { ...area("E07000002", "Alpha", 0, 0, 10, 10), type: "district" },
  { ...area("E07000001", "Beta", 10, 0, 20, 10), type: "district" },
  { ...area("E06000001", "Uni", 20, 0, 30, 10), type: "unitary" },
];

/** Alpha: Low (0–5 × 0–5) and East (5–10), the rest unparished; Beta: Westbeta (10–15); Uni: Harbour. */
export const parishes: Boundary[] = [
  area("E04000011", "Low", 0, 0, 5, 5),
  area("E04000012", "East", 5, 0, 10, 10),
  area("E04000021", "Westbeta", 10, 0, 15, 10),
  area("E04000031", "Harbour", 25, 0, 30, 5),
];

export const counties: Boundary[] = [
  area("E10000001", "Alphashire", 0, 0, 10, 10),
  area("E10000002", "Betashire", 10, 0, 20, 10),
];

export const police: Boundary[] = [area("E23000001", "Threeforce", 0, 0, 30, 10)];

/** As `packGeography` takes them. */
export const sourced = <T extends Boundary>(layer: readonly T[], file: string) =>
  layer.map((boundary, i) => ({ boundary, where: `${file} features[${i}]` }));
