import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { ResidentUpdateJob } from "#core/ports/queue.js";
import { createDispatchHandler, type DispatchHandlerDeps } from "#http/handlers/dispatch-handler.js";
import { localContext } from "../../../functions/local/lambda-context.js";

// Jobs with `residentUpdate` go to the progress email, never to the report's dispatch; a failure
// is retried like any other, and its last attempt dead-letters without marking the report not sent.

const MAX = 3;
const UPDATE: ResidentUpdateJob = { updateId: "u-1", status: "in-progress", text: "Booked." };

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

function setup(emailFails = false) {
  const calls: string[] = [];
  const notSent: string[] = [];
  const deps: DispatchHandlerDeps = {
    maxReceiveCount: MAX,
    dispatchReport: async (reference) => {
      calls.push(`report ${reference}`);
      return { outcome: "sent", recipient: "clerk@example.org", destination: "parish" };
    },
    emailResidentUpdate: async (reference, update) => {
      calls.push(`update ${reference} ${update.updateId} ${update.status} ${update.text}`);
      if (emailFails) throw new Error("Throttling");
      return "sent";
    },
    markNotSent: async (reference) => {
      notSent.push(reference);
    },
  };
  const handler = createDispatchHandler(deps);
  const run = (...records: SQSRecord[]) => handler({ Records: records }, localContext("dispatch"));
  return { run, calls, notSent };
}

describe("dispatch handler, resident update jobs", () => {
  it("emails the update, and sends a plain job's report as before", async () => {
    const { run, calls } = setup();
    const response = await run(
      record("m1", { reference: "SPD-1", residentUpdate: UPDATE }),
      record("m2", { reference: "SPD-2" }),
    );
    expect(response.batchItemFailures).toEqual([]);
    expect(calls).toEqual(["update SPD-1 u-1 in-progress Booked.", "report SPD-2"]);
  });

  it("refuses an update whose status is not a public status, without sending anything", async () => {
    const { run, calls } = setup();
    const response = await run(
      record("m1", { reference: "SPD-1", residentUpdate: { ...UPDATE, status: "internal" } }),
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect(calls).toEqual([]);
  });

  it("retries a failed update and dead-letters it at the last attempt, leaving the report's delivery alone", async () => {
    const { run, notSent } = setup(true);
    const job = { reference: "SPD-1", residentUpdate: UPDATE };
    expect((await run(record("m1", job, 1))).batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect((await run(record("m1", job, MAX))).batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect(notSent).toEqual([]);
  });
});
