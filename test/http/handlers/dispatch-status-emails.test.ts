import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createDispatchHandler, type DispatchHandlerDeps } from "#http/handlers/dispatch-handler.js";
import { localContext } from "../../../functions/local/lambda-context.js";

// Jobs with `statusEmail` (asked for on "Check your report") go to the status email, never to the
// report's dispatch; a failure is retried, and its last attempt leaves the report's delivery alone.

const MAX = 3;

function record(id: string, body: unknown, attempt = 1): SQSRecord {
  return {
    messageId: id,
    receiptHandle: `receipt-${id}-${attempt}`,
    body: JSON.stringify(body),
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

function setup(options: { emailFails?: boolean; wired?: boolean } = {}) {
  const calls: string[] = [];
  const notSent: string[] = [];
  const deps: DispatchHandlerDeps = {
    maxReceiveCount: MAX,
    dispatchReport: async (reference) => {
      calls.push(`report ${reference}`);
      return { outcome: "sent", recipient: "clerk@example.org", destination: "parish" };
    },
    ...(options.wired === false
      ? {}
      : {
          emailReportStatus: async (reference: string) => {
            calls.push(`status ${reference}`);
            if (options.emailFails) throw new Error("Throttling");
            return "sent" as const;
          },
        }),
    markNotSent: async (reference) => {
      notSent.push(reference);
    },
  };
  const handler = createDispatchHandler(deps);
  const run = (...records: SQSRecord[]) => handler({ Records: records }, localContext("dispatch"));
  return { run, calls, notSent };
}

describe("dispatch handler, status email jobs", () => {
  it("emails the status, and sends a plain job's report as before", async () => {
    const { run, calls } = setup();
    const response = await run(
      record("m1", { reference: "SPD-1", statusEmail: true }),
      record("m2", { reference: "SPD-2" }),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toEqual(["status SPD-1", "report SPD-2"]);
  });

  it("refuses a job whose statusEmail is not true, without sending anything", async () => {
    const { run, calls } = setup();
    const response = await run(record("m1", { reference: "SPD-1", statusEmail: "yes" }));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect(calls).toEqual([]);
  });

  it("fails a status job where status emails are not wired, rather than sending the report", async () => {
    const { run, calls } = setup({ wired: false });
    const response = await run(record("m1", { reference: "SPD-1", statusEmail: true }));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect(calls).toEqual([]);
  });

  it("retries a failed status email and dead-letters it at the last attempt, leaving the report's delivery alone", async () => {
    const { run, notSent } = setup({ emailFails: true });
    const job = { reference: "SPD-1", statusEmail: true };
    expect((await run(record("m1", job, 1))).batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect((await run(record("m1", job, MAX))).batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect(notSent).toEqual([]);
  });
});
