import type { CaseStatus } from "#core/case/case.js";
import { n } from "./escape.js";

/**
 * How a case's status is drawn: a GOV.UK colour and a shape of its own, so the statuses differ
 * without colour too (WCAG 1.4.1). A dark outline keeps every mark at 3:1 against the map.
 */
export const STATUS_MARKS: Record<CaseStatus, { colour: string; shape: "circle" | "square" | "triangle" }> = {
  new: { colour: "#1d70b8", shape: "circle" },
  "in-progress": { colour: "#f47738", shape: "square" },
  closed: { colour: "#00703c", shape: "triangle" },
};

/** One mark centred at (x, y), `r` pixels from centre to edge. */
export function statusMark(status: CaseStatus, x: number, y: number, r = 5): string {
  const { colour, shape } = STATUS_MARKS[status];
  const style = `fill="${colour}" stroke="#0b0c0c" stroke-width="1"`;
  if (shape === "circle") return `<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" ${style}/>`;
  if (shape === "square") {
    const s = r * 0.9;
    return `<rect x="${n(x - s)}" y="${n(y - s)}" width="${n(2 * s)}" height="${n(2 * s)}" ${style}/>`;
  }
  const t = r * 1.2;
  return `<path d="M${n(x)} ${n(y - t)}L${n(x + t)} ${n(y + t * 0.8)}L${n(x - t)} ${n(y + t * 0.8)}Z" ${style}/>`;
}

/** A mark on its own, for the legend beside its words (hidden from screen readers: the words say it). */
export function legendMark(status: CaseStatus): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">${statusMark(status, 8, 8, 6)}</svg>`;
}
