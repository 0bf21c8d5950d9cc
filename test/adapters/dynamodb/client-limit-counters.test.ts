import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClientLimitCounters } from "#adapters/dynamodb/client-limit-counters.js";
import type { TableAccess } from "#adapters/dynamodb/table-access.js";
import { createWindowCounters } from "#adapters/dynamodb/window-counters.js";
import type { ClientLimitCounters } from "#core/ports/client-limits.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";

describe("client limit counters (dynalite)", () => {
  let table: TableAccess;
  let counters: ClientLimitCounters;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const dynalite = await startDynaliteClient("client-limit-counters");
    table = { client: dynalite.client, tableName: dynalite.tableName, now: () => new Date() };
    counters = createClientLimitCounters(table);
    close = dynalite.close;
  });
  afterAll(() => close());

  const at = new Date("2026-12-03T10:00:30Z");

  it("counts a client's submissions in their minute and their hour with one write", async () => {
    expect(await counters.take("ip:a", at)).toEqual({
      minute: { count: 1, windowEndsAt: new Date("2026-12-03T10:01:00Z") },
      hour: { count: 1, windowEndsAt: new Date("2026-12-03T11:00:00Z") },
    });
    expect(await counters.take("ip:a", new Date("2026-12-03T10:00:59.999Z"))).toMatchObject({
      minute: { count: 2 },
      hour: { count: 2 },
    });
    // The next minute starts from nothing; the hour goes on.
    expect(await counters.take("ip:a", new Date("2026-12-03T10:01:00Z"))).toMatchObject({
      minute: { count: 1, windowEndsAt: new Date("2026-12-03T10:02:00Z") },
      hour: { count: 3 },
    });
    // So does the next hour.
    expect(await counters.take("ip:a", new Date("2026-12-03T11:00:00Z"))).toMatchObject({
      minute: { count: 1 },
      hour: { count: 1, windowEndsAt: new Date("2026-12-03T12:00:00Z") },
    });
  });

  it("counts concurrent submissions atomically", async () => {
    const counts = await Promise.all(Array.from({ length: 20 }, () => counters.take("ip:burst", at)));
    expect(counts.map((c) => c.minute.count).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it("takes a replay's count back from both windows", async () => {
    await counters.take("ip:replay", at);
    await counters.giveBack("ip:replay", at);
    expect(await counters.take("ip:replay", at)).toMatchObject({ minute: { count: 1 }, hour: { count: 1 } });
  });

  it("keeps clients apart from each other and from other counters of the same name", async () => {
    await createWindowCounters(table).add("ip:b", 3600, at, 10);
    expect((await counters.take("ip:b", at)).hour.count).toBe(1);
    expect((await counters.take("key:b", at)).hour.count).toBe(1);
  });
});
