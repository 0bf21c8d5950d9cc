import { describe, expect, it } from "vitest";
import type { TimelineEvent } from "#core/case/timeline.js";
import { createRecordClientUpdate } from "#core/use-cases/record-client-update.js";
import { aStoredCase } from "../../helpers/builders.js";
import { countingIds } from "../../helpers/counting-ids.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

/** A store whose next write of events fails, as a timeout after the claim would. */
class FlakyStore extends MemoryCaseStore {
  failNext = false;
  override async appendEvents(reference: string, events: TimelineEvent[]): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("DynamoDB timed out");
    }
    return super.appendEvents(reference, events);
  }
}

async function setUp() {
  const caseStore = new FlakyStore();
  await caseStore.create(aStoredCase("SPD-AAAA-AAAA"), []);
  const record = createRecordClientUpdate({
    caseStore,
    clock: { now: () => new Date("2026-12-03T10:00:00Z") },
    ids: countingIds(),
  });
  const update = {
    reference: "SPD-AAAA-AAAA",
    clientUpdateId: "98765",
    client: "key:abc",
    text: "Still fast",
    mediaUrls: [],
  };
  const updates = async () =>
    (await caseStore.timeline("SPD-AAAA-AAAA")).filter((e) => e.type === "client-update");
  return { caseStore, record, update, updates };
}

describe("Use case: recordClientUpdate", () => {
  it("records a client's update once, however often it is sent", async () => {
    const { record, update, updates } = await setUp();
    const first = await record(update);
    expect(await record(update)).toEqual({ updateId: first.updateId, replayed: true });
    expect(await updates()).toHaveLength(1);
    expect((await record({ ...update, client: "key:other" })).replayed).toBe(false);
    expect(await updates()).toHaveLength(2);
  });

  it("writes a claimed update the first attempt did not, when the client sends it again", async () => {
    const { caseStore, record, update, updates } = await setUp();
    caseStore.failNext = true;
    await expect(record(update)).rejects.toThrow("timed out");
    expect(await updates()).toHaveLength(0);
    // FixMyStreet sees the failure and resends: the update is written then, under the claimed id.
    const again = await record(update);
    expect(await updates()).toHaveLength(1);
    expect((await updates())[0]?.data?.updateId).toBe(again.updateId);
    await record(update);
    expect(await updates()).toHaveLength(1);
  });
});
