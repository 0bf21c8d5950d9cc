import { afterEach, describe, expect, it } from "vitest";
import { createDynamoPublicUpdates } from "#adapters/dynamodb/dynamo-public-updates.js";
import type { PublicUpdate } from "#core/case/public-update.js";
import type { PublicUpdates } from "#core/ports/public-updates.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";
import { TEST_FIRST_COUNCIL } from "../../helpers/memory-case-store.js";
import { MemoryPublicUpdates } from "../../helpers/memory-public-updates.js";

// The public updates served to Open311 clients, by time window: the DynamoDB adapter (on dynalite)
// and the memory double the unit tests use keep the same promises.

const NOW = new Date("2026-12-03T12:00:00Z");
const KEPT = Date.parse("2027-06-01T00:00:00Z") / 1000;

const anUpdate = (updateId: string, at: string, overrides: Partial<PublicUpdate> = {}): PublicUpdate => ({
  updateId,
  reference: "SPD-AAAA-AAAA",
  status: "in-progress",
  text: `Update ${updateId}: <b>&</b> "quoted"\nsecond line`,
  at,
  retainUntil: KEPT,
  ...overrides,
});

const ids = (updates: PublicUpdate[]) => updates.map((u) => u.updateId);
/** Whose updates those without a council are (both subjects are told). */
const FIRST = TEST_FIRST_COUNCIL;

type Subject = { store: PublicUpdates; close?: () => Promise<void> | void };
const subjects: Array<[string, () => Promise<Subject>]> = [
  ["MemoryPublicUpdates", async () => ({ store: new MemoryPublicUpdates({ now: () => NOW }) })],
  [
    "DynamoPublicUpdates (dynalite)",
    async () => {
      const dynalite = await startDynaliteClient("public-updates-contract");
      return {
        store: createDynamoPublicUpdates(
          { client: dynalite.client, tableName: dynalite.tableName, now: () => NOW },
          FIRST,
        ),
        close: dynalite.close,
      };
    },
  ],
];

describe.each(subjects)("PublicUpdates contract: %s", (_, make) => {
  let subject: Subject | undefined;
  afterEach(async () => {
    await subject?.close?.();
    subject = undefined;
  });
  const start = async () => {
    subject = await make();
    return subject.store;
  };

  it("serves a window with both ends included, oldest first, ties by update id, as stored", async () => {
    const store = await start();
    await store.add(anUpdate("c", "2026-12-03T10:00:00.000Z"));
    await store.add(
      anUpdate("a", "2026-12-03T09:00:00.000Z", { status: "fixed", reference: "SPD-BBBB-BBBB" }),
    );
    await store.add(anUpdate("b", "2026-12-03T10:00:00.000Z"));
    await store.add(anUpdate("before", "2026-12-03T08:59:59.000Z"));
    await store.add(anUpdate("after", "2026-12-03T11:00:01.000Z"));

    const found = await store.list({
      council: FIRST,
      from: "2026-12-03T09:00:00.000Z",
      to: "2026-12-03T11:00:00.000Z",
      limit: 10,
    });
    expect(ids(found)).toEqual(["a", "b", "c"]);
    expect(found[0]).toEqual(
      anUpdate("a", "2026-12-03T09:00:00.000Z", { status: "fixed", reference: "SPD-BBBB-BBBB" }),
    );
    const edge = await store.list({
      council: FIRST,
      from: "2026-12-03T10:00:00.000Z",
      to: "2026-12-03T10:00:00.000Z",
      limit: 10,
    });
    expect(ids(edge)).toEqual(["b", "c"]);
  });

  it("stops at the limit, and finds nothing in an empty or reversed window", async () => {
    const store = await start();
    for (let i = 0; i < 5; i += 1) await store.add(anUpdate(`u${i}`, `2026-12-03T0${i}:00:00.000Z`));
    const window = { from: "2026-12-03T00:00:00.000Z", to: "2026-12-03T23:59:59.000Z" };
    expect(ids(await store.list({ council: FIRST, ...window, limit: 2 }))).toEqual(["u0", "u1"]);
    expect(await store.list({ council: FIRST, ...window, limit: 0 })).toEqual([]);
    expect(
      await store.list({
        council: FIRST,
        from: "2026-12-04T00:00:00.000Z",
        to: "2026-12-05T00:00:00.000Z",
        limit: 9,
      }),
    ).toEqual([]);
    expect(await store.list({ council: FIRST, from: window.to, to: window.from, limit: 9 })).toEqual([]);
  });

  it("hides updates past their case's retention, and still fills the limit from later ones", async () => {
    const store = await start();
    const gone = NOW.getTime() / 1000 - 1;
    await store.add(anUpdate("old-1", "2026-12-03T01:00:00.000Z", { retainUntil: gone }));
    await store.add(anUpdate("old-2", "2026-12-03T02:00:00.000Z", { retainUntil: gone }));
    await store.add(anUpdate("kept-1", "2026-12-03T03:00:00.000Z"));
    await store.add(anUpdate("kept-2", "2026-12-03T04:00:00.000Z"));
    await store.add(anUpdate("kept-3", "2026-12-03T05:00:00.000Z"));
    const found = await store.list({
      council: FIRST,
      from: "2026-12-03T00:00:00.000Z",
      to: "2026-12-03T23:00:00.000Z",
      limit: 2,
    });
    expect(ids(found)).toEqual(["kept-1", "kept-2"]);
  });

  it("keeps each council's updates apart, the limit counting only its own; those without a council are the first's", async () => {
    const store = await start();
    for (let i = 0; i < 3; i++)
      await store.add(anUpdate(`busy-${i}`, `2026-12-03T0${i}:00:00.000Z`, { council: "harrowfield" }));
    await store.add(anUpdate("quiet", "2026-12-03T05:00:00.000Z", { council: "saltmere" }));
    await store.add(anUpdate("before-councils", "2026-12-03T06:00:00.000Z"));
    const window = { from: "2026-12-03T00:00:00.000Z", to: "2026-12-03T23:00:00.000Z" };
    expect(ids(await store.list({ council: "saltmere", ...window, limit: 1 }))).toEqual(["quiet"]);
    expect(ids(await store.list({ council: "harrowfield", ...window, limit: 2 }))).toEqual([
      "busy-0",
      "busy-1",
    ]);
    expect(ids(await store.list({ council: FIRST, ...window, limit: 9 }))).toEqual(["before-councils"]);
    expect((await store.list({ council: "saltmere", ...window, limit: 1 }))[0]?.council).toBe("saltmere");
  });

  it("refuses a second update with the same id rather than overwrite it", async () => {
    const store = await start();
    await store.add(anUpdate("same", "2026-12-03T01:00:00.000Z"));
    await expect(
      store.add(anUpdate("same", "2026-12-03T01:00:00.000Z", { text: "other" })),
    ).rejects.toThrow();
    const found = await store.list({
      council: FIRST,
      from: "2026-12-03T00:00:00.000Z",
      to: "2026-12-03T02:00:00.000Z",
      limit: 5,
    });
    expect(found.map((u) => u.text)).toEqual([anUpdate("same", "").text]);
  });
});
