/** A WGS84 point. Longitude first in GeoJSON arrays, but named fields here to avoid mix-ups. */
export interface LngLat {
  lng: number;
  lat: number;
}

const EARTH_RADIUS_METRES = 6_371_008.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/**
 * The great-circle distance between two points in metres (haversine, on the mean Earth radius):
 * within a few metres in a kilometre, plenty for "the same place" at tens of metres.
 */
export function distanceMetres(a: LngLat, b: LngLat): number {
  const dLat = radians(b.lat - a.lat);
  const dLng = radians(b.lng - a.lng);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}
