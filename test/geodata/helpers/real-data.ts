/**
 * The real ONS/OS data kept as test fixtures (test/fixtures/geodata-real, Open Government Licence;
 * see its README for sources and attribution), plus a naive Turf reference to check the index against.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from "geojson";

export const REAL_DIR = join(import.meta.dirname, "../../fixtures/geodata-real");
export const TRAFFORD = join(REAL_DIR, "trafford_E08000009");
export const BUCKS = join(REAL_DIR, "buckinghamshire_boundaryline_sample");

export type PolygonFeature = Feature<Polygon | MultiPolygon, Record<string, unknown>>;

export function readCollection(
  path: string,
): FeatureCollection<Polygon | MultiPolygon, Record<string, unknown>> {
  return JSON.parse(readFileSync(path, "utf8")) as FeatureCollection<
    Polygon | MultiPolygon,
    Record<string, unknown>
  >;
}

export interface RawPostcode {
  postcode: string;
  lng: number;
  lat: number;
}

/** Trafford's ONSPD extract: postcode first, lon and lat last (quoted cells sit in between). */
export function traffordPostcodes(): RawPostcode[] {
  const [, ...lines] = readFileSync(join(TRAFFORD, "postcodes_onspd_feb2025.csv"), "utf8").trim().split("\n");
  return lines.map((line) => {
    const cells = line.split(",");
    return { postcode: cells[0] as string, lng: Number(cells.at(-2)), lat: Number(cells.at(-1)) };
  });
}

/** NSPL extracts `Postcode,lat,long`, skipping rows without coordinates. */
export function nsplPostcodes(file: string): RawPostcode[] {
  const [, ...lines] = readFileSync(join(BUCKS, file), "utf8").trim().split("\n");
  return lines
    .map((line) => line.split(","))
    .filter(([, lat, lng]) => lat?.trim() && lng?.trim())
    .map(([postcode, lat, lng]) => ({ postcode: postcode as string, lat: Number(lat), lng: Number(lng) }));
}

/**
 * The reference answer: Turf against the raw district polygon, then against every raw parish in code
 * order (a bounding-box check first only to keep the scan quick; it cannot change the answer).
 */
export function naiveLocator(
  district: PolygonFeature | undefined,
  parishes: PolygonFeature[],
  codeOf: (f: PolygonFeature) => string,
) {
  const sorted = [...parishes]
    .sort((a, b) => (codeOf(a) < codeOf(b) ? -1 : 1))
    .map((feature) => ({ feature, box: boxOf(feature) }));
  return (point: Position): string => {
    if (district && !booleanPointInPolygon(point, district)) return "outside";
    const [x, y] = point as [number, number];
    const hit = sorted.find(
      ({ feature, box }) =>
        x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3] && booleanPointInPolygon(point, feature),
    );
    return hit ? codeOf(hit.feature) : "unparished";
  };
}

function boxOf(feature: PolygonFeature): [number, number, number, number] {
  const geometry = feature.geometry;
  const positions = (geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates).flat(2);
  const xs = positions.map((p) => p[0] as number);
  const ys = positions.map((p) => p[1] as number);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}
