/** A WGS84 point. Longitude first in GeoJSON arrays, but named fields here to avoid mix-ups. */
export interface LngLat {
  lng: number;
  lat: number;
}
