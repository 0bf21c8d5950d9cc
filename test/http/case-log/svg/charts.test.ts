import { describe, expect, it } from "vitest";
import { durationWords, oldestWords } from "../../../../functions/http/case-log/reports-page.js";
import {
  axisStep,
  horizontalBarChart,
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
    expect(heights(svg, "#f47738")).toHaveLength(1); // no bar drawn for a zero
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
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
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
