import { escapeXml, n } from "./escape.js";

/**
 * Bar charts for the Reports page, as inline SVG. Each has a `<title>` and role="img"; the page
 * puts a table with the same numbers right under it, so the chart is a picture of the table and
 * nothing is told by colour alone.
 */

/** GOV.UK colours, each at least 3:1 against white. */
export const SERIES_COLOURS = [
  "#1d70b8",
  "#f47738",
  "#00703c",
  "#4c2c92",
  "#d4351c",
  "#28a197",
  "#912b88",
  "#505a5f",
];

const FONT = `font-family="Arial, sans-serif" fill="#0b0c0c"`;

export interface Series {
  name: string;
  values: readonly number[];
}

/** A round step for the axis: 1, 2 or 5 times a power of ten, giving about `ticks` steps. */
export function axisStep(max: number, ticks = 5): number {
  if (max <= ticks) return 1;
  const rough = max / ticks;
  const power = 10 ** Math.floor(Math.log10(rough));
  return ([1, 2, 5, 10].find((s) => s * power >= rough) ?? 10) * power;
}

/** One stacked bar per category (a week), its series in order from the bottom, with a key above. */
export function stackedBarChart(options: {
  id: string;
  title: string;
  categories: readonly string[];
  series: readonly Series[];
}): string {
  const { id, title, categories, series } = options;
  const width = 720;
  const keyRows = Math.ceil(series.length / 2);
  const top = 16 + keyRows * 22;
  const plotHeight = 220;
  const left = 44;
  const bottom = 44;
  const height = top + plotHeight + bottom;
  const plotWidth = width - left - 12;
  const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const step = axisStep(Math.max(...totals, 1));
  const max = Math.max(step, Math.ceil(Math.max(...totals, 1) / step) * step);
  const y = (value: number) => top + plotHeight - (value / max) * plotHeight;
  const slot = plotWidth / Math.max(categories.length, 1);
  const barWidth = Math.min(40, slot * 0.7);
  // Enough labels to read the weeks without their overlapping.
  const labelEvery = Math.ceil(categories.length / Math.max(Math.floor(plotWidth / 60), 1));

  const parts: string[] = [];
  for (let tick = 0; tick <= max; tick += step) {
    parts.push(
      `<line x1="${left}" x2="${width - 12}" y1="${n(y(tick))}" y2="${n(y(tick))}" stroke="#b1b4b6" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${n(y(tick))}" font-size="12" ${FONT} text-anchor="end" dominant-baseline="central">${tick}</text>`,
    );
  }
  categories.forEach((category, i) => {
    const x = left + slot * i + (slot - barWidth) / 2;
    let base = 0;
    series.forEach((s, k) => {
      const value = s.values[i] ?? 0;
      if (value > 0) {
        // A white edge between segments tells them apart without their colours.
        parts.push(
          `<rect x="${n(x)}" y="${n(y(base + value))}" width="${n(barWidth)}" height="${n(y(base) - y(base + value))}" fill="${colour(k)}" stroke="#ffffff" stroke-width="1"/>`,
        );
      }
      base += value;
    });
    if (i % labelEvery === 0) {
      parts.push(
        `<text x="${n(x + barWidth / 2)}" y="${top + plotHeight + 18}" font-size="12" ${FONT} text-anchor="middle">${escapeXml(category)}</text>`,
      );
    }
  });
  parts.push(
    `<line x1="${left}" x2="${width - 12}" y1="${top + plotHeight}" y2="${top + plotHeight}" stroke="#0b0c0c" stroke-width="1"/>`,
  );
  series.forEach((s, k) => {
    const x = 12 + (k % 2) * 354;
    const row = 12 + Math.floor(k / 2) * 22;
    parts.push(
      `<rect x="${x}" y="${row}" width="14" height="14" fill="${colour(k)}"/>`,
      `<text x="${x + 20}" y="${row + 7}" font-size="13" ${FONT} dominant-baseline="central">${escapeXml(truncate(s.name, 46))}</text>`,
    );
  });
  return frame(id, title, width, height, parts);
}

/** One horizontal bar per item, its value written at its end. */
export function horizontalBarChart(options: {
  id: string;
  title: string;
  items: ReadonlyArray<{ label: string; value: number; text?: string }>;
}): string {
  const { id, title, items } = options;
  const width = 720;
  const labelWidth = 240;
  const rowHeight = 26;
  const height = 16 + items.length * rowHeight + 8;
  const max = Math.max(...items.map((i) => i.value), 1);
  const barSpace = width - labelWidth - 90;
  const parts = items.flatMap((item, i) => {
    const y = 16 + i * rowHeight;
    const w = (item.value / max) * barSpace;
    return [
      `<text x="${labelWidth - 8}" y="${y + 9}" font-size="13" ${FONT} text-anchor="end" dominant-baseline="central">${escapeXml(truncate(item.label, 34))}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${n(Math.max(w, 0))}" height="18" fill="${SERIES_COLOURS[0]}"/>`,
      `<text x="${n(labelWidth + w + 6)}" y="${y + 9}" font-size="13" ${FONT} dominant-baseline="central">${escapeXml(item.text ?? String(item.value))}</text>`,
    ];
  });
  return frame(id, title, width, height, parts);
}

function frame(id: string, title: string, width: number, height: number, parts: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title" class="report-chart" id="${id}">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    ...parts,
    `</svg>`,
  ].join("");
}

const colour = (k: number) => SERIES_COLOURS[k % SERIES_COLOURS.length] as string;

const truncate = (text: string, most: number) => (text.length > most ? `${text.slice(0, most - 1)}…` : text);
