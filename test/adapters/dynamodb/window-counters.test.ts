import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWindowCounters, type WindowCounters } from "#adapters/dynamodb/window-counters.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";

describe("window counters (dynalite)", () => {
  let counters: WindowCounters;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const dynalite = await startDynaliteClient("window-counters");
    counters = createWindowCounters({
      client: dynalite.client,
      tableName: dynalite.tableName,
      now: () => new Date(),
    });
    close = dynalite.close;
  });
  afterAll(() => close());

  it("counts atomically across concurrent callers in one window", async () => {
    const at = new Date("2026-12-03T10:00:30Z");
    const counts = await Promise.all(Array.from({ length: 20 }, () => counters.add("client-a", 60, at)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(counts[0]?.windowEndsAt.toISOString()).toBe("2026-12-03T10:01:00.000Z");
  });

  it("starts each window, and each name, from nothing", async () => {
    expect((await counters.add("client-b", 60, new Date("2026-12-03T10:00:59Z"))).count).toBe(1);
    expect((await counters.add("client-b", 60, new Date("2026-12-03T10:00:59.999Z"))).count).toBe(2);
    expect((await counters.add("client-b", 60, new Date("2026-12-03T10:01:00Z"))).count).toBe(1);
    expect((await counters.add("client-b", 3600, new Date("2026-12-03T10:01:00Z"))).count).toBe(1);
    expect((await counters.add("client-c", 60, new Date("2026-12-03T10:01:00Z"))).count).toBe(1);
  });

  it("adds a given amount", async () => {
    const at = new Date("2026-12-03T00:00:00Z");
    await counters.add("body-x", 86_400, at, 5);
    expect(await counters.add("body-x", 86_400, at, 2)).toEqual({
      count: 7,
      windowEndsAt: new Date("2026-12-04T00:00:00Z"),
    });
  });
});
