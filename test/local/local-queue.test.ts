import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SQSEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { LocalQueue } from "../../functions/local/local-queue.js";

const queues: LocalQueue[] = [];
const make = (options: Partial<ConstructorParameters<typeof LocalQueue>[0]> = {}) => {
  const queue = new LocalQueue({
    visibilityTimeoutMs: 20,
    maxReceiveCount: 3,
    pollIntervalMs: 5,
    ...options,
  });
  queues.push(queue);
  return queue;
};
afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.stop()));
});

describe("Class: LocalQueue", () => {
  it("delivers SQS-shaped records and deletes the ones that succeed", async () => {
    const queue = make();
    const seen: SQSEvent[] = [];
    queue.start(async (event) => {
      seen.push(event);
      return { batchItemFailures: [] };
    });
    await queue.send({ reference: "SPD-2222-2222" });
    await queue.drained();
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]?.Records[0]?.body ?? "")).toEqual({ reference: "SPD-2222-2222" });
    expect(seen[0]?.Records[0]?.attributes.ApproximateReceiveCount).toBe("1");
    expect(queue.depth).toEqual({ visible: 0, inFlight: 0, deadLetters: 0 });
  });

  it("retries only the failed records of a batch, then dead-letters after maxReceiveCount", async () => {
    const queue = make();
    const counts = new Map<string, number>();
    queue.start(async (event) => ({
      batchItemFailures: event.Records.filter((r) => {
        const ref = JSON.parse(r.body).reference as string;
        counts.set(ref, (counts.get(ref) ?? 0) + 1);
        return ref === "bad";
      }).map((r) => ({ itemIdentifier: r.messageId })),
    }));
    await queue.send({ reference: "good" });
    await queue.send({ reference: "bad" });
    await expect.poll(() => queue.depth.deadLetters, { timeout: 3000 }).toBe(1);
    expect(counts.get("good")).toBe(1);
    expect(counts.get("bad")).toBe(3);
    expect(JSON.parse(queue.deadLetters()[0]?.body ?? "")).toEqual({ reference: "bad" });
  });

  it("treats a consumer that throws as a failure of the whole batch", async () => {
    const queue = make({ maxReceiveCount: 2 });
    let calls = 0;
    queue.start(async () => {
      calls++;
      throw new Error("boom");
    });
    await queue.send({ reference: "x" });
    await expect.poll(() => queue.depth.deadLetters, { timeout: 3000 }).toBe(1);
    expect(calls).toBe(2);
  });

  it("redrives dead letters with a fresh receive count", async () => {
    const queue = make({ maxReceiveCount: 1 });
    let fail = true;
    const delivered: string[] = [];
    queue.start(async (event) => {
      delivered.push(...event.Records.map((r) => r.attributes.ApproximateReceiveCount));
      return { batchItemFailures: fail ? event.Records.map((r) => ({ itemIdentifier: r.messageId })) : [] };
    });
    await queue.send({ reference: "x" });
    await expect.poll(() => queue.depth.deadLetters, { timeout: 3000 }).toBe(1);
    fail = false;
    expect(queue.redrive()).toBe(1);
    await queue.drained();
    expect(delivered).toEqual(["1", "1"]);
    expect(queue.depth.deadLetters).toBe(0);
  });

  it("keeps unsent messages across a restart when persisted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "signpost-queue-"));
    try {
      const persistPath = join(dir, "queue.json");
      await make({ persistPath }).send({ reference: "kept" });
      const restarted = make({ persistPath });
      const bodies: string[] = [];
      restarted.start(async (event) => {
        bodies.push(...event.Records.map((r) => r.body));
        return { batchItemFailures: [] };
      });
      await restarted.drained();
      expect(bodies).toEqual([JSON.stringify({ reference: "kept" })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
