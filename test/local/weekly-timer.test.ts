import { afterEach, describe, expect, it, vi } from "vitest";
import { type Weekday, weeklyAt } from "../../functions/local/weekly-timer.js";

// The local directory refresh schedule: once a week, on the set London weekday and hour, through
// the clock changes.

afterEach(() => {
  vi.useRealTimers();
});

/** Runs the timer's minute checks from `start` for `days`, returning the instants it ran at. */
function runsBetween(start: string, days: number, weekday: Weekday, hour: number): string[] {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  let now = Date.parse(start);
  const runs: string[] = [];
  const stop = weeklyAt(
    weekday,
    hour,
    () => runs.push(new Date(now).toISOString()),
    () => new Date(now),
  );
  for (let minute = 0; minute < days * 24 * 60; minute++) {
    now += 60_000;
    vi.advanceTimersByTime(60_000);
  }
  stop();
  return runs;
}

describe("weeklyAt", () => {
  it("runs once a week on Monday at 06:00 London: 06:00 GMT in winter, 05:00 UTC in summer", () => {
    // 30 November 2026 is a Sunday.
    expect(runsBetween("2026-11-29T00:00:00Z", 15, "Mon", 6)).toEqual([
      "2026-11-30T06:00:00.000Z",
      "2026-12-07T06:00:00.000Z",
    ]);
    expect(runsBetween("2027-06-06T00:00:00Z", 8, "Mon", 6)).toEqual(["2027-06-07T05:00:00.000Z"]);
  });

  it("follows London's weekday, not UTC's, near midnight in summer", () => {
    // 00:00–00:59 London on Monday 7 June 2027 is still Sunday in UTC.
    expect(runsBetween("2027-06-06T12:00:00Z", 2, "Mon", 0)).toEqual(["2027-06-06T23:00:00.000Z"]);
  });

  it("runs once on the night the clocks go back, when 01:00 London happens twice", () => {
    // Sunday 31 October 2027.
    expect(runsBetween("2027-10-30T12:00:00Z", 1, "Sun", 1)).toEqual(["2027-10-31T00:00:00.000Z"]);
  });
});
