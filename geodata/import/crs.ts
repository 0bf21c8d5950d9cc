import type { Position } from "geojson";
import proj4 from "proj4";

/** The coordinate systems boundary files arrive in: WGS84 longitude/latitude, or British National Grid. */
export type CrsName = "EPSG:4326" | "EPSG:27700";

/**
 * OSGB36 / British National Grid with the published 7-parameter Helmert shift to WGS84. That is good
 * to a few metres; OS's OSTN15 grid is exact but needs a grid file proj4 does not ship. Boundaries
 * moved by a few metres stay consistent with each other, because every shared vertex moves alike.
 */
proj4.defs(
  "EPSG:27700",
  "+proj=tmerc +lat_0=49 +lon_0=-2 +k=0.9996012717 +x_0=400000 +y_0=-100000 +ellps=airy " +
    "+towgs84=446.448,-125.157,542.06,0.15,0.247,0.842,-20.489 +units=m +no_defs",
);

export function parseCrs(text: string): CrsName {
  const match = /^(?:EPSG:)?(4326|27700)$/i.exec(text.trim());
  if (!match) throw new Error(`unsupported CRS "${text}": use EPSG:4326 or EPSG:27700`);
  return `EPSG:${match[1]}` as CrsName;
}

/** From a GeoJSON `crs` member (RFC 7946 dropped it, but ONS and GDAL still write it). */
export function crsOfGeoJson(member: unknown): CrsName | undefined {
  const name = (member as { properties?: { name?: unknown } } | undefined)?.properties?.name;
  if (typeof name !== "string") return undefined;
  if (/CRS84$|EPSG:{1,2}4326$/i.test(name)) return "EPSG:4326";
  if (/EPSG:{1,2}27700$/i.test(name)) return "EPSG:27700";
  throw new Error(`unsupported CRS "${name}": use EPSG:4326 or EPSG:27700, or say which with --crs`);
}

/** From a shapefile's .prj (ESRI WKT). */
export function crsOfPrj(wkt: string): CrsName {
  if (/British_National_Grid|OSGB[ _]?1936|OSGB36/i.test(wkt)) return "EPSG:27700";
  if (!/^\s*PROJCS/i.test(wkt) && /WGS[ _]?(19)?84/i.test(wkt)) return "EPSG:4326";
  throw new Error(`unsupported projection in .prj: ${wkt.slice(0, 80)}…; say which with --crs`);
}

/** Position → [longitude, latitude]; the identity for EPSG:4326. */
export function toLngLat(crs: CrsName): (position: Position) => Position {
  if (crs === "EPSG:4326") return (position) => position;
  const projection = proj4("EPSG:27700", "EPSG:4326");
  return (position) => projection.forward([position[0] as number, position[1] as number]);
}

/** [longitude, latitude] → a position in the given system. */
export function fromLngLat(crs: CrsName): (position: Position) => Position {
  if (crs === "EPSG:4326") return (position) => position;
  const projection = proj4("EPSG:27700", "EPSG:4326");
  return (position) => projection.inverse([position[0] as number, position[1] as number]);
}
