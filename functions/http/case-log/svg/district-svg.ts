import type { CaseStatus } from "#core/case/case.js";
import type { LngLat } from "#core/geo.js";
import type { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { escapeXml } from "./escape.js";
import { areaCount, ringsOf } from "./geometry.js";
import { labelText, type PlacedLabel, placeLabel } from "./labels.js";
import { fitProjection, pathData, projectRings } from "./projection.js";
import { scaleBar } from "./scale-bar.js";
import { statusMark } from "./status-marks.js";

const WIDTH = 560;

/**
 * The whole district: parish outlines with the names that fit inside them, the district edge, a
 * scale bar and one mark per case, shaped and coloured by status. Names too long for their parish
 * are left off (the table under the map lists every parish). Only numbers and escaped names reach
 * the markup.
 */
export function districtMapSvg(
  boundaries: BoundaryIndex,
  points: ReadonlyArray<LngLat & { status: CaseStatus }>,
  words: { title: string; description: string },
): string {
  const packed = boundaries.toPacked();
  const districtRings = ringsOf(packed.districtShape, 0);
  const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const ring of districtRings) {
    for (let i = 0; i < ring.length; i += 2) {
      box.minX = Math.min(box.minX, ring[i] as number);
      box.maxX = Math.max(box.maxX, ring[i] as number);
      box.minY = Math.min(box.minY, ring[i + 1] as number);
      box.maxY = Math.max(box.maxY, ring[i + 1] as number);
    }
  }
  const projection = fitProjection(box, { width: WIDTH, pad: 16, minHeight: 280, maxHeight: 600 });
  const districtPixels = projectRings(districtRings, projection);
  const parishPixels = Array.from({ length: areaCount(packed.parishShapes) }, (_, p) =>
    projectRings(ringsOf(packed.parishShapes, p), projection),
  );
  const reserved: PlacedLabel = {
    text: "",
    x: 0,
    y: 0,
    size: 0,
    box: { x0: 0, y0: projection.height - 40, x1: WIDTH / 4 + 24, y1: projection.height },
  };
  const labels: PlacedLabel[] = [];
  parishPixels.forEach((rings, p) => {
    const label = placeLabel(
      packed.parishes[p]?.name ?? "",
      rings,
      projection,
      [reserved, ...labels],
      [13, 11],
    );
    if (label) labels.push(label);
  });
  // Newest on top within a status; open cases over closed ones, so what needs doing shows.
  const order: Record<CaseStatus, number> = { closed: 0, "in-progress": 1, new: 2 };
  const marks = [...points]
    .reverse()
    .sort((a, b) => order[a.status] - order[b.status])
    .map((pt) => {
      const [x, y] = projection.project(pt.lng, pt.lat);
      return statusMark(pt.status, x, y);
    });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${projection.height}" width="100%" role="img" aria-labelledby="district-map-title district-map-desc" class="district-map">`,
    `<title id="district-map-title">${escapeXml(words.title)}</title>`,
    `<desc id="district-map-desc">${escapeXml(words.description)}</desc>`,
    `<defs><path id="district-map-edge" d="${pathData(districtPixels)}" fill-rule="evenodd"/></defs>`,
    `<use href="#district-map-edge" fill="#ffffff"/>`,
    ...parishPixels.map(
      (rings) =>
        `<path d="${pathData(rings)}" fill="#f3f2f1" stroke="#6f777b" stroke-width="1" fill-rule="evenodd"/>`,
    ),
    `<use href="#district-map-edge" fill="none" stroke="#0b0c0c" stroke-width="2.5" stroke-dasharray="8 4"/>`,
    ...labels.map((l) => labelText(l)),
    `<g class="cases">${marks.join("")}</g>`,
    scaleBar(projection.metresPerPixel, projection),
    `</svg>`,
  ].join("");
}
