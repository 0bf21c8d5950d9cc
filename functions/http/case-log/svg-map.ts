import type { LngLat } from "#core/geo.js";
import type { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { escapeXml, n } from "./svg/escape.js";
import {
  areaBox,
  areaCount,
  boxesMeet,
  distanceToRingsM,
  type LngLatBox,
  METRES_PER_DEGREE,
  ringsOf,
} from "./svg/geometry.js";
import { labelText, type PlacedLabel, placeLabel } from "./svg/labels.js";
import { fitProjection, pathData, type Pixel, projectRings } from "./svg/projection.js";
import { distanceWords, scaleBar } from "./svg/scale-bar.js";

const WIDTH = 560;
const PAD = 16;
/** However small the area, the map shows at least this much ground around the point. */
const MIN_SPAN_M = 800;
/** Around an unparished point, this much ground each way. */
const UNPARISHED_SPAN_M = 5000;

/** The case page's map and the words that say what it shows. */
export interface CaseMap {
  svg: string;
  /** The text alternative: where the point is, how far from the edge, which parishes are near. */
  description: string;
  /** The parishes drawn around the area, by name. */
  neighbours: string[];
}

/**
 * An inline SVG of the area a case's point fell in (its parish, or the district where unparished)
 * and the parishes around it, with names, the district edge, a scale bar and the point: drawn
 * here from the boundary data, so no tile server and nothing from another host. Vertices closer
 * than half a pixel are dropped, so a detailed coastline stays small. Only numbers and escaped
 * names reach the markup. Undefined for an area the boundaries do not hold.
 */
export function caseMapSvg(boundaries: BoundaryIndex, areaCode: string, point: LngLat): CaseMap | undefined {
  const packed = boundaries.toPacked();
  const isDistrict = packed.district.code === areaCode;
  const areaIndex = isDistrict ? 0 : packed.parishes.findIndex((p) => p.code === areaCode);
  if (areaIndex < 0) return undefined;
  const areaShapes = isDistrict ? packed.districtShape : packed.parishShapes;
  const areaRings = ringsOf(areaShapes, areaIndex);
  if (areaRings.length === 0) return undefined;
  const areaName = isDistrict ? packed.district.name : (packed.parishes[areaIndex]?.name ?? areaCode);

  // An unparished point is shown in its neighbourhood, not in the whole district.
  const box = isDistrict
    ? around(point, UNPARISHED_SPAN_M)
    : withMargin(areaBox(areaShapes, areaIndex), point);
  const projection = fitProjection(box, {
    width: WIDTH,
    pad: PAD,
    minHeight: 280,
    maxHeight: 480,
  });
  // Parishes whose boxes meet the view, kept if some of their outline is in the drawing.
  const neighbours: Array<{ name: string; rings: ReturnType<typeof ringsOf>; pixels: Pixel[][] }> = [];
  for (let p = 0; p < areaCount(packed.parishShapes); p++) {
    if (!isDistrict && p === areaIndex) continue;
    if (!boxesMeet(areaBox(packed.parishShapes, p), projection.view)) continue;
    const rings = ringsOf(packed.parishShapes, p);
    const pixels = projectRings(rings, projection);
    if (pixels.some((ring) => ring.some(([x, y]) => x > 0 && y > 0 && x < WIDTH && y < projection.height))) {
      neighbours.push({ name: packed.parishes[p]?.name ?? "", rings, pixels });
    }
  }

  const areaPixels = projectRings(areaRings, projection);
  const districtPixels = projectRings(ringsOf(packed.districtShape, 0), projection);
  const neighbourPixels = neighbours.map((nb) => nb.pixels);
  const [px, py] = projection.project(point.lng, point.lat);
  // The point and the scale bar are kept clear of names.
  const reserved: PlacedLabel[] = [
    reserve(px - 11, py - 11, px + 11, py + 11),
    reserve(0, projection.height - 40, WIDTH / 4 + 24, projection.height),
  ];
  const labels: PlacedLabel[] = [];
  const taken = () => [...reserved, ...labels];
  // The case's own area is named first, so it gets the best place.
  if (!isDistrict) {
    const own = placeLabel(areaName, areaPixels, projection, taken(), [16, 13, 11]);
    if (own) labels.push(own);
  }
  neighbours.forEach((nb, i) => {
    const label = placeLabel(nb.name, neighbourPixels[i] ?? [], projection, taken());
    if (label) labels.push(label);
  });
  const description = describe(point, areaName, isDistrict, areaRings, neighbours);

  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${projection.height}" width="100%" role="img" aria-labelledby="case-map-title" class="case-map">`,
    `<title id="case-map-title">${escapeXml(`Map of ${areaName} and the parishes around it, with the reported point marked`)}</title>`,
    `<desc id="case-map-desc">${escapeXml(description)}</desc>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<defs><path id="case-map-district" d="${pathData(districtPixels)}" fill-rule="evenodd"/></defs>`,
    `<use href="#case-map-district" fill="#ffffff"/>`,
    ...neighbourPixels.map(
      (rings) =>
        `<path d="${pathData(rings)}" fill="#f3f2f1" stroke="#6f777b" stroke-width="1" fill-rule="evenodd"/>`,
    ),
    isDistrict
      ? ""
      : `<path d="${pathData(areaPixels)}" fill="#d2e2f1" stroke="#1d70b8" stroke-width="2.5" fill-rule="evenodd"/>`,
    `<use href="#case-map-district" fill="none" stroke="#0b0c0c" stroke-width="2.5" stroke-dasharray="8 4"/>`,
    ...labels.map((l, i) => labelText(l, !isDistrict && i === 0)),
    `<circle cx="${n(px)}" cy="${n(py)}" r="9" fill="#d4351c" stroke="#ffffff" stroke-width="3"/>`,
    `<circle cx="${n(px)}" cy="${n(py)}" r="2.5" fill="#ffffff"/>`,
    scaleBar(projection.metresPerPixel, projection),
    `</svg>`,
  ].join("");
  return { svg, description, neighbours: neighbours.map((nb) => nb.name) };
}

function reserve(x0: number, y0: number, x1: number, y1: number): PlacedLabel {
  return { text: "", x: (x0 + x1) / 2, y: (y0 + y1) / 2, size: 0, box: { x0, y0, x1, y1 } };
}

function around(point: LngLat, span: number): LngLatBox {
  const halfY = span / 2 / METRES_PER_DEGREE;
  const halfX = halfY / Math.cos((point.lat * Math.PI) / 180);
  return {
    minX: point.lng - halfX,
    maxX: point.lng + halfX,
    minY: point.lat - halfY,
    maxY: point.lat + halfY,
  };
}

function withMargin(box: LngLatBox, point: LngLat): LngLatBox {
  const b = {
    minX: Math.min(box.minX, point.lng),
    maxX: Math.max(box.maxX, point.lng),
    minY: Math.min(box.minY, point.lat),
    maxY: Math.max(box.maxY, point.lat),
  };
  const k = Math.cos((point.lat * Math.PI) / 180);
  const minSpanY = MIN_SPAN_M / METRES_PER_DEGREE;
  const padY = Math.max((b.maxY - b.minY) * 0.15, (minSpanY - (b.maxY - b.minY)) / 2);
  const padX = Math.max((b.maxX - b.minX) * 0.15, (minSpanY / k - (b.maxX - b.minX)) / 2);
  return { minX: b.minX - padX, maxX: b.maxX + padX, minY: b.minY - padY, maxY: b.maxY + padY };
}

/** "Reported point in Ashcombe, 340 m from its edge with Brackenfold." and the neighbours. */
function describe(
  point: LngLat,
  areaName: string,
  isDistrict: boolean,
  areaRings: ReturnType<typeof ringsOf>,
  neighbours: ReadonlyArray<{ name: string; rings: ReturnType<typeof ringsOf> }>,
): string {
  const nearest = neighbours
    .map((nb) => ({ name: nb.name, metres: distanceToRingsM(nb.rings, point.lng, point.lat) }))
    .sort((a, b) => a.metres - b.metres)[0];
  const where = `Latitude ${point.lat.toFixed(5)}, longitude ${point.lng.toFixed(5)}.`;
  const around =
    neighbours.length > 0 ? ` Parishes on the map: ${listWords(neighbours.map((nb) => nb.name))}.` : "";
  if (isDistrict) {
    const near = nearest ? `, ${distanceWords(nearest.metres)} from ${nearest.name}` : "";
    return `Reported point in an unparished part of ${areaName}${near}. ${where}${around}`;
  }
  const edge = distanceToRingsM(areaRings, point.lng, point.lat);
  // The nearest neighbour shares the nearest edge when it is about as far away as that edge.
  const shared = nearest && nearest.metres - edge <= Math.max(30, edge * 0.1) ? ` with ${nearest.name}` : "";
  return `Reported point in ${areaName}, ${distanceWords(edge)} from its edge${shared}. ${where}${around}`;
}

function listWords(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
