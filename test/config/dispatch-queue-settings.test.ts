import { describe, expect, it } from "vitest";
import {
  backoffSeconds,
  directorySettings,
  dispatchQueueSettings,
  requeueStaleMinutes,
  retrySchedule,
  retrySettings,
  worstCaseRecordMs,
} from "../../functions/config/dispatch-queue-settings.js";
import { readConfig } from "../../functions/config/env.js";

// The retry schedule must outlast an outage of SES or Modern.Gov, and the dispatch function's
// timeout must fit a batch at its worst, so no send is cut off half-way.

describe("retry schedule", () => {
  it("doubles from 30 seconds and stops at 15 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((attempt) => backoffSeconds(attempt))).toEqual([
      30, 60, 120, 240, 480, 900, 900, 900,
    ]);
  });

  it("treats a missing or zero attempt as the first", () => {
    expect(backoffSeconds(0)).toBe(30);
  });

  it("waits 4530 s (over an hour) across the receives before a job is dead-lettered", () => {
    const schedule = retrySchedule();
    expect(schedule).toEqual([30, 60, 120, 240, 480, 900, 900, 900, 900]);
    const total = schedule.reduce((a, b) => a + b, 0);
    expect(total).toBe(4530);
    expect(total).toBeGreaterThanOrEqual(3600);
  });

  it("leaves a case waiting out its longest retry to the queue, not the re-queue safety net", () => {
    expect(requeueStaleMinutes * 60).toBeGreaterThan(
      retrySettings.maxSeconds + dispatchQueueSettings.dispatchTimeoutSeconds,
    );
  });

  it("still covers an hour when one receive is spent on a hand-back", () => {
    const total = retrySchedule(dispatchQueueSettings.maxReceiveCount - 1).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(3600);
  });

  it("is what the functions use unless the environment says otherwise", () => {
    const config = readConfig({
      TABLE_NAME: "signpost",
      SENDER_EMAIL: "a@example.org",
      DISTRICT_EMAIL: "b@example.org",
      DISTRICT_COUNCIL_NAME: "Council",
      DISTRICT_CODE: "E07999999",
      DISTRICT_NAME: "District",
      MODERNGOV_BASE_URL: "https://democracy.example.org",
    });
    expect(config).toMatchObject({
      RETRY_BASE_SECONDS: retrySettings.baseSeconds,
      RETRY_MAX_SECONDS: retrySettings.maxSeconds,
      MAX_RECEIVE_COUNT: dispatchQueueSettings.maxReceiveCount,
      MODERNGOV_TIMEOUT_MS: directorySettings.timeoutMs,
      MODERNGOV_MIN_INTERVAL_MS: directorySettings.minIntervalMs,
      MODERNGOV_LOOKUP_DEADLINE_MS: directorySettings.lookupDeadlineMs,
    });
  });
});

describe("dispatch timeout and visibility", () => {
  it("gives one record 30 s at worst: the look-up's 25 s deadline, its overrun, plus SES", () => {
    // Five requests of 3 tries, paced, would be 5 × (3 × (3 s + 1 s) + 0.25 s + 0.5 s) = 63.75 s;
    // the deadline cuts that to 25 s, + 0.5 s overrun + 4.5 s.
    expect(worstCaseRecordMs(directorySettings)).toBe(30_000);
  });

  it("counts the requests themselves when they fit inside the deadline", () => {
    // Five requests of three 1 s tries with back-off, no pacing: 18.75 s, + 0.5 s + 4.5 s.
    const quick = { timeoutMs: 1000, minIntervalMs: 0, lookupDeadlineMs: 60_000 };
    expect(worstCaseRecordMs(quick)).toBe(5 * (3 * 1000 + 750) + 5000);
  });

  it("fits a whole batch at its worst in the function's timeout", () => {
    const { batchSize, dispatchTimeoutSeconds } = dispatchQueueSettings;
    expect(dispatchTimeoutSeconds * 1000).toBeGreaterThanOrEqual(
      batchSize * worstCaseRecordMs(directorySettings),
    );
    expect(dispatchTimeoutSeconds).toBeLessThanOrEqual(900);
  });

  it("keeps the queue's visibility at least six times the function's timeout", () => {
    const { visibilityTimeoutSeconds, dispatchTimeoutSeconds } = dispatchQueueSettings;
    expect(visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * dispatchTimeoutSeconds);
    expect(visibilityTimeoutSeconds).toBeLessThanOrEqual(43_200);
  });
});
