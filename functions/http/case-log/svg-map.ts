import type { LngLat } from "#core/geo.js";
import type { BoundaryIndex } from "#core/spatial/boundary-index.js";
import type { PackedPolygons } from "#core/spatial/packed-polygons.js";

const WIDTH = 400;
const HEIGHT = 300;
const PAD = 12;

/**
 * An inline SVG of the area a case's point fell in (its parish, or the district where unparished)
 * with the point marked: drawn here from the boundary data, so no tile server and nothing from
 * another host. Vertices closer than half a pixel are dropped, so a detailed coastline stays small.
 * Only numbers from the data and the (escaped) area name reach the markup.
 */
export function caseMapSvg(
  boundaries: BoundaryIndex,
  areaCode: string,
  point: LngLat,
  areaName: string,
): string | undefined {
  const packed = boundaries.toPacked();
  let shapes: PackedPolygons;
  let area: number;
  if (packed.district.code === areaCode) {
    shapes = packed.districtShape;
    area = 0;
  } else {
    area = packed.parishes.findIndex((p) => p.code === areaCode);
    if (area < 0) return undefined;
    shapes = packed.parishShapes;
  }
  const rings = ringsOf(shapes, area);
  if (rings.length === 0) return undefined;

  // Equirectangular, scaled by cos(latitude) so shapes keep their proportions at this size.
  let minX = point.lng;
  let maxX = point.lng;
  let minY = point.lat;
  let maxY = point.lat;
  for (const ring of rings) {
    for (let i = 0; i < ring.length; i += 2) {
      minX = Math.min(minX, ring[i] as number);
      maxX = Math.max(maxX, ring[i] as number);
      minY = Math.min(minY, ring[i + 1] as number);
      maxY = Math.max(maxY, ring[i + 1] as number);
    }
  }
  const k = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxX - minX) * k, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((WIDTH - 2 * PAD) / spanX, (HEIGHT - 2 * PAD) / spanY);
  const offX = (WIDTH - spanX * scale) / 2;
  const offY = (HEIGHT - spanY * scale) / 2;
  const project = (x: number, y: number): [number, number] => [
    offX + (x - minX) * k * scale,
    HEIGHT - (offY + (y - minY) * scale),
  ];

  const path = rings
    .map((ring) => {
      const out: string[] = [];
      let last: [number, number] | undefined;
      for (let i = 0; i < ring.length; i += 2) {
        const p = project(ring[i] as number, ring[i + 1] as number);
        if (last && Math.hypot(p[0] - last[0], p[1] - last[1]) < 0.5 && i + 2 < ring.length) continue;
        out.push(`${out.length === 0 ? "M" : "L"}${p[0].toFixed(1)} ${p[1].toFixed(1)}`);
        last = p;
      }
      return `${out.join("")}Z`;
    })
    .join("");
  const [px, py] = project(point.lng, point.lat);
  const label = escapeXml(`Map of ${areaName} with the reported point marked`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-labelledby="case-map-title" class="case-map">`,
    `<title id="case-map-title">${label}</title>`,
    `<path d="${path}" fill="#f3f2f1" stroke="#0b0c0c" stroke-width="1.5" fill-rule="evenodd"/>`,
    `<circle cx="${px.toFixed(1)}" cy="${py.toFixed(1)}" r="7" fill="#d4351c" stroke="#ffffff" stroke-width="2"/>`,
    `</svg>`,
  ].join("");
}

/** Each ring of an area as flat [x0, y0, x1, y1, …] coordinates. */
function ringsOf(shapes: PackedPolygons, area: number): Float64Array[] {
  const rings: Float64Array[] = [];
  const firstPart = shapes.areaParts[area] ?? 0;
  const endPart = shapes.areaParts[area + 1] ?? firstPart;
  for (let part = firstPart; part < endPart; part++) {
    for (let ring = shapes.partRings[part] ?? 0; ring < (shapes.partRings[part + 1] ?? 0); ring++) {
      const from = shapes.ringVertices[ring] ?? 0;
      const to = shapes.ringVertices[ring + 1] ?? from;
      rings.push(shapes.coords.subarray(from * 2, to * 2));
    }
  }
  return rings;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
