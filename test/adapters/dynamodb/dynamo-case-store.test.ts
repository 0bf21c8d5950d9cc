import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import type { Case } from "#core/case/case.js";
import { event } from "#core/case/timeline.js";
import { DuplicateCaseError } from "#core/errors.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";
import { TEST_FIRST_COUNCIL } from "../../helpers/memory-case-store.js";

let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
let now = new Date("2026-11-23T10:00:00Z");
let store: DynamoCaseStore;

beforeAll(async () => {
  dynalite = await startDynaliteClient("cases-test");
  store = new DynamoCaseStore({
    firstCouncil: TEST_FIRST_COUNCIL,
    client: dynalite.client,
    tableName: "cases-test",
    now: () => now,
  });
});
afterAll(() => dynalite?.close());

const aCase = (reference: string, overrides: Partial<Case> = {}): Case => ({
  reference,
  service: "speeding",
  status: "new",
  delivery: "queued",
  createdAt: "2026-11-23T10:00:00.000Z",
  updatedAt: "2026-11-23T10:00:00.000Z",
  answers: { danger: "no" },
  location: { lat: 54.5, lng: 2.3, postcode: "ZX1 5ZB" },
  description: "Fast cars",
  destination: { kind: "parish", code: "E04999001", name: "Ashcombe" },
  routing: {
    ruleId: "parish-speedwatch-or-sign",
    requested: "parish",
    area: { kind: "parish", code: "E04999001", name: "Ashcombe" },
    reason: "in Ashcombe",
  },
  retainUntil: Date.parse("2027-11-23T10:00:00Z") / 1000,
  ...overrides,
});

describe("Class: DynamoCaseStore (against dynalite)", () => {
  it("round-trips a case without leaking key attributes", async () => {
    await store.create(aCase("SPD-AAAA-AAA1"), []);
    expect(await store.get("SPD-AAAA-AAA1")).toEqual(aCase("SPD-AAAA-AAA1"));
  });

  it("refuses a second case with the same reference", async () => {
    await store.create(aCase("SPD-AAAA-AAA2"), []);
    await expect(store.create(aCase("SPD-AAAA-AAA2"), [])).rejects.toBeInstanceOf(DuplicateCaseError);
  });

  it("keeps timeline events in the order appended, even within one millisecond", async () => {
    const at = new Date("2026-11-23T10:00:00Z");
    await store.create(aCase("SPD-AAAA-AAA3"), [event(at, "submitted", "one")]);
    await store.appendEvents("SPD-AAAA-AAA3", [
      event(at, "queued", "two"),
      event(at, "sent", "three", { recipient: "a@b.c" }),
    ]);
    expect(await store.timeline("SPD-AAAA-AAA3")).toEqual([
      { at: at.toISOString(), type: "submitted", actor: "system", summary: "one" },
      { at: at.toISOString(), type: "queued", actor: "system", summary: "two" },
      { at: at.toISOString(), type: "sent", actor: "system", summary: "three", data: { recipient: "a@b.c" } },
    ]);
  });

  it("updates fields and stamps updatedAt", async () => {
    await store.create(aCase("SPD-AAAA-AAA4"), []);
    now = new Date("2026-11-24T09:00:00Z");
    const updated = await store.update("SPD-AAAA-AAA4", { delivery: "sent" });
    expect(updated).toMatchObject({
      delivery: "sent",
      updatedAt: "2026-11-24T09:00:00.000Z",
    });
    expect(await store.get("SPD-AAAA-AAA4")).toEqual(updated);
  });

  it("hides a case past its retention date, as DynamoDB TTL would delete it", async () => {
    await store.create(aCase("SPD-AAAA-AAA5", { retainUntil: Date.parse("2026-12-01T00:00:00Z") / 1000 }), [
      event(now, "submitted", "x"),
    ]);
    expect(await store.get("SPD-AAAA-AAA5")).toBeDefined();
    now = new Date("2026-12-02T00:00:00Z");
    expect(await store.get("SPD-AAAA-AAA5")).toBeUndefined();
    expect(await store.timeline("SPD-AAAA-AAA5")).toEqual([]);
  });
});
