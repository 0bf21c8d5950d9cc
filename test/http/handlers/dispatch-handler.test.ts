import { SESClient } from "@aws-sdk/client-ses";
import type { SQSBatchResponse, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { SesMailer } from "#adapters/ses/ses-mailer.js";
import { SendInProgressError, UpstreamError } from "#core/errors.js";
import { services } from "#core/services/index.js";
import { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import { createDispatchHandler, type DispatchHandlerDeps } from "#http/handlers/dispatch-handler.js";
import { localContext } from "../../../functions/local/lambda-context.js";
import { oneCouncilSending, testCouncil } from "../../helpers/councils.js";
import { directoryOf } from "../../helpers/fake-directory.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { TEST_FIRST_COUNCIL } from "../../helpers/memory-case-store.js";

// The dispatch queue consumer with fakes: each record is sent on its own, failures come back as
// partial batch failures, a failed attempt is pushed back (ChangeMessageVisibility), and the last
// attempt marks the case not sent.

const MAX = 3;

function record(id: string, body: unknown, attempt = 1): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `receipt-${id}-${attempt}`,
    body: typeof body === "string" ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: String(attempt),
      SentTimestamp: "1795428000000",
      SenderId: "AIDAEXAMPLE",
      ApproximateFirstReceiveTimestamp: "1795428000100",
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:eu-west-2:111122223333:signpost-dispatch",
    awsRegion: "eu-west-2",
  };
}

const job = (reference: string) => ({ reference });

/** Fakes for every dependency; `failures` maps a reference to the error its send throws. */
function setup(
  options: {
    failures?: Record<string, Error>;
    delayFails?: boolean;
    markFails?: boolean;
    afterBatchFails?: boolean;
    backoff?: DispatchHandlerDeps["backoff"];
    noDelay?: boolean;
    /** The invocation's time: each send takes `sendMs` of `remainingMs`, against `recordBudgetMs`. */
    time?: { remainingMs: number; sendMs: number; recordBudgetMs: number };
  } = {},
) {
  let remainingMs = options.time?.remainingMs ?? 30_000;
  const log: string[] = [];
  const delays: Array<{ receiptHandle: string; seconds: number }> = [];
  const notSent: Array<{ reference: string; attempts: number; lastError: string }> = [];
  const deps: DispatchHandlerDeps = {
    maxReceiveCount: MAX,
    dispatchReport: async (reference) => {
      log.push(`start ${reference}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      remainingMs -= options.time?.sendMs ?? 0;
      log.push(`end ${reference}`);
      const failure = options.failures?.[reference];
      if (failure) throw failure;
      return { outcome: "sent", recipient: "clerk@example.org", destination: "parish" };
    },
    markNotSent: async (reference, attempts, lastError) => {
      if (options.markFails) throw new Error("table unavailable");
      notSent.push({ reference, attempts, lastError });
    },
    afterBatch: async () => {
      log.push("afterBatch");
      if (options.afterBatchFails) throw new Error("cache refresh failed");
    },
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.time ? { recordBudgetMs: options.time.recordBudgetMs } : {}),
    ...(options.noDelay
      ? {}
      : {
          delayRetry: async (receiptHandle: string, seconds: number) => {
            if (options.delayFails) throw new Error("ChangeMessageVisibility denied");
            delays.push({ receiptHandle, seconds });
          },
        }),
  };
  const handler = createDispatchHandler(deps);
  const context = { ...localContext("dispatch"), getRemainingTimeInMillis: () => remainingMs };
  const run = (...records: SQSRecord[]) => handler({ Records: records }, context);
  return { run, log, delays, notSent };
}

const failed = (response: SQSBatchResponse) => response.batchItemFailures.map((f) => f.itemIdentifier);

describe("dispatch handler", () => {
  it("sends every record, one after another, and reports no failures", async () => {
    const { run, log, delays, notSent } = setup();
    const response = await run(record("m1", job("SPD-1")), record("m2", job("SPD-2")));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(log).toEqual(["start SPD-1", "end SPD-1", "start SPD-2", "end SPD-2", "afterBatch"]);
    expect(delays).toEqual([]);
    expect(notSent).toEqual([]);
  });

  it("answers an empty batch with no failures", async () => {
    const { run } = setup();
    expect(await run()).toEqual({ batchItemFailures: [] });
  });

  it("reports only the failed record and pushes its next attempt back", async () => {
    const { run, log, delays, notSent } = setup({
      failures: { "SPD-2": new UpstreamError("SES", "throttled") },
    });
    const response = await run(
      record("m1", job("SPD-1")),
      record("m2", job("SPD-2")),
      record("m3", job("SPD-3")),
    );
    expect(failed(response)).toEqual(["m2"]);
    expect(log.filter((l) => l.startsWith("end"))).toEqual(["end SPD-1", "end SPD-2", "end SPD-3"]);
    expect(delays).toEqual([{ receiptHandle: "receipt-m2-1", seconds: 30 }]);
    expect(notSent).toEqual([]);
  });

  it("backs off exponentially with the attempt number", async () => {
    const { run, delays } = setup({ failures: { "SPD-1": new Error("down") } });
    await run(record("m1", job("SPD-1"), 2));
    expect(delays).toEqual([{ receiptHandle: "receipt-m1-2", seconds: 60 }]);
  });

  it("uses the configured back-off, capped", async () => {
    const { run, delays } = setup({
      failures: { "SPD-1": new Error("down") },
      backoff: { baseSeconds: 10, maxSeconds: 15 },
    });
    await run(record("m1", job("SPD-1"), 1), record("m2", job("SPD-1"), 2));
    expect(delays.map((d) => d.seconds)).toEqual([10, 15]);
  });

  it("retries a send another attempt is making (SendInProgressError) later, without giving up", async () => {
    const { run, delays, notSent } = setup({
      failures: { "SPD-1": new SendInProgressError("Case SPD-1 is being sent by another attempt") },
    });
    const response = await run(record("m1", job("SPD-1"), 1));
    expect(failed(response)).toEqual(["m1"]);
    expect(delays).toEqual([{ receiptHandle: "receipt-m1-1", seconds: 30 }]);
    expect(notSent).toEqual([]);
  });

  it("on the last attempt marks the case not sent instead of delaying, and still reports the failure", async () => {
    const { run, delays, notSent } = setup({ failures: { "SPD-1": new UpstreamError("SES", "down") } });
    const response = await run(record("m1", job("SPD-1"), MAX));
    expect(failed(response)).toEqual(["m1"]);
    expect(notSent).toEqual([{ reference: "SPD-1", attempts: MAX, lastError: "UpstreamError: SES: down" }]);
    expect(delays).toEqual([]);
  });

  it("treats an attempt past the redrive count as the last one too", async () => {
    const { run, notSent } = setup({ failures: { "SPD-1": new Error("down") } });
    await run(record("m1", job("SPD-1"), MAX + 2));
    expect(notSent).toEqual([{ reference: "SPD-1", attempts: MAX + 2, lastError: "Error: down" }]);
  });

  it("reports every record when the whole batch fails, without failing the invocation", async () => {
    const down = new Error("down");
    const { run, log } = setup({ failures: { "SPD-1": down, "SPD-2": down } });
    const response = await run(record("m1", job("SPD-1")), record("m2", job("SPD-2")));
    expect(failed(response)).toEqual(["m1", "m2"]);
    expect(log.at(-1)).toBe("afterBatch");
  });

  it("reports a malformed job as failed without touching any case", async () => {
    const { run, log, notSent, delays } = setup();
    const response = await run(
      record("m1", "not json"),
      record("m2", { reference: "" }),
      record("m3", { ref: "SPD-1" }),
      record("m4", job("SPD-4")),
    );
    expect(failed(response)).toEqual(["m1", "m2", "m3"]);
    expect(log.filter((l) => l.startsWith("start"))).toEqual(["start SPD-4"]);
    expect(notSent).toEqual([]);
    expect(delays.map((d) => d.receiptHandle)).toEqual(["receipt-m1-1", "receipt-m2-1", "receipt-m3-1"]);
  });

  it("does not mark anything when a malformed job reaches its last attempt", async () => {
    const { run, notSent } = setup();
    expect(failed(await run(record("m1", "{}", MAX)))).toEqual(["m1"]);
    expect(notSent).toEqual([]);
  });

  it("still reports the failure when recording the failed attempt fails", async () => {
    const { run } = setup({ failures: { "SPD-1": new Error("down") }, delayFails: true, markFails: true });
    const response = await run(record("m1", job("SPD-1"), 1), record("m2", job("SPD-1"), MAX));
    expect(failed(response)).toEqual(["m1", "m2"]);
  });

  it("leaves the retry to the queue's own timing when it cannot delay", async () => {
    const { run, delays } = setup({ failures: { "SPD-1": new Error("down") }, noDelay: true });
    expect(failed(await run(record("m1", job("SPD-1"))))).toEqual(["m1"]);
    expect(delays).toEqual([]);
  });

  it("finishes background work after the batch and ignores its failure", async () => {
    const { run, log } = setup({ afterBatchFails: true });
    expect(await run(record("m1", job("SPD-1")))).toEqual({ batchItemFailures: [] });
    expect(log.at(-1)).toBe("afterBatch");
  });

  it("keeps no state between invocations", async () => {
    const { run } = setup({ failures: { "SPD-1": new Error("down") } });
    expect(failed(await run(record("m1", job("SPD-1"))))).toEqual(["m1"]);
    expect(failed(await run(record("m2", job("SPD-2"))))).toEqual([]);
  });
});

describe("dispatch handler with little time left", () => {
  const time = { remainingMs: 100_000, sendMs: 30_000, recordBudgetMs: 30_000 };
  const batch = () => [1, 2, 3, 4, 5].map((n) => record(`m${n}`, job(`SPD-${n}`)));

  it("starts only the records that fit and hands the rest back unstarted, with no back-off", async () => {
    const { run, log, delays, notSent } = setup({ time });
    const response = await run(...batch());
    // 100 s: three 30 s sends fit; 10 s is left, less than one record's worst case.
    expect(log.filter((l) => l.startsWith("start"))).toEqual(["start SPD-1", "start SPD-2", "start SPD-3"]);
    expect(log.filter((l) => l.startsWith("end"))).toEqual(["end SPD-1", "end SPD-2", "end SPD-3"]);
    expect(failed(response)).toEqual(["m4", "m5"]);
    expect(delays).toEqual([
      { receiptHandle: "receipt-m4-1", seconds: 0 },
      { receiptHandle: "receipt-m5-1", seconds: 0 },
    ]);
    expect(notSent).toEqual([]);
    expect(log.at(-1)).toBe("afterBatch");
  });

  it("starts nothing when not even one record fits", async () => {
    const { run, log } = setup({ time: { ...time, remainingMs: 29_999 } });
    const response = await run(...batch());
    expect(failed(response)).toEqual(["m1", "m2", "m3", "m4", "m5"]);
    expect(log).toEqual(["afterBatch"]);
  });

  it("on the last receive marks a handed-back case not sent, as SQS will dead-letter it", async () => {
    const { run, log, notSent, delays } = setup({ time: { ...time, remainingMs: 1000 } });
    const response = await run(record("m1", job("SPD-1"), MAX));
    expect(failed(response)).toEqual(["m1"]);
    expect(log).toEqual(["afterBatch"]);
    expect(delays).toEqual([]);
    expect(notSent).toEqual([
      {
        reference: "SPD-1",
        attempts: MAX,
        lastError: "HandedBackError: Not enough time left in the invocation to start it",
      },
    ]);
  });
});

describe("a report that can never be sent (a lone surrogate stored past the edge)", () => {
  it("is tried once and marked not sent for staff: no retry, no dead letter", async () => {
    const caseStore = new MemoryCaseStore();
    const parish = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
    await caseStore.create(
      {
        reference: "SPD-AAAA-AAA4",
        service: "speeding",
        status: "new",
        delivery: "queued",
        createdAt: "2026-11-23T09:00:00.000Z",
        updatedAt: "2026-11-23T09:00:00.000Z",
        answers: { danger: "no" },
        location: { lat: 51.5, lng: -0.8 },
        description: "Fast cars \ud800 here",
        destination: parish,
        routing: { ruleId: "r", requested: "parish", area: parish, reason: "in the parish" },
        retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
      },
      [],
    );
    // The real SES client and serialiser; a request that got as far as the network is recorded.
    const requests: unknown[] = [];
    const client = new SESClient({
      region: "eu-west-2",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
      requestHandler: {
        handle: async (request: unknown) => {
          requests.push(request);
          throw new Error("no network here");
        },
      },
    });
    const mailer = new SesMailer({ client, from: "signpost@district.example" });
    let sends = 0;
    const clock = { now: () => new Date("2026-11-23T10:00:00Z") };
    const dispatchReport = createDispatchReport({
      services,
      caseStore,
      ...oneCouncilSending(
        directoryOf(() => ({
          councilName: "Ashcombe PC",
          email: "clerk@ashcombe.example",
          source: "x",
          via: "web-service",
        })),
        testCouncil({ email: "team@district.example" }),
      ),
      mailer: { send: (email) => (sends++, mailer.send(email)) },
      clock,
    });
    const notSent: string[] = [];
    const delays: number[] = [];
    const handler = createDispatchHandler({
      dispatchReport,
      markNotSent: async (reference) => void notSent.push(reference),
      maxReceiveCount: MAX,
      delayRetry: async (_, seconds) => void delays.push(seconds),
    });

    const response = await handler(
      { Records: [record("m1", job("SPD-AAAA-AAA4"))] },
      localContext("dispatch"),
    );
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sends).toBe(1);
    expect(requests).toEqual([]);
    expect(notSent).toEqual([]);
    expect(delays).toEqual([]);
    expect((await caseStore.get("SPD-AAAA-AAA4"))?.delivery).toBe("failed");
    const [failure] = (await caseStore.timeline("SPD-AAAA-AAA4")).filter((e) => e.type === "send-failed");
    expect(failure?.summary).toContain("cannot send this report as it is");
    expect(failure?.data?.error).toMatch(/PermanentSendError: .*URIError: URI malformed/);
    // Staff find it with the "not sent" filter.
    expect(
      (await caseStore.listCases({ council: TEST_FIRST_COUNCIL, notSent: true, limit: 5 })).cases,
    ).toHaveLength(1);
  });
});
