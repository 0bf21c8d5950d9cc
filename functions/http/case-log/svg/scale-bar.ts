import { n } from "./escape.js";

/** A round ground length (1, 2 or 5 times a power of ten metres) at most `maxPixels` long. */
export function scaleBarLength(
  metresPerPixel: number,
  maxPixels: number,
): { metres: number; pixels: number } {
  const most = metresPerPixel * maxPixels;
  const power = 10 ** Math.floor(Math.log10(most));
  const step = [5, 2, 1].find((s) => s * power <= most) ?? 1;
  const metres = step * power;
  return { metres, pixels: metres / metresPerPixel };
}

/** "500 m", "2 km", "1.5 km". */
export function distanceWords(metres: number): string {
  if (metres < 1000) return `${Math.round(metres)} m`;
  const km = metres / 1000;
  return `${km >= 10 ? Math.round(km) : Number(km.toFixed(1))} km`;
}

/** A scale bar in the drawing's bottom-left corner, its length in words above it. */
export function scaleBar(metresPerPixel: number, drawing: { width: number; height: number }): string {
  const { metres, pixels } = scaleBarLength(metresPerPixel, drawing.width / 4);
  const x = 12;
  const y = drawing.height - 12;
  return [
    `<g class="scale-bar">`,
    `<rect x="${x - 4}" y="${y - 24}" width="${n(pixels + 8)}" height="30" fill="#ffffff" opacity="0.85"/>`,
    `<path d="M${x} ${y - 6}V${y}H${n(x + pixels)}V${y - 6}" fill="none" stroke="#0b0c0c" stroke-width="2"/>`,
    `<text x="${x}" y="${y - 9}" font-size="12" font-family="Arial, sans-serif" fill="#0b0c0c">${distanceWords(metres)}</text>`,
    `</g>`,
  ].join("");
}
