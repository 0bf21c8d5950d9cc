import { escapeXml, n } from "./escape.js";

/**
 * Bar charts for the Reports page, as inline SVG. Each has a `<title>` and role="img"; the page
 * puts a table with the same numbers right under it, so the chart is a picture of the table and
 * nothing is told by colour alone.
 */

/** Charts paint their own background, so the contrast of their fills does not hang on the page. */
export const CHART_BACKGROUND = "#ffffff";

/**
 * GOV.UK colours, each at least 3:1 against the chart's white and against the GOV.UK page grey
 * #f3f2f1 (WCAG 1.4.11, non-text contrast; a unit test computes each ratio). Orange #f47738 and
 * turquoise #28a197 fall short, so they are left out. Neighbouring series alternate light and
 * dark so that, with the white edge between segments, two segments never touch in like shades.
 */
export const SERIES_COLOURS = ["#1d70b8", "#4c2c92", "#00703c", "#912b88", "#d4351c", "#003078", "#6f72af"];

/** The colour of "Other": the series after the palette runs out, folded together. */
export const OTHER_COLOUR = "#505a5f";

/** The white edge drawn round every segment, so neighbours are told apart without their colours. */
const SEGMENT_EDGE = `stroke="${CHART_BACKGROUND}" stroke-width="2"`;

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

/**
 * The series to draw: as many as there are colours, and if there are more, the first ones and the
 * rest summed into "Other (N more)", so no two series ever share a colour.
 */
export function foldSeries(series: readonly Series[]): Array<Series & { colour: string }> {
  const named = (s: Series, k: number) => ({ ...s, colour: SERIES_COLOURS[k] as string });
  if (series.length <= SERIES_COLOURS.length) return series.map(named);
  const kept = series.slice(0, SERIES_COLOURS.length - 1);
  const rest = series.slice(SERIES_COLOURS.length - 1);
  const length = Math.max(...rest.map((s) => s.values.length));
  const values = Array.from({ length }, (_, i) => rest.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  return [...kept.map(named), { name: `Other (${rest.length} more)`, values, colour: OTHER_COLOUR }];
}

/** One stacked bar per category (a week), its series in order from the bottom, with a key above. */
export function stackedBarChart(options: {
  id: string;
  title: string;
  categories: readonly string[];
  series: readonly Series[];
}): string {
  const { id, title, categories } = options;
  const series = foldSeries(options.series);
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

  const parts: string[] = [background(width, height)];
  for (let tick = 0; tick <= max; tick += step) {
    parts.push(
      `<line x1="${left}" x2="${width - 12}" y1="${n(y(tick))}" y2="${n(y(tick))}" stroke="#b1b4b6" stroke-width="1"/>`,
      `<text x="${left - 6}" y="${n(y(tick))}" font-size="12" ${FONT} text-anchor="end" dominant-baseline="central">${tick}</text>`,
    );
  }
  categories.forEach((category, i) => {
    const x = left + slot * i + (slot - barWidth) / 2;
    let base = 0;
    series.forEach((s) => {
      const value = s.values[i] ?? 0;
      if (value > 0) {
        parts.push(
          `<rect x="${n(x)}" y="${n(y(base + value))}" width="${n(barWidth)}" height="${n(y(base) - y(base + value))}" fill="${s.colour}" ${SEGMENT_EDGE}/>`,
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
      `<rect x="${x}" y="${row}" width="14" height="14" fill="${s.colour}"/>`,
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
  const bars = items.flatMap((item, i) => {
    const y = 16 + i * rowHeight;
    const w = (item.value / max) * barSpace;
    return [
      `<text x="${labelWidth - 8}" y="${y + 9}" font-size="13" ${FONT} text-anchor="end" dominant-baseline="central">${escapeXml(truncate(item.label, 34))}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${n(Math.max(w, 0))}" height="18" fill="${SERIES_COLOURS[0]}"/>`,
      `<text x="${n(labelWidth + w + 6)}" y="${y + 9}" font-size="13" ${FONT} dominant-baseline="central">${escapeXml(item.text ?? String(item.value))}</text>`,
    ];
  });
  return frame(id, title, width, height, [background(width, height), ...bars]);
}

function frame(id: string, title: string, width: number, height: number, parts: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-labelledby="${id}-title" class="report-chart" id="${id}">`,
    `<title id="${id}-title">${escapeXml(title)}</title>`,
    ...parts,
    `</svg>`,
  ].join("");
}

const background = (width: number, height: number) =>
  `<rect x="0" y="0" width="${width}" height="${height}" fill="${CHART_BACKGROUND}"/>`;

const truncate = (text: string, most: number) => (text.length > most ? `${text.slice(0, most - 1)}…` : text);
