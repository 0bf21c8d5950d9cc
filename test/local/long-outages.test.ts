import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { type FaultProxy, sesUnavailable, startFaultProxy } from "../helpers/fault-proxy.js";
import { QUEUE_DEADLINE_MS, queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// The retry schedule against outages far longer than the old one survived, everything scaled by
// 1/1000: the real schedule of 30 s doubling to 900 s, which the local SQS endpoint runs with a
// second lasting 1 ms, so retries at 30 ms doubling to 900 ms over 10 receives (4.53 s, standing for 75 minutes),
// against a 2.7 s outage (45 minutes; the old 2–16 s schedule gave up after 30 s, here 30 ms).
// Every report must end sent exactly once, with nothing dead-lettered and nothing left unconfirmed.

const OUTAGE_MS = 2700;
const scaled = {
  queue: { visibilityTimeoutMs: 900, maxReceiveCount: 10, secondMs: 1 },
  env: {
    RETRY_BASE_SECONDS: "30",
    RETRY_MAX_SECONDS: "900",
    SEND_CLAIM_LEASE_SECONDS: "0.45",
    MODERNGOV_TIMEOUT_MS: "300",
    MODERNGOV_MIN_INTERVAL_MS: "100",
    // Scaled like the rest: a hanging look-up gives up after 3.4 s (25 s in AWS).
    MODERNGOV_LOOKUP_DEADLINE_MS: "3400",
  },
};
const parish = demoPostcodes().find((p) => p.expected === "E04999001")?.postcode as string;

async function submitSeveral(stack: LocalStack, count: number): Promise<string[]> {
  const responses = await Promise.all(
    Array.from({ length: count }, () =>
      postReport(stack.urls.api, aReport({ location: { postcode: parish }, description: "Outage test" })),
    ),
  );
  return Promise.all(
    responses.map(async (response) => {
      expect(response.status).toBe(201);
      return ((await response.json()) as { reference: string }).reference;
    }),
  );
}

/** Every report sent, each emailed once, and nothing dead-lettered. */
async function expectEachSentOnce(stack: LocalStack, references: string[]): Promise<void> {
  for (const reference of references) {
    await expect
      .poll(async () => (await stack.app.caseStore.get(reference))?.delivery, {
        timeout: QUEUE_DEADLINE_MS,
        interval: 50,
      })
      .toMatch(/^(sent|failed|unconfirmed)$/);
  }
  await queueDrained(stack);
  for (const reference of references) {
    expect((await stack.app.caseStore.get(reference))?.delivery).toBe("sent");
    expect(await emailsAbout(stack.urls.ses, reference)).toHaveLength(1);
  }
  expect(stack.queue.depth.deadLetters).toBe(0);
}

/** A fault proxy in front of one endpoint, faulting its requests until the outage ends. */
function useOutage(fault: (body: string) => boolean, decision: Parameters<FaultProxy["rule"]>[0]) {
  const state = { proxy: undefined as unknown as FaultProxy, endsAt: 0 };
  beforeAll(async () => {
    state.proxy = await startFaultProxy();
  });
  afterAll(async () => {
    await state.proxy?.close();
  });
  const begin = () => {
    state.endsAt = Date.now() + OUTAGE_MS;
    state.proxy.rule((r) => (Date.now() < state.endsAt && fault(r.body) ? decision(r) : "pass"));
  };
  return { state, begin };
}

describe("an SES outage of 45 minutes (scaled)", () => {
  const outage = useOutage(
    (body) => body.includes("Action=SendEmail"),
    () => sesUnavailable,
  );
  let stack: LocalStack;
  useLocalStack({ ...scaled, endpoints: { ses: (url) => outage.state.proxy.forwardTo(url) } }, (started) => {
    stack = started;
  });

  it("ends with every report sent once after the outage, none dead-lettered", async () => {
    outage.begin();
    const references = await submitSeveral(stack, 4);
    await expectEachSentOnce(stack, references);
    // The sends really did fail during the outage and were retried.
    expect(outage.state.proxy.counts.faulted).toBeGreaterThanOrEqual(references.length);
  }, 90_000);
});

describe("a Modern.Gov outage of 45 minutes (scaled), with a dispatch timeout too short for a batch", () => {
  const outage = useOutage(
    () => true,
    () => "hang",
  );
  const handBacks: string[] = [];
  let stack: LocalStack;
  useLocalStack(
    {
      ...scaled,
      endpoints: { moderngov: (url) => outage.state.proxy.forwardTo(url) },
      // One record's worst case here is the 3400 ms look-up deadline + 500 + 4500 = 8400 ms: room for
      // one or two hanging look-ups an invocation; the rest of each batch must be handed back.
      dispatchTimeoutMs: 8900,
      recordCalls: (call) => {
        if (call.function === "dispatch" && call.action === "sqs:ChangeMessageVisibility")
          handBacks.push(call.action);
      },
    },
    (started) => {
      stack = started;
    },
  );

  it("hands back what does not fit, and ends with every report sent once, none dead-lettered", async () => {
    outage.begin();
    const references = await submitSeveral(stack, 6);
    await expectEachSentOnce(stack, references);
    // No send fails here (the district takes what the directory cannot place), so every change of
    // visibility is a record handed back unstarted.
    expect(handBacks.length).toBeGreaterThan(0);
    for (const reference of references) {
      const types = (await stack.app.caseStore.timeline(reference)).map((e) => e.type);
      expect(types).not.toContain("send-unconfirmed");
    }
  }, 90_000);
});
