import { describe, expect, it } from "vitest";
import { durationWords, oldestWords } from "../../../../functions/http/case-log/reports-page.js";
import {
  axisStep,
  CHART_BACKGROUND,
  foldSeries,
  horizontalBarChart,
  OTHER_COLOUR,
  SERIES_COLOURS,
  stackedBarChart,
} from "../../../../functions/http/case-log/svg/charts.js";

// The Reports page's charts: bars in proportion, names escaped, a title for screen readers.

const heights = (svg: string, fill: string) =>
  [...svg.matchAll(new RegExp(`<rect [^>]*height="([\\d.]+)" fill="${fill}" stroke=`, "g"))].map((m) =>
    Number(m[1]),
  );

describe("stackedBarChart", () => {
  it("stacks each week's series in proportion, with a title and a key", () => {
    const svg = stackedBarChart({
      id: "chart-x",
      title: "Reports per week",
      categories: ["2 Nov", "9 Nov"],
      series: [
        { name: "Sent to parishes", values: [2, 4] },
        { name: "Handled by <the> district & co", values: [2, 0] },
      ],
    });
    expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="chart-x-title"/);
    expect(svg).toContain('<title id="chart-x-title">Reports per week</title>');
    const [two, four] = heights(svg, "#1d70b8");
    expect(four! / two!).toBeCloseTo(2, 5);
    expect(heights(svg, SERIES_COLOURS[1]!)).toHaveLength(1); // no bar drawn for a zero
    expect(svg).toContain("Handled by &#60;the&#62; district &#38; co");
    expect(svg).not.toContain("<the>");
  });

  it("draws an empty range without dividing by zero", () => {
    const svg = stackedBarChart({ id: "c", title: "t", categories: ["2 Nov"], series: [] });
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
});

describe("horizontalBarChart", () => {
  it("draws bars in proportion and writes each value at its end", () => {
    const svg = horizontalBarChart({
      id: "chart-y",
      title: "By parish",
      items: [
        { label: "<script>alert(1)</script>", value: 6 },
        { label: "Ashcombe", value: 3, text: "3 reports" },
      ],
    });
    const widths = [...svg.matchAll(/<rect x="240" [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]! / widths[1]!).toBeCloseTo(2, 5);
    expect(svg).toContain(">3 reports</text>");
    expect(svg).not.toContain("<script");
  });
});

describe("axisStep and durationWords", () => {
  it("steps the axis in round numbers", () => {
    expect(axisStep(3)).toBe(1);
    expect(axisStep(37)).toBe(10);
    expect(axisStep(120)).toBe(50);
  });

  it("says a wait in days and hours, hours and minutes, or minutes", () => {
    const hour = 3_600_000;
    expect(durationWords({ median: 50 * hour, count: 1, waiting: 0 })).toBe("2 days 2 hours");
    expect(durationWords({ median: 24 * hour, count: 1, waiting: 0 })).toBe("1 day");
    expect(durationWords({ median: 1.5 * hour, count: 2, waiting: 0 })).toBe("1 hour 30 minutes");
    expect(durationWords({ median: 60_000, count: 2, waiting: 0 })).toBe("1 minute");
    expect(durationWords({ count: 0, waiting: 0 })).toBe("No cases yet");
  });

  it("says how long the oldest waiting case has waited, in whole days", () => {
    expect(oldestWords({ count: 0, waiting: 0 })).toBe("None waiting");
    expect(oldestWords({ count: 0, waiting: 1, oldestWaitingDays: 0 })).toBe("Less than a day");
    expect(oldestWords({ count: 0, waiting: 1, oldestWaitingDays: 1 })).toBe("1 day");
    expect(oldestWords({ count: 0, waiting: 4, oldestWaitingDays: 18 })).toBe("18 days");
  });
});

/** WCAG 2.2's relative luminance of an sRGB colour written #rrggbb. */
function luminance(hex: string): number {
  const channel = (at: number) => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** WCAG 2.2's contrast ratio: (lighter + 0.05) / (darker + 0.05). */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe("the charts' colours (WCAG 1.4.11, non-text contrast)", () => {
  it("computes contrast as WCAG does", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    // The two colours the review found short, so the check would catch them.
    expect(contrast("#f47738", "#ffffff")).toBeLessThan(3);
    expect(contrast("#28a197", "#f3f2f1")).toBeLessThan(3);
  });

  it.each([...SERIES_COLOURS, OTHER_COLOUR])(
    "%s is at least 3:1 against the chart's background and the GOV.UK page grey",
    (colour) => {
      expect(contrast(colour, CHART_BACKGROUND)).toBeGreaterThanOrEqual(3);
      expect(contrast(colour, "#f3f2f1")).toBeGreaterThanOrEqual(3);
    },
  );

  it("gives no two series one colour", () => {
    expect(new Set([...SERIES_COLOURS, OTHER_COLOUR]).size).toBe(SERIES_COLOURS.length + 1);
  });

  it("paints its own background and a white edge between stacked segments", () => {
    const svg = stackedBarChart({
      id: "c",
      title: "t",
      categories: ["2 Nov"],
      series: [
        { name: "a", values: [1] },
        { name: "b", values: [1] },
      ],
    });
    expect(svg).toContain(
      `<rect x="0" y="0" width="720" height="${svg.match(/viewBox="0 0 720 (\d+)"/)![1]}" fill="${CHART_BACKGROUND}"/>`,
    );
    const segments = [
      ...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})" stroke="#ffffff" stroke-width="2"\/>/g),
    ];
    expect(segments.map((m) => m[1])).toEqual([SERIES_COLOURS[0], SERIES_COLOURS[1]]);
  });

  it("folds the series after the palette runs out into one 'Other', never reusing a colour", () => {
    const many = Array.from({ length: SERIES_COLOURS.length + 3 }, (_, k) => ({
      name: `Service ${k}`,
      values: [1, k],
    }));
    const folded = foldSeries(many);
    expect(folded).toHaveLength(SERIES_COLOURS.length);
    expect(new Set(folded.map((s) => s.colour)).size).toBe(folded.length);
    const other = folded.at(-1)!;
    expect(other).toMatchObject({ name: "Other (4 more)", colour: OTHER_COLOUR });
    const k0 = SERIES_COLOURS.length - 1;
    expect(other.values).toEqual([4, k0 + (k0 + 1) + (k0 + 2) + (k0 + 3)]);
    // As many as there are colours: every one drawn, no "Other".
    expect(foldSeries(many.slice(0, SERIES_COLOURS.length)).map((s) => s.name)).not.toContain("Other");
    const svg = stackedBarChart({ id: "c", title: "t", categories: ["a", "b"], series: many });
    expect(svg).toContain(">Other (4 more)</text>");
    expect(svg).not.toContain(">Service 9</text>");
  });
});
