import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { SQSEvent } from "aws-lambda";
import { afterEach, describe, expect, it } from "vitest";
import { SqsQueue } from "#adapters/queue/sqs-queue.js";
import { type LocalDispatchQueue, localDispatchQueue } from "../../functions/local/local-dispatch-queue.js";
import { startLocalSqs } from "../../functions/local/local-sqs.js";
import { type BatchConsumer, SqsEventSource } from "../../functions/local/sqs-event-source.js";

// The local event source mapping over the local SQS endpoint: the SQS semantics the dispatch
// function relies on (at-least-once delivery, partial batch failures, visibility, dead-lettering
// after maxReceiveCount, re-drive, persistence), exercised through the SQS API as in AWS.

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/**
 * How long a wait for the queue may take before the test calls it a hang: generous, as the
 * retries run on timers that a busy two-core machine can hold up.
 */
const WAIT = { timeout: 20_000 };

interface Options {
  maxReceiveCount?: number;
  visibilityTimeoutMs?: number;
  persistPath?: string;
}

/** A queue and its dead-letter queue on a fresh endpoint, the mapping feeding `consumer`. */
async function aQueue(consumer: BatchConsumer, options: Options = {}) {
  const sqs = await startLocalSqs({
    queues: {
      jobs: {
        visibilityTimeoutMs: options.visibilityTimeoutMs ?? 20,
        redrive: { deadLetterQueue: "jobs-dlq", maxReceiveCount: options.maxReceiveCount ?? 3 },
      },
      "jobs-dlq": { visibilityTimeoutMs: 20 },
    },
    secondMs: 1,
    ...(options.persistPath ? { persistPath: options.persistPath } : {}),
  });
  closers.push(sqs.close);
  const client = new SQSClient({
    endpoint: sqs.endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  closers.push(async () => client.destroy());
  const source = new SqsEventSource({
    client,
    queueUrl: sqs.queueUrl("jobs"),
    queueArn: sqs.queueArn("jobs"),
    region: "eu-west-2",
    batchSize: 10,
    consumer,
  });
  closers.push(() => source.stop());
  const queue: LocalDispatchQueue = localDispatchQueue(
    sqs.queues,
    { queue: "jobs", deadLetterQueue: "jobs-dlq" },
    source,
  );
  const adapter = new SqsQueue({ client, queueUrl: sqs.queueUrl("jobs") });
  return { queue, adapter, source, sqs };
}

describe("the local SQS event source mapping", () => {
  it("delivers SQS-shaped records and deletes the ones that succeed", async () => {
    const seen: SQSEvent[] = [];
    const { queue, adapter, source, sqs } = await aQueue(async (event) => {
      seen.push(event);
      return { batchItemFailures: [] };
    });
    source.start();
    await adapter.send({ reference: "SPD-2222-2222" });
    await queue.drained(WAIT.timeout);
    expect(seen).toHaveLength(1);
    const record = seen[0]?.Records[0];
    expect(JSON.parse(record?.body ?? "")).toEqual({ reference: "SPD-2222-2222" });
    expect(record?.attributes.ApproximateReceiveCount).toBe("1");
    expect(record?.md5OfBody).toBe(
      createHash("md5")
        .update(record?.body ?? "")
        .digest("hex"),
    );
    expect(record?.eventSource).toBe("aws:sqs");
    expect(record?.eventSourceARN).toBe(sqs.queueArn("jobs"));
    expect(record?.receiptHandle).not.toBe("");
    expect(queue.depth).toEqual({ visible: 0, inFlight: 0, deadLetters: 0 });
  });

  it("retries only the failed records of a batch, then dead-letters after maxReceiveCount", async () => {
    const counts = new Map<string, number>();
    const { queue, adapter, source } = await aQueue(async (event) => ({
      batchItemFailures: event.Records.filter((r) => {
        const ref = JSON.parse(r.body).reference as string;
        counts.set(ref, (counts.get(ref) ?? 0) + 1);
        return ref === "bad";
      }).map((r) => ({ itemIdentifier: r.messageId })),
    }));
    await adapter.send({ reference: "good" });
    await adapter.send({ reference: "bad" });
    source.start();
    await expect.poll(() => queue.depth.deadLetters, WAIT).toBe(1);
    expect(counts.get("good")).toBe(1);
    expect(counts.get("bad")).toBe(3);
    expect(JSON.parse(queue.deadLetters()[0]?.body ?? "")).toEqual({ reference: "bad" });
  });

  it("treats a consumer that throws as a failure of the whole batch", async () => {
    let calls = 0;
    const { queue, adapter, source } = await aQueue(
      async () => {
        calls++;
        throw new Error("boom");
      },
      { maxReceiveCount: 2 },
    );
    source.start();
    await adapter.send({ reference: "x" });
    await expect.poll(() => queue.depth.deadLetters, WAIT).toBe(1);
    expect(calls).toBe(2);
  });

  it("treats a failure naming no record of the batch as a failure of the whole batch, as Lambda does", async () => {
    const { queue, adapter, source } = await aQueue(
      async () => ({ batchItemFailures: [{ itemIdentifier: "" }] }),
      {
        maxReceiveCount: 1,
      },
    );
    source.start();
    await adapter.send({ reference: "x" });
    await expect.poll(() => queue.depth.deadLetters, WAIT).toBe(1);
  });

  it("brings a failed record back when the consumer changes its visibility, not before", async () => {
    const counts: string[] = [];
    // A visibility timeout no test waits out: only the consumer's ChangeMessageVisibility brings it back.
    const state: { adapter?: SqsQueue } = {};
    const { queue, adapter, source } = await aQueue(
      async (event) => {
        const record = event.Records[0];
        counts.push(record?.attributes.ApproximateReceiveCount ?? "");
        if (counts.length > 1) return { batchItemFailures: [] };
        await state.adapter?.changeVisibility(record?.receiptHandle ?? "", 0);
        return { batchItemFailures: [{ itemIdentifier: record?.messageId ?? "" }] };
      },
      { visibilityTimeoutMs: 3_600_000 },
    );
    state.adapter = adapter;
    source.start();
    await adapter.send({ reference: "x" });
    await queue.drained(WAIT.timeout);
    expect(counts).toEqual(["1", "2"]);
  });

  it("redrives dead letters with a fresh receive count", async () => {
    let fail = true;
    const delivered: string[] = [];
    const { queue, adapter, source } = await aQueue(
      async (event) => {
        delivered.push(...event.Records.map((r) => r.attributes.ApproximateReceiveCount));
        return { batchItemFailures: fail ? event.Records.map((r) => ({ itemIdentifier: r.messageId })) : [] };
      },
      { maxReceiveCount: 1 },
    );
    source.start();
    await adapter.send({ reference: "x" });
    await expect.poll(() => queue.depth.deadLetters, WAIT).toBe(1);
    fail = false;
    expect(queue.redrive()).toBe(1);
    await queue.drained(WAIT.timeout);
    expect(delivered).toEqual(["1", "1"]);
    expect(queue.depth.deadLetters).toBe(0);
  });

  it("keeps unsent messages and dead letters across a restart when persisted", async () => {
    const dir = mkdtempSync(join(tmpdir(), "signpost-queue-"));
    try {
      const persistPath = join(dir, "queues.json");
      const first = await aQueue(async () => ({ batchItemFailures: [] }), {
        persistPath,
        maxReceiveCount: 1,
      });
      await first.adapter.send({ reference: "kept" });
      first.sqs.queues.send("jobs-dlq", JSON.stringify({ reference: "dead" }));
      for (const close of closers.splice(0).reverse()) await close();

      const bodies: string[] = [];
      const restarted = await aQueue(
        async (event) => {
          bodies.push(...event.Records.map((r) => r.body));
          return { batchItemFailures: [] };
        },
        { persistPath },
      );
      restarted.source.start();
      await restarted.queue.drained(WAIT.timeout);
      expect(bodies).toEqual([JSON.stringify({ reference: "kept" })]);
      expect(restarted.queue.deadLetters().map((m) => m.body)).toEqual([
        JSON.stringify({ reference: "dead" }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
