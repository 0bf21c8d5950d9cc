import { escapeXml, n } from "./escape.js";
import { segmentDistance } from "./geometry.js";
import type { Pixel } from "./projection.js";

/** A placed label: its middle, and the box its text takes (for keeping labels apart). */
export interface PlacedLabel {
  text: string;
  x: number;
  y: number;
  size: number;
  box: Box;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Arial's average character is a little over half its size wide; a margin keeps estimates safe. */
const CHAR_WIDTH = 0.56;
const GRID = 24;

/**
 * Where a name fits inside an area: candidate points on a grid over the area's visible box, best
 * first by clearance (distance to the nearest edge, as a pole of inaccessibility would be found),
 * and the first whose whole text box lies inside the area, inside the drawing and clear of labels
 * already placed. Tries the smaller size if the larger does not fit; undefined if neither does (a
 * small parish is then named only in the text alternative).
 */
export function placeLabel(
  text: string,
  rings: readonly Pixel[][],
  drawing: { width: number; height: number },
  placed: readonly PlacedLabel[],
  sizes: readonly number[] = [14, 11],
): PlacedLabel | undefined {
  if (rings.length === 0) return undefined;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const ring of rings) {
    for (const [x, y] of ring) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  x0 = Math.max(x0, 0);
  y0 = Math.max(y0, 0);
  x1 = Math.min(x1, drawing.width);
  y1 = Math.min(y1, drawing.height);
  if (x1 <= x0 || y1 <= y0) return undefined;

  const candidates: Array<{ x: number; y: number; clearance: number }> = [];
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < GRID; j++) {
      const x = x0 + ((i + 0.5) * (x1 - x0)) / GRID;
      const y = y0 + ((j + 0.5) * (y1 - y0)) / GRID;
      if (!insideRings(rings, x, y)) continue;
      candidates.push({ x, y, clearance: clearance(rings, x, y) });
    }
  }
  candidates.sort((a, b) => b.clearance - a.clearance);

  for (const size of sizes) {
    const halfW = (text.length * size * CHAR_WIDTH) / 2;
    const halfH = size * 0.6;
    for (const c of candidates) {
      if (c.clearance < halfH) break;
      const box = { x0: c.x - halfW, y0: c.y - halfH, x1: c.x + halfW, y1: c.y + halfH };
      if (box.x0 < 0 || box.y0 < 0 || box.x1 > drawing.width || box.y1 > drawing.height) continue;
      if (!boxInside(rings, box)) continue;
      if (placed.some((p) => overlaps(p.box, box))) continue;
      return { text, x: c.x, y: c.y, size, box };
    }
  }
  return undefined;
}

/** Even-odd point in polygon over all rings (holes and islands alike). */
export function insideRings(rings: readonly Pixel[][], x: number, y: number): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i] as Pixel;
      const [xj, yj] = ring[j] as Pixel;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function clearance(rings: readonly Pixel[][], x: number, y: number): number {
  let best = Infinity;
  for (const ring of rings) {
    for (let i = 1; i < ring.length; i++) {
      const [ax, ay] = ring[i - 1] as Pixel;
      const [bx, by] = ring[i] as Pixel;
      best = Math.min(best, segmentDistance(x, y, ax, ay, bx, by));
    }
  }
  return best;
}

/** The box's corners and edge midpoints are inside, and no ring edge crosses into it. */
function boxInside(rings: readonly Pixel[][], box: Box): boolean {
  const mx = (box.x0 + box.x1) / 2;
  const my = (box.y0 + box.y1) / 2;
  const probes: Pixel[] = [
    [box.x0, box.y0],
    [box.x1, box.y0],
    [box.x0, box.y1],
    [box.x1, box.y1],
    [mx, box.y0],
    [mx, box.y1],
    [box.x0, my],
    [box.x1, my],
  ];
  if (!probes.every(([x, y]) => insideRings(rings, x, y))) return false;
  for (const ring of rings) {
    for (const [x, y] of ring) if (x > box.x0 && x < box.x1 && y > box.y0 && y < box.y1) return false;
  }
  return true;
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** A name with a white halo, so it reads over any outline. */
export function labelText(label: PlacedLabel, bold = false): string {
  const weight = bold ? ` font-weight="bold"` : "";
  return `<text x="${n(label.x)}" y="${n(label.y)}" font-size="${label.size}" font-family="Arial, sans-serif"${weight} text-anchor="middle" dominant-baseline="central" fill="#0b0c0c" stroke="#ffffff" stroke-width="3" paint-order="stroke">${escapeXml(label.text)}</text>`;
}
