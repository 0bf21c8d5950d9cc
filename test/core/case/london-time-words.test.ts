import { describe, expect, it } from "vitest";
import { londonDateTimeWords, londonDateWords } from "../../../functions/core/case/london-time.js";

describe("London dates and times in words", () => {
  it.each([
    ["2026-12-02T16:58:24.086Z", "2 December 2026, 4:58pm"],
    // British Summer Time: an hour ahead of UTC, and past midnight is the next day.
    ["2026-07-02T11:05:00Z", "2 July 2026, 12:05pm"],
    ["2026-07-01T23:30:00Z", "2 July 2026, 12:30am"],
    ["2026-12-02T12:00:00Z", "2 December 2026, midday"],
    ["2026-12-02T00:00:00Z", "2 December 2026, midnight"],
    ["2026-12-02T09:07:00Z", "2 December 2026, 9:07am"],
  ])("%s reads %s", (iso, words) => {
    expect(londonDateTimeWords(iso)).toBe(words);
  });

  it("gives the London date", () => {
    expect(londonDateWords("2026-07-01T23:30:00Z")).toBe("2 July 2026");
  });
});
