import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localContext } from "../../functions/local/lambda-context.js";
import type { FunctionName, LocalStack, RecordedCall } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { type FaultProxy, type SeenRequest, startFaultProxy } from "../helpers/fault-proxy.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { deliveryEvent, sqsEvent } from "../helpers/ses-events.js";
import { emailsAbout } from "../helpers/ses-store.js";

// Issue 14, item 7: what one report costs in AWS calls, counted where AWS would bill them. DynamoDB
// and SES calls are counted at their endpoints (a counting proxy in front of dynalite and the SES
// emulator, so retries and calls from any client count); SQS calls as the functions make them
// (SendMessage, ChangeMessageVisibility), not the event source mapping's receive and delete.

/** One call seen at an endpoint, with the order it started and finished in among all calls. */
interface SeenCall {
  service: "dynamodb" | "ses" | "sqs";
  operation: string;
  started: number;
  finished?: number;
}

/** Everything seen, in one order: a causal clock of starts and finishes (no wall-clock time). */
const seen: SeenCall[] = [];
let tick = 0;
/** Which function made each SDK call, as the local stack records them. */
const recorded: RecordedCall[] = [];

/** A proxy in front of a real endpoint that logs each call it passes on, and when it was answered. */
async function countingProxy(service: SeenCall["service"], operationOf: (request: SeenRequest) => string) {
  const proxy = await startFaultProxy();
  proxy.watch((request) => {
    const call: SeenCall = { service, operation: operationOf(request), started: ++tick };
    seen.push(call);
    return () => {
      call.finished = ++tick;
    };
  });
  return proxy;
}

let dynamoProxy: FaultProxy;
let sesProxy: FaultProxy;
beforeAll(async () => {
  dynamoProxy = await countingProxy(
    "dynamodb",
    (request) =>
      String(request.headers["x-amz-target"] ?? "")
        .split(".")
        .at(-1) ?? "?",
  );
  sesProxy = await countingProxy("ses", (request) => new URLSearchParams(request.body).get("Action") ?? "?");
});
afterAll(async () => {
  await dynamoProxy?.close();
  await sesProxy?.close();
});

let stack: LocalStack;
useLocalStack(
  () => ({
    endpoints: { dynamodb: (url) => dynamoProxy.forwardTo(url), ses: (url) => sesProxy.forwardTo(url) },
    recordCalls: (call) => {
      recorded.push(call);
      // The functions' own SQS calls, from their SDK clients; the event source mapping's receives
      // and deletes are the mapping's, not the report's.
      if (call.action === "sqs:SendMessage" || call.action === "sqs:ChangeMessageVisibility") {
        const at = ++tick;
        seen.push({ service: "sqs", operation: call.action.slice(4), started: at, finished: at });
      }
    },
  }),
  (started) => {
    stack = started;
  },
);

/**
 * SES → SNS → SQS → delivery-events: the notice that the report reached its recipient. The only place this
 * test knows the function's event shape.
 */
async function replayDelivery(to: string, reference: string): Promise<void> {
  await stack.deliveryEvents(
    sqsEvent(deliveryEvent(to, reference)),
    localContext("signpost-delivery-events"),
  );
}

/** How many of `calls` each service and operation had: `{ "dynamodb:PutItem": 2, ... }`. */
function tally(calls: SeenCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls)
    counts[`${call.service}:${call.operation}`] = (counts[`${call.service}:${call.operation}`] ?? 0) + 1;
  return counts;
}

/** The longest chain of calls each started after the one before it finished: round trips waited for. */
function sequentialDepth(calls: SeenCall[]): number {
  const depth = new Map<SeenCall, number>();
  for (const call of [...calls].sort((a, b) => a.started - b.started)) {
    const before = calls.filter((c) => c.finished !== undefined && c.finished < call.started);
    depth.set(call, 1 + Math.max(0, ...before.map((c) => depth.get(c) ?? 0)));
  }
  return Math.max(0, ...depth.values());
}

/** What one report cost: every call in the order seen, intake's share, and each function's calls. */
interface Journey {
  reference: string;
  /** Every call at the endpoints (and each SQS call the functions made), in the order seen. */
  calls: SeenCall[];
  /**
   * Intake's calls up to its SQS send, which dispatch waits for: what the resident waits for (a
   * call intake made after the send still shows in `byFunction`).
   */
  beforeAnswer: SeenCall[];
  /** Each function's calls as the local stack records them, by `service:Operation`. */
  byFunction: Partial<Record<FunctionName, Record<string, number>>>;
}

let reports = 0;

/**
 * One report end to end: intake, dispatch, and the delivery notice for the report. Each is about
 * 90 m from the one before, near its postcode's point, so none is a possible duplicate of another
 * (that costs more, and is counted on its own below).
 */
async function oneReport(options: {
  key?: string;
  postcode: string;
  answers?: Record<string, string>;
  samePlace?: boolean;
}) {
  seen.length = 0;
  recorded.length = 0;
  const at = demoPostcodes().find((p) => p.postcode === options.postcode);
  if (!at) throw new Error(`no demo postcode ${options.postcode}`);
  const offset = options.samePlace ? 0 : 0.0008 * ++reports;
  const response = await postReport(
    stack.urls.api,
    aReport({
      location: { lat: at.lat + offset, lng: at.lng },
      ...(options.answers ? { answers: options.answers } : {}),
      reporter: { name: "A Resident", email: RESIDENT, shareWithParish: true },
    }),
    options.key ? { "idempotency-key": options.key } : {},
  );
  expect(response.status).toBe(201);
  const { reference } = (await response.json()) as { reference: string };
  await queueDrained(stack);
  // Read from the SES emulator directly, so the test's own read is not counted.
  const report = (await emailsAbout(stack.urls.ses, reference)).find(
    (e) => !e.destination.to.includes(RESIDENT),
  );
  await replayDelivery(report?.destination.to[0] as string, reference);
  const sendAt = seen.findIndex((c) => c.service === "sqs" && c.operation === "SendMessage");
  return {
    reference,
    calls: [...seen],
    beforeAnswer: seen.slice(0, sendAt + 1),
    byFunction: byFunction(),
  } satisfies Journey;
}

const RESIDENT = "resident@example.org";

/** Each function's calls by `service:Operation`, without the event source mapping's receive and delete. */
function byFunction(): Journey["byFunction"] {
  const out: Journey["byFunction"] = {};
  for (const call of recorded) {
    if (call.action === "sqs:ReceiveMessage" || call.action === "sqs:DeleteMessage") continue;
    const counts = (out[call.function] ??= {});
    const [service, operation] = call.action.split(":") as [string, string];
    counts[`${service}:${operation}`] = (counts[`${service}:${operation}`] ?? 0) + 1;
  }
  return out;
}

/**
 * Issue 14's budget: the answer after at most 2 DynamoDB round trips and the SQS send; 8 calls in
 * all. Issue 15 added four, each a limit or check it asks for: the client's limit count (before
 * anything else, so still 2 round trips), and in dispatch the possible-duplicates read of the
 * body's recent cases and the two daily caps (emails to the body, acknowledgements to the address).
 */
function holdsTheBudget(journey: Journey): void {
  const dynamo = journey.beforeAnswer.filter((c) => c.service === "dynamodb");
  expect(sequentialDepth(dynamo), "DynamoDB round trips before the answer").toBeLessThanOrEqual(2);
  expect(journey.beforeAnswer.at(-1)?.operation, "intake's last call before the answer").toBe("SendMessage");
  expect(journey.calls.length, "AWS calls per report").toBeLessThanOrEqual(12);
  // Every call at the endpoints was one a function made: nothing else is hiding in the count.
  const fromFunctions = Object.values(journey.byFunction).flatMap((counts) => Object.values(counts));
  expect(
    fromFunctions.reduce((a, b) => a + b, 0),
    "calls the functions recorded",
  ).toBe(journey.calls.length);
}

const parishPostcode = () => demoPostcodes().find((p) => p.expected === "E04999001")?.postcode as string;
const unparishedPostcode = () => demoPostcodes().find((p) => p.expected === "unparished")?.postcode as string;
// Speedwatch in an unparished area: the council itself has it (the parish role falls back), so no clerk links.
const DISTRICT_ANSWERS = { outcome: "speedwatch" };

describe("AWS calls per report on the local stack", () => {
  it("a report with the resident's email: issue 14's 8 calls and issue 15's 4, 2 round trips before the answer", async () => {
    const journey = await oneReport({ postcode: unparishedPostcode(), answers: DISTRICT_ANSWERS });
    // Exact, so a call added anywhere fails here as well as against the bound.
    expect(tally(journey.calls)).toEqual({
      "dynamodb:PutItem": 1,
      "dynamodb:Query": 1,
      "dynamodb:UpdateItem": 7,
      "sqs:SendMessage": 1,
      "ses:SendEmail": 2,
    });
    expect(journey.byFunction).toEqual({
      // The client's limit count; the case with its first events, and its day's counter beside it;
      // then the job.
      intake: { "dynamodb:PutItem": 1, "dynamodb:UpdateItem": 2, "sqs:SendMessage": 1 },
      // The claim; the body's recent cases (possible duplicates); the body's and the address's
      // daily counts; the report and the acknowledgement; one write recording both.
      dispatch: { "dynamodb:Query": 1, "dynamodb:UpdateItem": 4, "ses:SendEmail": 2 },
      // The notice, recorded in the write that reads the case.
      deliveryEvents: { "dynamodb:UpdateItem": 1 },
    });
    expect(sequentialDepth(journey.beforeAnswer.filter((c) => c.service === "dynamodb"))).toBe(2);
    holdsTheBudget(journey);
  });

  it("with an Idempotency-Key: the same 12 calls, since storing the case claims the key", async () => {
    const journey = await oneReport({
      postcode: unparishedPostcode(),
      answers: DISTRICT_ANSWERS,
      key: "calls-per-report-1",
    });
    expect(journey.byFunction.intake).toEqual({
      "dynamodb:PutItem": 1,
      "dynamodb:UpdateItem": 2,
      "sqs:SendMessage": 1,
    });
    holdsTheBudget(journey);
  });

  it("to a parish, once the dispatch function has the clerk's contact: the same 12 calls", async () => {
    // The first report of a parish reads (and on a miss, fetches and stores) the clerk's contact.
    await oneReport({ postcode: parishPostcode() });
    const journey = await oneReport({ postcode: parishPostcode() });
    expect(journey.byFunction.dispatch).toEqual({
      "dynamodb:Query": 1,
      "dynamodb:UpdateItem": 4,
      "ses:SendEmail": 2,
    });
    holdsTheBudget(journey);
  });

  it("a possible duplicate costs its marks: the pair's timeline read, and a write on each case", async () => {
    const again = await oneReport({
      postcode: unparishedPostcode(),
      answers: DISTRICT_ANSWERS,
      samePlace: true,
    });
    const second = await oneReport({
      postcode: unparishedPostcode(),
      answers: DISTRICT_ANSWERS,
      samePlace: true,
    });
    // The second at the same place as the first (the postcode's own point; every other report here
    // is away from it): one more read (its timeline, for pairs staff unlinked) and a write on each.
    expect(second.byFunction.dispatch).toEqual({
      "dynamodb:Query": 2,
      "dynamodb:UpdateItem": 6,
      "ses:SendEmail": 2,
    });
    expect((await stack.app.caseStore.get(second.reference))?.possibleDuplicates).toEqual([again.reference]);
  });

  it("fails the budget when one more call is made during a report", async () => {
    const journey = await oneReport({ postcode: unparishedPostcode(), answers: DISTRICT_ANSWERS });
    // One read more, from a client the functions do not record: the endpoint still counts it.
    await stack.app.caseStore.get(journey.reference);
    const withExtra = { ...journey, calls: [...seen] };
    expect(withExtra.calls).toHaveLength(13);
    expect(() => holdsTheBudget(withExtra)).toThrow(/AWS calls per report/);
  });

  it("keeps the timeline and the status counts as the case log shows them", async () => {
    const before = await stack.app.caseStore.countByStatus({ council: stack.app.councils.first.id });
    const journey = await oneReport({ postcode: unparishedPostcode(), answers: DISTRICT_ANSWERS });
    const timeline = await stack.app.caseStore.timeline(journey.reference);
    expect(timeline.map((e) => e.type)).toEqual(["submitted", "queued", "sent", "acknowledged", "delivered"]);
    expect(await stack.app.caseStore.countByStatus({ council: stack.app.councils.first.id })).toEqual({
      ...before,
      new: before.new + 1,
    });
    await stack.app.caseStore.changeStatus(journey.reference, "new", "closed");
    expect(await stack.app.caseStore.countByStatus({ council: stack.app.councils.first.id })).toEqual({
      ...before,
      closed: before.closed + 1,
    });
  });
});
