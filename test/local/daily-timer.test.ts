import { afterEach, describe, expect, it, vi } from "vitest";
import { dailyAt } from "../../functions/local/daily-timer.js";

// The local digest schedule: once a London day, in the set London hour, through the clock changes.

afterEach(() => {
  vi.useRealTimers();
});

/** Runs the timer's minute checks from `start` for `hours`, returning the instants it ran at. */
function runsBetween(start: string, hours: number, hour: number): string[] {
  vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
  let now = Date.parse(start);
  const runs: string[] = [];
  const stop = dailyAt(
    hour,
    () => runs.push(new Date(now).toISOString()),
    () => new Date(now),
  );
  for (let minute = 0; minute < hours * 60; minute++) {
    now += 60_000;
    vi.advanceTimersByTime(60_000);
  }
  stop();
  return runs;
}

describe("dailyAt", () => {
  it("runs once a day in the London hour: 07:00 GMT in winter, 06:00 UTC in summer", () => {
    expect(runsBetween("2026-12-01T00:00:00Z", 48, 7)).toEqual([
      "2026-12-01T07:00:00.000Z",
      "2026-12-02T07:00:00.000Z",
    ]);
    expect(runsBetween("2027-06-01T00:00:00Z", 48, 7)).toEqual([
      "2027-06-01T06:00:00.000Z",
      "2027-06-02T06:00:00.000Z",
    ]);
  });

  it("runs once on the night the clocks go back, when 01:00 London happens twice", () => {
    expect(runsBetween("2027-10-30T12:00:00Z", 24, 1)).toEqual(["2027-10-31T00:00:00.000Z"]);
  });
});
