import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import {
  dynamoThrottle,
  type FaultDecision,
  type FaultProxy,
  sesUnavailable,
  startFaultProxy,
} from "../helpers/fault-proxy.js";
import { QUEUE_DEADLINE_MS, queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// Faults injected between the functions and the real local endpoints. Whatever fails, every
// accepted report must end sent (maybe re-routed), or dead-lettered / unconfirmed and visible to
// staff, and no report is ever emailed twice.

const fast = {
  // Retries 50 "seconds" apart, a second lasting 1 ms on the local SQS endpoint.
  queue: { visibilityTimeoutMs: 100, maxReceiveCount: 4, secondMs: 1 },
  env: { RETRY_BASE_SECONDS: "50", SEND_CLAIM_LEASE_SECONDS: "0.3", MODERNGOV_TIMEOUT_MS: "300" },
};
const parish = demoPostcodes().find((p) => p.expected === "E04999001")?.postcode as string;

async function submit(stack: LocalStack, postcode = parish): Promise<{ status: number; reference?: string }> {
  const response = await postReport(
    stack.urls.api,
    aReport({ location: { postcode }, description: "Fault test" }),
  );
  const body = (await response.json()) as { reference?: string };
  return { status: response.status, ...(body.reference ? { reference: body.reference } : {}) };
}

/** Waits for the queue to settle and returns the case's final state. */
async function settle(stack: LocalStack, reference: string): Promise<Case> {
  await expect
    .poll(async () => (await stack.app.caseStore.get(reference))?.delivery, {
      timeout: QUEUE_DEADLINE_MS,
      interval: 50,
    })
    .toMatch(/^(sent|failed|unconfirmed)$/);
  await queueDrained(stack);
  return (await stack.app.caseStore.get(reference)) as Case;
}

const types = async (stack: LocalStack, reference: string) =>
  (await stack.app.caseStore.timeline(reference)).map((e) => e.type);

describe("SES and DynamoDB faults", () => {
  const ses = { proxy: undefined as unknown as FaultProxy };
  const dynamo = { proxy: undefined as unknown as FaultProxy };
  let stack: LocalStack;
  beforeAll(async () => {
    ses.proxy = await startFaultProxy();
    dynamo.proxy = await startFaultProxy();
  });
  afterAll(async () => {
    await ses.proxy?.close();
    await dynamo.proxy?.close();
  });
  // Registered after the proxies' hooks: starts once they are up and stops before they close.
  useLocalStack(
    {
      ...fast,
      endpoints: { ses: (url) => ses.proxy.forwardTo(url), dynamodb: (url) => dynamo.proxy.forwardTo(url) },
    },
    (started) => {
      stack = started;
    },
  );

  it("sends once when SES fails the first few attempts", async () => {
    let failures = 4;
    ses.proxy.rule((r) => (r.body.includes("Action=SendEmail") && failures-- > 0 ? sesUnavailable : "pass"));
    const { reference } = await submit(stack);
    const final = await settle(stack, reference as string);
    expect(final.delivery).toBe("sent");
    expect(await emailsAbout(stack.urls.ses, reference as string)).toHaveLength(1);
    expect(await types(stack, reference as string)).toContain("send-failed");
    ses.proxy.rule(() => "pass");
  });

  it("dead-letters visibly when SES is down throughout, and a re-drive then sends it once", async () => {
    ses.proxy.rule((r) => (r.body.includes("Action=SendEmail") ? sesUnavailable : "pass"));
    const { reference } = await submit(stack);
    const final = await settle(stack, reference as string);
    expect(final.delivery).toBe("failed");
    expect(await types(stack, reference as string)).toContain("dead-lettered");
    expect(await emailsAbout(stack.urls.ses, reference as string)).toHaveLength(0);
    expect(stack.queue.depth.deadLetters).toBeGreaterThanOrEqual(1);

    ses.proxy.rule(() => "pass");
    const redrive = await fetch(`${stack.urls.api}/_local/redrive`, {
      method: "POST",
      body: JSON.stringify({ deadLetters: true }),
    });
    expect(await redrive.json()).toMatchObject({ [reference as string]: "redriven" });
    await expect
      .poll(async () => (await stack.app.caseStore.get(reference as string))?.delivery)
      .toBe("sent");
    await queueDrained(stack);
    expect(await emailsAbout(stack.urls.ses, reference as string)).toHaveLength(1);
    expect(stack.queue.depth.deadLetters).toBe(0);
  });

  it("never emails twice when the dispatcher fails between sending and recording it", async () => {
    let crashes = 1;
    dynamo.proxy.rule((r) =>
      r.headers["x-amz-target"] === "DynamoDB_20120810.UpdateItem" &&
      r.body.includes('"S":"sent"') &&
      crashes-- > 0
        ? {
            status: 400,
            body: JSON.stringify({
              __type: "com.amazon.coral.validate#ValidationException",
              message: "Injected crash",
            }),
          }
        : "pass",
    );
    const { reference } = await submit(stack);
    const final = await settle(stack, reference as string);
    dynamo.proxy.rule(() => "pass");
    expect(final.delivery).toBe("unconfirmed");
    expect(await types(stack, reference as string)).toContain("send-unconfirmed");
    expect(await emailsAbout(stack.urls.ses, reference as string)).toHaveLength(1);
  });

  it("accounts for every accepted report while DynamoDB throttles 15% of calls", async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    dynamo.proxy.rule(() => (random() < 0.15 ? dynamoThrottle : "pass"));
    const results = await Promise.all(Array.from({ length: 12 }, () => submit(stack)));
    const accepted = results.filter((r) => r.status === 201).map((r) => r.reference as string);
    expect(results.every((r) => r.status === 201 || r.status === 500)).toBe(true);
    expect(accepted.length).toBeGreaterThan(6);
    const finals: string[] = [];
    for (const reference of accepted) {
      const final = await settle(stack, reference);
      finals.push(final.delivery);
      expect(["sent", "failed", "unconfirmed"]).toContain(final.delivery);
      expect((await emailsAbout(stack.urls.ses, reference)).length).toBeLessThanOrEqual(1);
      if (final.delivery === "sent") expect(await emailsAbout(stack.urls.ses, reference)).toHaveLength(1);
    }
    dynamo.proxy.rule(() => "pass");
    expect(dynamo.proxy.counts.faulted).toBeGreaterThan(0);
    console.log(
      `throttled DynamoDB: ${accepted.length}/12 accepted; final states ${JSON.stringify(countBy(finals))}`,
    );
  }, 180_000);
});

const moderngovFaults: Array<[string, FaultDecision]> = [
  ["dropping connections", "reset"],
  ["slow past the timeout", "hang"],
  [
    "answering HTML with 200",
    { status: 200, contentType: "text/html", body: "<html><body>Sorry</body></html>" },
  ],
  ["answering garbage with 200", { status: 200, contentType: "text/xml", body: "\u0000\u0001garbage<<<" }],
  ["failing with 503", { status: 503, contentType: "text/html", body: "<h1>Service Unavailable</h1>" }],
];

describe.each(moderngovFaults)("Modern.Gov %s", (_, fault) => {
  let proxy: FaultProxy;
  let stack: LocalStack;
  beforeAll(async () => {
    proxy = await startFaultProxy();
    proxy.rule(() => fault);
  });
  afterAll(async () => {
    await proxy?.close();
  });
  useLocalStack({ ...fast, endpoints: { moderngov: (url) => proxy.forwardTo(url) } }, (started) => {
    stack = started;
  });

  it("sends the parish report to the district, once, saying why", async () => {
    const { reference } = await submit(stack);
    const final = await settle(stack, reference as string);
    expect(final).toMatchObject({ delivery: "sent", recipient: stack.config.DISTRICT_EMAIL });
    const rerouted = (await stack.app.caseStore.timeline(reference as string)).find(
      (e) => e.type === "rerouted",
    );
    expect(rerouted?.summary).toContain("could not be fetched");
    expect(await emailsAbout(stack.urls.ses, reference as string)).toHaveLength(1);
  });
});

function countBy(values: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

/** SQS's answer while it is failing (a 500 InternalFailure, which the SDK retries, then gives up). */
const sqsFailing = {
  status: 500,
  contentType: "application/x-amz-json-1.0",
  body: JSON.stringify({ __type: "com.amazonaws.sqs#InternalFailure", message: "Injected outage" }),
};

describe("SQS failing when intake queues the job", () => {
  const sqs = { proxy: undefined as unknown as FaultProxy };
  let stack: LocalStack;
  beforeAll(async () => {
    sqs.proxy = await startFaultProxy();
  });
  afterAll(async () => {
    await sqs.proxy?.close();
  });
  useLocalStack({ ...fast, endpoints: { sqs: (url) => sqs.proxy.forwardTo(url) } }, (started) => {
    stack = started;
  });

  it("gives no reference while the job cannot be queued; the client's retry queues it and it is sent once", async () => {
    const report = aReport({ location: { postcode: parish }, description: "SQS fault test" });
    const headers = { "idempotency-key": "sqs-outage-0001" };
    sqs.proxy.rule((r) => (r.headers["x-amz-target"] === "AmazonSQS.SendMessage" ? sqsFailing : "pass"));
    const failed = await postReport(stack.urls.api, report, headers);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(sqs.proxy.counts.faulted).toBeGreaterThanOrEqual(1);

    sqs.proxy.rule(() => "pass");
    const retried = await postReport(stack.urls.api, report, headers);
    expect(retried.status).toBe(201);
    const { reference } = (await retried.json()) as { reference: string };
    const final = await settle(stack, reference);
    expect(final.delivery).toBe("sent");
    expect(await emailsAbout(stack.urls.ses, reference)).toHaveLength(1);
  });
});
