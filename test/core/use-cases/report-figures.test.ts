import { describe, expect, it } from "vitest";
import {
  defaultReportRange,
  type FigureCase,
  median,
  mondayOf,
  reportFigures,
  weeksBetween,
} from "#core/use-cases/report-figures.js";

// The Reports page's figures: London weeks starting on Monday (across the clocks changing),
// counts by destination, service and area, and medians of the waits.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The report's clock: all waits still going are measured to it. */
const NOW = new Date("2026-11-20T12:00:00.000Z");
const ASHCOMBE = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const VALE = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };

function aCase(createdAt: string, overrides: Partial<FigureCase> = {}): FigureCase {
  return {
    createdAt,
    service: "speeding",
    status: "new",
    destination: { kind: "parish" },
    routing: { area: ASHCOMBE },
    ...overrides,
  };
}

describe("London weeks", () => {
  it("start on Monday", () => {
    expect(mondayOf("2026-10-25")).toBe("2026-10-19"); // a Sunday
    expect(mondayOf("2026-10-26")).toBe("2026-10-26"); // a Monday
    expect(weeksBetween("2026-10-21", "2026-11-02")).toEqual(["2026-10-19", "2026-10-26", "2026-11-02"]);
  });

  it("count a report by its London day, across the clocks going back and forward", () => {
    // 23:30 UTC on Sunday 22 March 2026 is still Sunday in London (GMT): the week of the 16th.
    // 23:30 UTC on Sunday 29 March 2026 is 00:30 BST on Monday 30th: the week of the 30th.
    // 23:30 UTC on Sunday 25 October 2026 is 23:30 GMT on Sunday (clocks went back that morning).
    const figures = reportFigures(
      [
        aCase("2026-03-22T23:30:00.000Z"),
        aCase("2026-03-29T23:30:00.000Z"),
        aCase("2026-10-25T23:30:00.000Z"),
      ],
      { from: "2026-03-16", to: "2026-10-31" },
      NOW,
    );
    const at = (week: string) => figures.byDestination.parish[figures.weeks.indexOf(week)];
    expect(at("2026-03-16")).toBe(1);
    expect(at("2026-03-23")).toBe(0);
    expect(at("2026-03-30")).toBe(1);
    expect(at("2026-10-19")).toBe(1);
    expect(at("2026-10-26")).toBe(0);
    expect(figures.total).toBe(3);
  });

  it("default to the last 12 weeks, this one included", () => {
    // Thursday 3 December 2026, 10:00 in London.
    const range = defaultReportRange(new Date("2026-12-03T10:00:00.000Z"));
    expect(range).toEqual({ from: "2026-09-14", to: "2026-12-03" });
    expect(weeksBetween(range.from, range.to)).toHaveLength(12);
  });
});

describe("median", () => {
  it("is the middle of an odd count and the mean of the middle two of an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeUndefined();
  });
});

describe("reportFigures", () => {
  it("counts by destination, service and area, most first, and leaves out days outside the range", () => {
    const figures = reportFigures(
      [
        aCase("2026-11-02T09:00:00.000Z"),
        aCase("2026-11-03T09:00:00.000Z", { service: "street-furniture" }),
        aCase("2026-11-10T09:00:00.000Z", {
          service: "street-furniture",
          destination: { kind: "district" },
          routing: { area: VALE },
        }),
        aCase("2026-11-17T09:00:00.000Z", { service: "street-furniture" }),
        aCase("2026-10-31T09:00:00.000Z"), // before the range
      ],
      { from: "2026-11-02", to: "2026-11-15" },
      NOW,
    );
    expect(figures.weeks).toEqual(["2026-11-02", "2026-11-09"]);
    expect(figures.total).toBe(3);
    expect(figures.byDestination).toEqual({ parish: [2, 0], district: [0, 1], body: [0, 0] });
    expect(figures.byService).toEqual([
      { id: "street-furniture", counts: [1, 1], total: 2 },
      { id: "speeding", counts: [1, 0], total: 1 },
    ]);
    expect(figures.byArea.map((a) => [a.name, a.counts])).toEqual([
      ["Ashcombe", [2, 0]],
      ["Exampleshire Vale", [0, 1]],
    ]);
  });

  it("takes medians of the wait to first action, and to close of closed cases only", () => {
    const at = "2026-11-02T09:00:00.000Z";
    const after = (hours: number) => new Date(Date.parse(at) + hours * HOUR).toISOString();
    const figures = reportFigures(
      [
        aCase(at, { firstActionAt: after(1), status: "closed", closedAt: after(10) }),
        aCase(at, { firstActionAt: after(3), status: "closed", closedAt: after(20) }),
        aCase(at, { firstActionAt: after(8), status: "in-progress", closedAt: after(2) }), // reopened
        aCase(at, { destination: { kind: "district" }, firstActionAt: after(5) }),
        aCase(at),
      ],
      { from: "2026-11-02", to: "2026-11-08" },
      NOW,
    );
    expect(figures.firstAction.parish).toMatchObject({ median: 3 * HOUR, count: 3 });
    expect(figures.firstAction.district).toMatchObject({ median: 5 * HOUR, count: 1 });
    expect(figures.firstAction.all).toMatchObject({ median: 4 * HOUR, count: 4 });
    expect(figures.close.all).toMatchObject({ median: 15 * HOUR, count: 2 });
    expect(figures.close.district).toMatchObject({ median: undefined, count: 0 });
  });

  it("gives zeros and no medians for a range with no cases", () => {
    const figures = reportFigures([], { from: "2026-11-02", to: "2026-11-15" }, NOW);
    expect(figures).toMatchObject({
      weeks: ["2026-11-02", "2026-11-09"],
      total: 0,
      byDestination: { parish: [0, 0], district: [0, 0], body: [0, 0] },
      byService: [],
      byArea: [],
      firstAction: { all: { count: 0, waiting: 0 } },
      close: { all: { count: 0, waiting: 0 } },
    });
    expect(figures.firstAction.all.median).toBeUndefined();
    expect(figures.firstAction.all.oldestWaitingDays).toBeUndefined();
  });

  it("counts the cases still waiting beside each median, and how many days the oldest has waited", () => {
    // A parish that acts on one case quickly and ignores the rest must not look fast: the median
    // is of the one case, but two still wait, the oldest since 2 November (18.1 days before NOW).
    const figures = reportFigures(
      [
        aCase("2026-11-02T09:00:00.000Z"),
        aCase("2026-11-10T09:00:00.000Z", {
          status: "in-progress",
          firstActionAt: "2026-11-10T10:00:00.000Z",
        }),
        aCase("2026-11-12T09:00:00.000Z"),
        aCase("2026-11-04T09:00:00.000Z", {
          destination: { kind: "district" },
          routing: { area: VALE },
          firstActionAt: "2026-11-04T10:00:00.000Z",
          status: "closed",
          closedAt: "2026-11-05T09:00:00.000Z",
        }),
        aCase("2026-10-01T09:00:00.000Z"), // before the range: not counted as waiting
      ],
      { from: "2026-11-02", to: "2026-11-15" },
      NOW,
    );
    expect(figures.firstAction.parish).toEqual({ median: HOUR, count: 1, waiting: 2, oldestWaitingDays: 18 });
    expect(figures.firstAction.district).toEqual({ median: HOUR, count: 1, waiting: 0 });
    expect(figures.firstAction.all).toEqual({ median: HOUR, count: 2, waiting: 2, oldestWaitingDays: 18 });
    expect(figures.close.parish).toEqual({ median: undefined, count: 0, waiting: 3, oldestWaitingDays: 18 });
    expect(figures.close.district).toEqual({ median: DAY, count: 1, waiting: 0 });
    expect(figures.close.all).toMatchObject({ count: 1, waiting: 3, oldestWaitingDays: 18 });
  });

  it("says a case received less than a day before now has waited 0 whole days", () => {
    const figures = reportFigures(
      [aCase("2026-11-20T01:00:00.000Z")],
      { from: "2026-11-16", to: "2026-11-20" },
      NOW,
    );
    expect(figures.firstAction.all).toEqual({
      median: undefined,
      count: 0,
      waiting: 1,
      oldestWaitingDays: 0,
    });
    // The same case a day later, by the clock given, not the machine's.
    const later = reportFigures(
      [aCase("2026-11-20T01:00:00.000Z")],
      { from: "2026-11-16", to: "2026-11-20" },
      new Date(NOW.getTime() + DAY),
    );
    expect(later.firstAction.all.oldestWaitingDays).toBe(1);
  });
});
