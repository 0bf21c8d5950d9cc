import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import type { Case } from "#core/case/case.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { createRequeueAwaiting } from "#core/use-cases/requeue-awaiting.js";
import { oneCouncil } from "../../helpers/councils.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";
import { TEST_FIRST_COUNCIL } from "../../helpers/memory-case-store.js";

// The safety net under "stored, then queued", against dynalite: only cases still queued and
// untouched for a while, within the window, are queued again, once, with a timeline event.

const NOW = new Date("2026-11-23T12:00:00.000Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

let dynamo: Awaited<ReturnType<typeof startDynaliteClient>>;
let store: DynamoCaseStore;
let now = NOW;
const sent: DispatchJob[] = [];

beforeAll(async () => {
  dynamo = await startDynaliteClient("requeue-test");
  store = new DynamoCaseStore({
    firstCouncil: TEST_FIRST_COUNCIL,
    client: dynamo.client,
    tableName: dynamo.tableName,
    now: () => now,
  });
});
afterAll(() => dynamo?.close());

function aCase(reference: string, createdMinutesAgo: number, overrides: Partial<Case> = {}): Case {
  const at = minutesAgo(createdMinutesAgo);
  const destination = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
  return {
    reference,
    service: "speeding",
    status: "new",
    delivery: "queued",
    createdAt: at,
    updatedAt: at,
    answers: {},
    location: { lat: 54.5, lng: 2.3 },
    description: "Fast cars",
    destination,
    routing: { ruleId: "r", requested: "parish", area: destination, reason: "test" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

describe("requeueAwaiting", () => {
  it("queues again only queued cases untouched for a while, once", async () => {
    await store.create(aCase("SPD-LOST-0001", 20), []);
    await store.create(aCase("SPD-LOST-0002", 60, { status: "in-progress" }), []);
    await store.create(aCase("SPD-FRSH-0001", 5), []);
    await store.create(aCase("SPD-SENT-0001", 60, { delivery: "sent" }), []);
    await store.create(aCase("SPD-FAIL-0001", 60, { delivery: "failed" }), []);
    await store.create(aCase("SPD-OLD0-0001", 16 * 24 * 60), []);
    // A send attempt that died on its last try: claimed long ago, never recorded.
    await store.create(aCase("SPD-STCK-0001", 60, { delivery: "sending", sendingSince: minutesAgo(40) }), []);
    await store.create(aCase("SPD-BUSY-0001", 60, { delivery: "sending", sendingSince: minutesAgo(1) }), []);
    const requeue = createRequeueAwaiting({
      caseStore: store,
      councils: oneCouncil,
      queue: { send: async (job) => void sent.push(job) },
      clock: { now: () => now },
    });

    const first = await requeue();
    expect(first.requeued.sort()).toEqual(["SPD-LOST-0001", "SPD-LOST-0002", "SPD-STCK-0001"]);
    expect(sent.map((j) => j.reference).sort()).toEqual(["SPD-LOST-0001", "SPD-LOST-0002", "SPD-STCK-0001"]);
    const timeline = await store.timeline("SPD-LOST-0001");
    expect(timeline.map((e) => e.type)).toEqual(["requeued"]);
    expect((await store.get("SPD-LOST-0001"))?.updatedAt).toBe(NOW.toISOString());

    // The next run leaves them to the jobs just sent.
    now = new Date(NOW.getTime() + 5 * 60_000);
    expect((await requeue()).requeued).toEqual([]);
    // If those jobs are lost too, a later run tries again (the stuck claim is no newer either).
    now = new Date(NOW.getTime() + 20 * 60_000);
    expect((await requeue()).requeued.sort()).toEqual([
      "SPD-BUSY-0001",
      "SPD-FRSH-0001",
      "SPD-LOST-0001",
      "SPD-LOST-0002",
      "SPD-STCK-0001",
    ]);
  });

  it("gives up after a few re-queues with nothing happening, and marks the case not sent", async () => {
    now = NOW;
    await store.create(aCase("SPD-NVER-0001", 20), []);
    const requeue = createRequeueAwaiting(
      { caseStore: store, queue: { send: async () => {} }, clock: { now: () => now }, councils: oneCouncil },
      { staleMinutes: 15, windowDays: 15, batch: 200, maxRequeues: 3 },
    );
    const outcomes: string[] = [];
    for (let run = 0; run < 5; run++) {
      now = new Date(NOW.getTime() + run * 20 * 60_000);
      const { requeued, givenUp } = await requeue();
      if (requeued.includes("SPD-NVER-0001")) outcomes.push("requeued");
      if (givenUp.includes("SPD-NVER-0001")) outcomes.push("given up");
    }
    expect(outcomes).toEqual(["requeued", "requeued", "requeued", "given up"]);
    expect((await store.get("SPD-NVER-0001"))?.delivery).toBe("failed");
    expect((await store.timeline("SPD-NVER-0001")).map((e) => e.type).at(-1)).toBe("dead-lettered");
  });
});
