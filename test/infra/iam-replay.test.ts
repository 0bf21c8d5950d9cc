import type { IConstruct } from "constructs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { londonDate } from "#core/case/london-time.js";
import { newReference } from "#core/case/reference.js";
import { dayBefore } from "#core/use-cases/send-digest.js";
import { DEMO_OPEN311_API_KEY } from "../../functions/config/open311-demo-key.js";
import { DEMO_STAFF_USERS, type LocalStaffUser } from "../../functions/local/identity-provider.js";
import { localContext } from "../../functions/local/lambda-context.js";
import { LINK_KEY_SECRET_NAME } from "../../functions/local/local-link-keys.js";
import {
  type FunctionName,
  LOCAL_QUEUE_ARN,
  type LocalStack,
  type RecordedCall,
} from "../../functions/local/local-stack.js";
import { totpCode } from "../../functions/local/totp.js";
import { FormSession } from "../helpers/browser.js";
import { aReport, aStoredCase, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { type FaultProxy, sesUnavailable, startFaultProxy } from "../helpers/fault-proxy.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { postReportFrom } from "../helpers/post-from.js";
import { deliveryEvent, sqsEvent } from "../helpers/ses-events.js";
import { emailsAbout } from "../helpers/ses-store.js";
import { StaffClient } from "../helpers/staff-client.js";
import { postForm } from "../open311/helpers.js";
import {
  canonicalArn,
  type Decision,
  evaluate,
  type Request,
  type Statement,
  SynthesisedPolicies,
} from "./iam-policy.js";
import { demoConfig, signpostApp } from "./synth.js";

// Issue 14: the local stack enforces no IAM, so a call AWS would deny passes locally. Here every
// AWS call each function makes on the journeys is recorded through the local stack, then checked
// against that function's role in the synthesised templates (see iam-policy.ts for the rule).

const CONFIGURATION_SET = "signpost-local";
const calls: RecordedCall[] = [];
/** In front of the SES emulator, passing everything unless a journey fails a send. */
const ses = { proxy: undefined as unknown as FaultProxy };
beforeAll(async () => {
  ses.proxy = await startFaultProxy();
});
afterAll(async () => {
  await ses.proxy?.close();
});
/** A member of staff with an authenticator app, as production's pool requires. */
const MFA_USER: LocalStaffUser = {
  email: "mfa-staff@exampleshire-vale.example.org",
  password: "signpost-mfa-staff",
  groups: ["staff"],
  totpSecret: "JBSWY3DPEHPK3PXP",
};
const LIMITED_PER_MINUTE = 10;
let stack: LocalStack;
// Registered after the proxy's hooks: starts once it is up and stops before it closes.
useLocalStack(
  {
    // A second of an SQS delay lasts 1 ms, so a failed send's retry comes back at once.
    queue: { visibilityTimeoutMs: 200, secondMs: 1 },
    env: {
      // As in AWS, mail is sent through the configuration set (SES authorises against it too).
      SES_CONFIGURATION_SET: CONFIGURATION_SET,
      // Above what the other journeys send from 127.0.0.1; the burst journey sends more.
      CLIENT_REPORTS_PER_MINUTE: String(LIMITED_PER_MINUTE),
      CLIENT_REPORTS_PER_HOUR: "1000",
      // Above what the other journeys send to one parish; the digest journey fills a past day's cap.
      BODY_EMAILS_PER_DAY: "50",
    },
    endpoints: { ses: (url) => ses.proxy.forwardTo(url) },
    staffUsers: [...DEMO_STAFF_USERS, MFA_USER],
    recordCalls: (call) => calls.push(call),
  },
  (started) => {
    stack = started;
  },
);

let synth: ReturnType<typeof signpostApp>;
let policies: SynthesisedPolicies;
beforeAll(() => {
  synth = signpostApp();
  const { data, messaging, application } = synth;
  policies = new SynthesisedPolicies([data, messaging, application], {
    Table: data.table,
    DispatchQueue: messaging.dispatch.queue,
    DeadLetterQueue: messaging.dispatch.deadLetterQueue,
    DeliveryEventsQueue: messaging.deliveryEvents.queue,
    DeliveryEventsDeadLetters: messaging.deliveryEvents.deadLetterQueue,
    MessagingKey: messaging.key,
    MailIdentity: messaging.mail.identity,
    MailConfigurationSet: messaging.mail.configurationSet,
    DeliveryEventsTopic: messaging.mail.eventsTopic,
    AlarmTopic: messaging.alarmTopic,
    StaffUserPool: application.staff.userPool,
    LinkKeySecret: data.linkKeySecret,
  });
}, 120_000);

/** A recorded local ARN as the canonical text the template's resources resolve to. */
function canonicalResource(arn: string): string {
  const [, , service, , , ...rest] = arn.split(":");
  const resource = rest.join(":");
  const config = stack.config;
  if (service === "dynamodb") {
    const table = /^table\/([^/]+)(.*)$/.exec(resource);
    if (table?.[1] === config.TABLE_NAME) return `{Table}${table[2]}`;
  }
  if (arn === LOCAL_QUEUE_ARN) return "{DispatchQueue}";
  if (arn === LOCAL_DELIVERY_EVENTS_QUEUE_ARN) return "{DeliveryEventsQueue}";
  if (service === "cognito-idp" && resource === `userpool/${config.STAFF_USER_POOL_ID}`)
    return "{StaffUserPool}";
  if (service === "ses") {
    const ses = (name: string) => `arn:aws:ses:{region}:{account}:${name}`;
    if (resource === `identity/${config.SENDER_EMAIL.split("@")[1]}`)
      return ses("identity/{MailIdentity.Ref}");
    if (resource === `configuration-set/${CONFIGURATION_SET}`)
      return ses("configuration-set/{MailConfigurationSet.Ref}");
  }
  // The link key secret, by its full ARN or (as the functions ask for it) by name: IAM checks
  // either against the full ARN, which the template's Ref is (record-calls.ts).
  if (
    service === "secretsmanager" &&
    (arn === stack.linkKeys.secretArn || resource === `secret:${LINK_KEY_SECRET_NAME}`)
  )
    return "{LinkKeySecret.Ref}";
  // Anything else names no resource of the stacks, and no grant will match it.
  return canonicalArn(arn);
}

interface Check extends Request {
  function: FunctionName;
}

/** The queue's encryption key, as the template has it. */
function queueKey(queue: string): string | undefined {
  const { messaging } = synth;
  const ids: Record<string, IConstruct> = {
    "{DispatchQueue}": messaging.dispatch.queue,
    "{DeliveryEventsQueue}": messaging.deliveryEvents.queue,
  };
  const construct = ids[queue];
  if (!construct) return undefined;
  const resources = policies.resources(messaging.stackName);
  const id = messaging.getLogicalId(construct.node.defaultChild as never);
  const key = resources[id]?.Properties.KmsMasterKeyId;
  return key === undefined ? undefined : policies.resolve(messaging.stackName, key);
}

/**
 * Every recorded call as (function, action, canonical resource), once each, plus the KMS calls SQS
 * makes with the caller's permissions on a KMS-encrypted queue: GenerateDataKey and Decrypt to
 * send, Decrypt to receive (SQS Developer Guide, "Amazon SQS key management",
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html).
 */
function checks(recorded: RecordedCall[]): Check[] {
  const out = new Map<string, Check>();
  const add = (check: Check) =>
    out.set(
      `${check.function} ${check.action} ${check.resource} ${JSON.stringify(check.multiContext ?? {})}`,
      check,
    );
  for (const call of recorded.filter((c) => c.iamAuthorised)) {
    for (const arn of call.resources) {
      const resource = canonicalResource(arn);
      // A DynamoDB call is checked once for each partition it touches (dynamodb:LeadingKeys).
      const partitions = call.leadingKeys?.length ? call.leadingKeys : [undefined];
      for (const key of partitions)
        add({
          function: call.function,
          action: call.action,
          resource,
          ...(key === undefined ? {} : { multiContext: { "dynamodb:LeadingKeys": [key] } }),
        });
      const key = call.action.startsWith("sqs:") ? queueKey(resource) : undefined;
      if (key && call.action === "sqs:SendMessage") {
        add({ function: call.function, action: "kms:GenerateDataKey", resource: key });
        add({ function: call.function, action: "kms:Decrypt", resource: key });
      }
      if (key && call.action === "sqs:ReceiveMessage")
        add({ function: call.function, action: "kms:Decrypt", resource: key });
    }
  }
  return [...out.values()].sort((a, b) =>
    `${a.function} ${a.action} ${a.resource}`.localeCompare(`${b.function} ${b.action} ${b.resource}`),
  );
}

const statementsOf = (fn: FunctionName): Statement[] =>
  policies.roleStatements(synth.application.functions[fn]);

/** Each denied (function, action, resource) once, however many partitions it was denied for. */
function denials(list: Check[], statements: (fn: FunctionName) => Statement[] = statementsOf) {
  const denied = list
    .map((check) => ({ check, decision: evaluate(statements(check.function), check) }))
    .filter((r) => r.decision !== "allowed")
    .map((r) => `${r.check.function}: ${r.check.action} on ${r.check.resource} (${r.decision})`);
  return [...new Set(denied)];
}

const sesMail = (reference: string, to: string) => ({
  timestamp: new Date().toISOString(),
  messageId: "0102018c-iam-replay",
  source: "signpost@exampleshire-vale.example.org",
  destination: [to],
  tags: { "case-reference": [reference], "ses:configuration-set": [CONFIGURATION_SET] },
});

/**
 * What Lambda's SQS event source mapping does with the function's role besides receiving and
 * deleting: it reads the queue's attributes ("Execution role permissions", Lambda Developer Guide,
 * https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html). The local event source has no need
 * to, so the call is recorded here for both consumers.
 */
function eventSourceMappingReadsAttributes() {
  calls.push(
    {
      function: "dispatch",
      action: "sqs:GetQueueAttributes",
      resources: [LOCAL_QUEUE_ARN],
      iamAuthorised: true,
    },
    {
      function: "deliveryEvents",
      action: "sqs:GetQueueAttributes",
      resources: [LOCAL_DELIVERY_EVENTS_QUEUE_ARN],
      iamAuthorised: true,
    },
  );
}

/**
 * The local stack hands delivery events straight to the function, so the SQS event source mapping
 * that reads them in AWS is recorded here: it receives and deletes with the function's role, as
 * the local stack records for the dispatch queue.
 */
const LOCAL_DELIVERY_EVENTS_QUEUE_ARN = "arn:aws:sqs:local:000000000000:delivery-events";
async function deliverEvents(event: ReturnType<typeof sqsEvent>) {
  for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage"])
    calls.push({
      function: "deliveryEvents",
      action,
      resources: [LOCAL_DELIVERY_EVENTS_QUEUE_ARN],
      iamAuthorised: true,
    });
  const response = await stack.deliveryEvents(event, localContext("signpost-delivery-events"));
  expect(response).toEqual({ batchItemFailures: [] });
}

const JOURNEY_MS = 120_000;
/** References with a valid check character, different in every run. */
const aReference = () => newReference("SPD", (max) => Math.floor(Math.random() * max));

describe("every AWS call on the journeys, against the synthesised IAM policies", () => {
  let parishReference = "";

  it(
    "a JSON API report to a parish, dispatched, then delivered and bounced",
    { timeout: JOURNEY_MS },
    async () => {
      const response = await postReport(stack.urls.api, aReport());
      expect(response.status).toBe(201);
      parishReference = ((await response.json()) as { reference: string }).reference;
      await queueDrained(stack);
      const [sent] = await emailsAbout(stack.urls.ses, parishReference);
      const clerk = sent?.destination.to[0] ?? "";
      expect(clerk).toContain("@");
      await deliverEvents(
        sqsEvent({
          eventType: "Delivery",
          mail: sesMail(parishReference, clerk),
          delivery: { recipients: [clerk] },
        }),
      );
      // A permanent bounce from the clerk: the case goes to the district instead (a new job).
      await deliverEvents(
        sqsEvent({
          eventType: "Bounce",
          mail: sesMail(parishReference, clerk),
          bounce: {
            bounceType: "Permanent",
            bounceSubType: "General",
            bouncedRecipients: [{ emailAddress: clerk }],
          },
        }),
      );
      await queueDrained(stack);
      expect(calls.some((c) => c.function === "deliveryEvents" && c.action === "sqs:SendMessage")).toBe(true);
    },
  );

  it(
    "a keyed API report sent twice: the duplicate reads the stored case",
    { timeout: JOURNEY_MS },
    async () => {
      const headers = { "idempotency-key": `iam-replay-${aReference()}` };
      const report = aReport();
      const first = await postReport(stack.urls.api, report, headers);
      expect(first.status).toBe(201);
      const again = await postReport(stack.urls.api, report, headers);
      expect(again.headers.get("idempotent-replayed")).toBe("true");
      await queueDrained(stack);
      expect(calls.some((c) => c.function === "intake" && c.action === "dynamodb:GetItem")).toBe(true);
      eventSourceMappingReadsAttributes();
    },
  );

  it("a report whose first send fails: dispatch delays the retry", { timeout: JOURNEY_MS }, async () => {
    // More failures than the SDK's own tries (3), so the send fails and the queue retries it.
    let failures = 4;
    ses.proxy.rule((r) => (r.body.includes("Action=SendEmail") && failures-- > 0 ? sesUnavailable : "pass"));
    try {
      const response = await postReport(stack.urls.api, aReport());
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      await expect.poll(async () => (await stack.app.caseStore.get(reference))?.delivery).toBe("sent");
      await queueDrained(stack);
    } finally {
      ses.proxy.rule(() => "pass");
    }
    expect(calls.some((c) => c.function === "dispatch" && c.action === "sqs:ChangeMessageVisibility")).toBe(
      true,
    );
  });

  it("a form report to the district", { timeout: JOURNEY_MS }, async () => {
    const unparished = demoPostcodes().find((p) => p.expected === "unparished");
    const session = await new FormSession(stack.urls.api).begin("/speeding", "/speeding/questions/danger");
    await session.walk([
      ["/speeding/questions/danger", { danger: "no" }],
      ["/speeding/questions/road-type", { "road-type": "residential" }],
      ["/speeding/questions/outcome", { outcome: "enforcement" }],
      ["/speeding/location", { postcode: unparished?.postcode ?? "" }],
      ["/speeding/details", { description: "Cars speed past the school.", roadName: "Mill Lane" }],
      ["/speeding/contact", { name: "Sam Resident", email: "sam@example.com" }],
    ]);
    await session.get("/speeding/check-answers");
    expect((await session.post("/speeding/check-answers", {})).status).toBe(303);
    await queueDrained(stack);
    expect(calls.some((c) => c.function === "web" && c.action === "dynamodb:PutItem")).toBe(true);
  });

  it("an Open311 POST and GETs", { timeout: JOURNEY_MS }, async () => {
    const point = demoPostcodes().find((p) => p.postcode === "ZX2 1FD");
    const base = `${stack.urls.api}/open311/v2`;
    const posted = await postForm(`${base}/requests.json`, {
      api_key: DEMO_OPEN311_API_KEY,
      service_code: "speeding",
      lat: String(point?.lat),
      long: String(point?.lng),
      description: "Cars speed past the school.",
      "attribute[danger]": "no",
      "attribute[road-type]": "residential",
      "attribute[outcome]": "speedwatch",
    });
    expect(posted.status).toBe(201);
    const id = ((await posted.json()) as Array<{ service_request_id: string }>)[0]?.service_request_id ?? "";
    expect((await fetch(`${base}/requests.json`)).status).toBe(200);
    expect((await fetch(`${base}/requests/${id}.json`)).status).toBe(200);
    // A status check by ids, as FixMyStreet makes one, reads them with BatchGetItem.
    const check = await fetch(`${base}/requests.xml?service_request_id=${id},${aReference()}`);
    expect(check.status).toBe(200);
    expect(await check.text()).toContain(id);
    expect(calls.some((c) => c.function === "open311" && c.action === "dynamodb:BatchGetItem")).toBe(true);
    // FixMyStreet's updates poll (a Query of the base table) and a resident's update it sends on.
    const updates = await fetch(`${base}/servicerequestupdates.xml?api_key=${DEMO_OPEN311_API_KEY}`);
    expect(updates.status).toBe(200);
    const update = await postForm(`${base}/servicerequestupdates.xml`, {
      api_key: DEMO_OPEN311_API_KEY,
      service_request_id: id,
      update_id: "101",
      status: "OPEN",
      description: "Still happening every morning.",
    });
    expect(update.status).toBe(201);
    await queueDrained(stack);
  });

  it(
    "a burst from one address, part of it refused by the client's limit",
    { timeout: JOURNEY_MS },
    async () => {
      // From its own address, so the other journeys keep their budget. Twice the minute's limit and
      // one more cannot all fit in the (at most two) minutes the burst touches.
      const answers = await Promise.all(
        Array.from({ length: LIMITED_PER_MINUTE * 2 + 1 }, () =>
          postReportFrom("127.0.0.3", stack.urls.api, aReport()),
        ),
      );
      expect(answers.map((a) => a.status)).toContain(429);
      await queueDrained(stack);
    },
  );

  it("a requeue run that finds a stuck case", { timeout: JOURNEY_MS }, async () => {
    // Stored as intake stores it (by the test, not by a function), but no job was ever sent.
    await stack.app.caseStore.create(aStoredCase(aReference()), []);
    expect((await stack.requeue()).requeued).toBeGreaterThanOrEqual(1);
    await queueDrained(stack);
  });

  it(
    "a report held over its parish's daily cap, then sent in the daily digest",
    { timeout: JOURNEY_MS },
    async () => {
      // Taken yesterday (so today's digest takes it), past the default cap, with dispatch's budget:
      // its calls are recorded as dispatch's, whose role writes the counter and the hold.
      const yesterday = new Date(Date.now() - 26 * 3_600_000);
      const ashcombe = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
      const reference = aReference();
      await stack.app.caseStore.create(
        aStoredCase(reference, {
          destination: ashcombe,
          routing: { ruleId: "r", requested: "parish", area: ashcombe, reason: "test" },
        }),
        [],
      );
      let taken = true;
      for (let i = 0; taken && i <= stack.config.BODY_EMAILS_PER_DAY; i++)
        taken = await stack.sendBudget.takeReportEmail(ashcombe.code, reference, yesterday);
      expect(taken).toBe(false);
      await stack.app.caseStore.transitionDelivery(reference, ["queued"], { delivery: "held" });
      expect(await stack.digest()).toMatchObject({ sent: 1, failed: 0 });
      expect((await stack.app.caseStore.get(reference))?.delivery).toBe("sent");
      const digest = new Set(calls.filter((c) => c.function === "digest").map((c) => c.action));
      for (const action of [
        "dynamodb:Query",
        "dynamodb:GetItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "ses:SendEmail",
      ])
        expect(digest).toContain(action);
      // A notice about the digest reaches the case it carried: delivery-events reads the digest's
      // contents (GetItem) and records the notice on the case.
      const clerk = (await stack.app.caseStore.get(reference))?.recipient ?? "";
      await deliverEvents(
        sqsEvent(
          deliveryEvent(
            clerk,
            `DIGEST-${ashcombe.code}-${dayBefore(londonDate(new Date().toISOString()))}`,
            "digest",
          ),
        ),
      );
      expect((await stack.app.caseStore.timeline(reference)).map((e) => e.summary)).toContain(
        "Report email delivered in a daily digest",
      );
    },
  );

  it("a weekly clerk directory refresh", { timeout: JOURNEY_MS }, async () => {
    const run = (await stack.directoryRefresh()) as { checked: number; emailed: boolean };
    expect(run.checked).toBeGreaterThan(0);
    const refresh = calls.filter((c) => c.function === "directoryRefresh").map((c) => c.action);
    // The cached contacts listed, each parish's new one stored, and a turn at the Modern.Gov host
    // taken from the shared token bucket (the function's only UpdateItem) for each request.
    for (const action of ["dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem"])
      expect(refresh).toContain(action);
    if (run.emailed) expect(refresh).toContain("ses:SendEmail");
  });

  it("every case-log action", { timeout: JOURNEY_MS }, async () => {
    const failed = aReference();
    await stack.app.caseStore.create(aStoredCase(failed, { delivery: "failed" }), []);
    const staff = await new StaffClient(stack.urls.api).signIn();
    const list = await staff.request("/staff/cases");
    expect(list.response.status).toBe(200);
    for (const query of [
      "status=new",
      `sentTo=${stack.config.DISTRICT_CODE}`,
      "email=not-sent",
      "service=speeding",
    ])
      expect((await staff.request(`/staff/cases?${query}`)).response.status).toBe(200);
    expect((await staff.request("/staff/cases/counts.json")).response.status).toBe(200);
    const page = await staff.request(`/staff/cases/${parishReference}`);
    expect(page.response.status).toBe(200);
    const csrf = staff.csrf(page.body);
    const key = /name="_key" value="([^"]*)"/.exec(page.body)?.[1] ?? "";
    const post = (path: string, form: Record<string, string>) =>
      staff.request(path, { method: "POST", form: { _csrf: csrf, ...form } });
    expect(
      (
        await post(`/staff/cases/${parishReference}/status`, {
          status: "in-progress",
          reason: "Passed on",
          _key: key,
          publicUpdate: "Passed to the parish council's speed watch group.",
        })
      ).response.status,
    ).toBe(303);
    expect(
      (await post(`/staff/cases/${parishReference}/notes`, { _key: key, note: "Rang the clerk" })).response
        .status,
    ).toBe(303);
    expect(
      (
        await post(`/staff/cases/${parishReference}/reroute`, {
          destination: stack.config.DISTRICT_CODE,
          reason: "The clerk is away",
        })
      ).response.status,
    ).toBe(303);
    expect((await post(`/staff/cases/${failed}/redrive`, {})).response.status).toBe(303);
    expect((await staff.request("/staff/cases.csv")).response.status).toBe(200);
    // The clerk directory: the list, a parish, an override set and removed, and "refresh now".
    const parish = "E04999001";
    expect((await staff.request("/staff/directory")).response.status).toBe(200);
    expect((await staff.request(`/staff/directory/${parish}`)).response.status).toBe(200);
    for (const [path, form] of [
      [`/staff/directory/${parish}/refresh`, {}],
      [`/staff/directory/${parish}/override`, { email: "clerk@iam-replay.example", reason: "Replay" }],
      [`/staff/directory/${parish}/remove`, { removeReason: "Replay" }],
    ] as const)
      expect((await post(path, form)).response.status, path).toBe(303);
    expect((await post("/staff/sign-out", {})).response.status).toBe(303);
    await queueDrained(stack);
    const caseLog = new Set(calls.filter((c) => c.function === "caseLog").map((c) => c.action));
    expect(caseLog).toContain("cognito-idp:AdminInitiateAuth");
    expect(caseLog).toContain("sqs:SendMessage");
  });

  it("a staff sign-in with an authenticator code", { timeout: JOURNEY_MS }, async () => {
    const staff = new StaffClient(stack.urls.api);
    const page = await staff.request("/staff/sign-in");
    const signIn = await staff.request("/staff/sign-in", {
      method: "POST",
      form: { _csrf: staff.csrf(page.body), email: MFA_USER.email, password: MFA_USER.password },
    });
    expect(signIn.response.headers.get("location")).toContain("/staff/sign-in/code");
    const codePage = await staff.request("/staff/sign-in/code");
    const code = await staff.request("/staff/sign-in/code", {
      method: "POST",
      form: { _csrf: staff.csrf(codePage.body), code: totpCode(MFA_USER.totpSecret as string) },
    });
    expect(code.response.status).toBe(303);
    expect((await staff.request("/staff/cases")).response.status).toBe(200);
    expect(
      calls.some((c) => c.function === "caseLog" && c.action === "cognito-idp:AdminRespondToAuthChallenge"),
    ).toBe(true);
  });

  it(
    "clerks' one-click links: dispatch and the digest sign them, the form checks them",
    { timeout: JOURNEY_MS },
    async () => {
      const claims = {
        reference: parishReference,
        action: "received" as const,
        destination: "E04999001",
        expiresAt: Math.floor(Date.now() / 1000) + 86_400,
        linkId: `iam-replay-${aReference()}`,
      };
      const signed = await stack.linkKeys.signer("dispatch").sign(claims);
      await stack.linkKeys.signer("digest").sign(claims);
      expect((await stack.linkKeys.signer("web").verify(signed, new Date())).ok).toBe(true);
      for (const fn of ["dispatch", "digest", "web"])
        expect(
          calls.some((c) => c.function === fn && c.action === "secretsmanager:GetSecretValue"),
          fn,
        ).toBe(true);
    },
  );

  it("denies none of the recorded calls", () => {
    const recorded = checks(calls);
    const functions = new Set(recorded.map((c) => c.function));
    for (const fn of [
      "intake",
      "web",
      "open311",
      "dispatch",
      "deliveryEvents",
      "requeue",
      "caseLog",
      "digest",
      "directoryRefresh",
    ] as const)
      expect(functions, `no calls recorded for ${fn}`).toContain(fn);
    console.log(
      `${recorded.length} distinct calls checked:\n${recorded.map((c) => `  ${c.function}: ${c.action} on ${c.resource}`).join("\n")}`,
    );
    expect(denials(recorded)).toEqual([]);
  });

  it("lists the grants no recorded call used (printed, not failed)", () => {
    const recorded = checks(calls);
    const unused: string[] = [];
    for (const fn of Object.keys(synth.application.functions) as FunctionName[]) {
      for (const statement of statementsOf(fn).filter((s) => s.Effect === "Allow")) {
        const actions = [statement.Action ?? []].flat();
        const resources = [statement.Resource as string | string[]].flat();
        for (const action of actions)
          for (const resource of resources) {
            const used = recorded.some(
              (c) =>
                c.function === fn &&
                evaluate([{ Effect: "Allow", Action: action, Resource: resource }], c) === "allowed",
            );
            if (!used) unused.push(`  ${fn}: ${action} on ${resource}`);
          }
      }
    }
    // Logs and X-Ray are written by the Lambda runtime with the role, never by the code.
    const byRuntime = (line: string) => / (logs|xray):/.test(line);
    console.log(
      [
        "Granted but not used by the code on these journeys:",
        ...unused.filter((line) => !byRuntime(line)),
        `(and ${unused.filter(byRuntime).length} logs:/xray: grants, used by the Lambda runtime)`,
      ].join("\n"),
    );
    expect(unused.length).toBeGreaterThan(0);
  });

  it("fails when a needed permission is removed, and an explicit Deny wins over an Allow", () => {
    const recorded = checks(calls);
    // Requeue reads a stuck case's timeline: a Query on the table itself, not on an index.
    const timeline = recorded.find(
      (c) => c.function === "requeue" && c.action === "dynamodb:Query" && c.resource === "{Table}",
    );
    expect(timeline, "requeue's timeline query was recorded").toBeDefined();
    // The same policies with only `dynamodb:Query` on the table taken out of requeue's role.
    const withoutTableQuery = (fn: FunctionName) =>
      statementsOf(fn).map((s) =>
        fn === "requeue" && [s.Resource].flat().includes("{Table}")
          ? { ...s, Action: [s.Action ?? []].flat().filter((a) => a !== "dynamodb:Query") }
          : s,
      );
    expect(denials(recorded, withoutTableQuery)).toEqual([
      "requeue: dynamodb:Query on {Table} (implicit-deny)",
    ]);

    const deny: Statement = { Effect: "Deny", Action: "dynamodb:*", Resource: "{Table}/index/*" };
    const decisions = recorded
      .filter((c) => c.resource.startsWith("{Table}/index/"))
      .map((c): Decision => evaluate([...statementsOf(c.function), deny], c));
    expect(decisions.length).toBeGreaterThan(0);
    expect(new Set(decisions)).toEqual(new Set(["explicit-deny"]));
  });

  // Grants used only off the main path, each proved needed by the journey that walks it.
  it.each([
    ["intake", "dynamodb:GetItem", "{Table}"],
    ["dispatch", "sqs:ChangeMessageVisibility", "{DispatchQueue}"],
    ["caseLog", "cognito-idp:AdminRespondToAuthChallenge", "{StaffUserPool}"],
    ["open311", "dynamodb:BatchGetItem", "{Table}"],
    ["dispatch", "secretsmanager:GetSecretValue", "{LinkKeySecret.Ref}"],
    ["digest", "secretsmanager:GetSecretValue", "{LinkKeySecret.Ref}"],
    ["web", "secretsmanager:GetSecretValue", "{LinkKeySecret.Ref}"],
  ] as const)(
    "needs %s's %s (a duplicate submission; a retry's delay; an MFA sign-in; a status check by ids; the link key ring)",
    (fn, action, resource) => {
      const without = (name: FunctionName) =>
        statementsOf(name).map((s) =>
          name === fn ? { ...s, Action: [s.Action ?? []].flat().filter((a) => a !== action) } : s,
        );
      expect(denials(checks(calls), without)).toEqual([`${fn}: ${action} on ${resource} (implicit-deny)`]);
    },
  );

  it("names the link key secret by its full ARN: a bare name would match no call, `-??????` only this name", () => {
    // IAM checks a call against the secret's full ARN, random suffix included, however SecretId
    // names it ("Permissions reference for Secrets Manager",
    // https://docs.aws.amazon.com/secretsmanager/latest/userguide/reference_iam-permissions.html).
    const secret = (suffix: string) =>
      `arn:aws:secretsmanager:{region}:{account}:secret:${synth.data.linkKeySecret.name}${suffix}`;
    const allow = (resource: string): Statement[] => [
      { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: resource },
    ];
    const call = { action: "secretsmanager:GetSecretValue", resource: secret("-AbC123") };
    expect(evaluate(allow(secret("")), call)).toBe("implicit-deny");
    expect(evaluate(allow(secret("-??????")), call)).toBe("allowed");
    expect(evaluate(allow(secret("-??????")), { ...call, resource: secret("-x-AbC123") })).toBe(
      "implicit-deny",
    );
    expect(evaluate(allow(secret("-*")), { ...call, resource: secret("-x-AbC123") })).toBe("allowed");
    // The grants name the secret's Ref, its full ARN: no pattern at all.
    for (const fn of ["dispatch", "digest", "web"] as const) {
      const resources = statementsOf(fn)
        .filter((s) => [s.Action].flat().includes("secretsmanager:GetSecretValue"))
        .flatMap((s) => [s.Resource].flat());
      expect(resources, fn).toEqual(["{LinkKeySecret.Ref}"]);
    }
  });

  it("needs open311's Query on the base table (FixMyStreet's updates poll), apart from its index Query", () => {
    // Only the statement naming the table itself loses Query; the byStatus index keeps its own.
    const onTable = (s: { Resource?: unknown }) =>
      [s.Resource ?? []].flat().some((r) => !JSON.stringify(r).includes("/index/"));
    const without = (name: FunctionName) =>
      statementsOf(name).map((s) =>
        name === "open311" && onTable(s)
          ? { ...s, Action: [s.Action ?? []].flat().filter((a) => a !== "dynamodb:Query") }
          : s,
      );
    expect(denials(checks(calls), without)).toEqual(["open311: dynamodb:Query on {Table} (implicit-deny)"]);
  });

  it("needs the digest's DeleteItem (a hold is cleared once its case is sent)", () => {
    const without = (name: FunctionName) =>
      statementsOf(name).map((s) =>
        name === "digest"
          ? { ...s, Action: [s.Action ?? []].flat().filter((a) => a !== "dynamodb:DeleteItem") }
          : s,
      );
    expect(denials(checks(calls), without)).toEqual([
      "digest: dynamodb:DeleteItem on {Table} (implicit-deny)",
    ]);
  });

  it("needs the directory refresh's UpdateItem (its turns from the Modern.Gov token bucket)", () => {
    const without = (name: FunctionName) =>
      statementsOf(name).map((s) =>
        name === "directoryRefresh"
          ? { ...s, Action: [s.Action ?? []].flat().filter((a) => a !== "dynamodb:UpdateItem") }
          : s,
      );
    expect(denials(checks(calls), without)).toEqual([
      "directoryRefresh: dynamodb:UpdateItem on {Table} (implicit-deny)",
    ]);
  });

  it("keeps the directory refresh to its own partitions: it can read no case", () => {
    const leading = (key: string) => ({ multiContext: { "dynamodb:LeadingKeys": [key] } });
    const refresh = statementsOf("directoryRefresh");
    for (const key of ["DIRECTORY", "DIRECTORYREPORT", "PACING#democracy.example.gov.uk"])
      expect(
        evaluate(refresh, { action: "dynamodb:GetItem", resource: "{Table}", ...leading(key) }),
        key,
      ).toBe("allowed");
    for (const key of ["CASE#SPD-AAAA-AAAA", "DIGEST", "COUNTS#STATUS", "DIRECTORYAUDIT#E04999001"])
      expect(
        evaluate(refresh, { action: "dynamodb:GetItem", resource: "{Table}", ...leading(key) }),
        key,
      ).toBe("implicit-deny");
    // A batch read naming its partition and a case's is refused as a whole (every key must match).
    expect(
      evaluate(refresh, {
        action: "dynamodb:Query",
        resource: "{Table}",
        multiContext: { "dynamodb:LeadingKeys": ["DIRECTORY", "CASE#SPD-AAAA-AAAA"] },
      }),
    ).toBe("implicit-deny");
    // Its recorded calls named their partitions, and each was checked against the condition.
    const partitions = calls
      .filter((c) => c.function === "directoryRefresh" && c.action.startsWith("dynamodb:"))
      .flatMap((c) => c.leadingKeys ?? ["(none)"]);
    expect(partitions.length).toBeGreaterThan(0);
    expect(new Set(partitions.map((p) => p.replace(/#.*$/, "#…")))).toEqual(
      new Set(["DIRECTORY", "DIRECTORYREPORT", "PACING#…"]),
    );
  });

  it("lets every function that asks Modern.Gov take its turn from the shared token bucket", () => {
    // The bucket takes a turn with a conditional UpdateItem and, when another container had it,
    // reads the item (GetItem): both on the table itself. The case log's "refresh now" asks too.
    for (const fn of ["dispatch", "digest", "caseLog", "directoryRefresh"] as const)
      for (const action of ["dynamodb:UpdateItem", "dynamodb:GetItem"])
        expect(evaluate(statementsOf(fn), { action, resource: "{Table}" }), `${fn} ${action}`).toBe(
          "allowed",
        );
    // Dispatch's turns on the journeys above were recorded as its calls and checked like the rest.
    expect(checks(calls).some((c) => c.function === "dispatch" && c.action === "dynamodb:UpdateItem")).toBe(
      true,
    );
  });

  it("needs the event source mapping's grant to read the delivery-events queue", () => {
    const recorded = checks(calls);
    // The same policies with every statement on the delivery-events queue taken out of its role.
    const withoutQueue = (fn: FunctionName) =>
      statementsOf(fn).filter(
        (s) => !(fn === "deliveryEvents" && [s.Resource].flat().includes("{DeliveryEventsQueue}")),
      );
    expect(denials(recorded, withoutQueue)).toEqual([
      "deliveryEvents: sqs:DeleteMessage on {DeliveryEventsQueue} (implicit-deny)",
      "deliveryEvents: sqs:GetQueueAttributes on {DeliveryEventsQueue} (implicit-deny)",
      "deliveryEvents: sqs:ReceiveMessage on {DeliveryEventsQueue} (implicit-deny)",
    ]);
  });
});

describe("services publishing to the encrypted topics", () => {
  const account = "{account}";
  const publishes = () => [
    {
      principal: "cloudwatch.amazonaws.com",
      topic: synth.messaging.alarmTopic,
      topicArn: "{AlarmTopic.Ref}",
      sourceArn: "arn:aws:cloudwatch:{region}:{account}:alarm:Signpost-demo-App-DeadLetters",
    },
    {
      principal: "ses.amazonaws.com",
      topic: synth.messaging.mail.eventsTopic,
      topicArn: "{DeliveryEventsTopic.Ref}",
      sourceArn: "arn:aws:ses:{region}:{account}:configuration-set/{MailConfigurationSet.Ref}",
    },
  ];

  it("lets CloudWatch publish alarms and SES publish delivery events, with the key to encrypt them", () => {
    const refused: string[] = [];
    for (const p of publishes()) {
      const context = { "aws:SourceArn": p.sourceArn, "aws:SourceAccount": account };
      const requests: Array<[Statement[], Request]> = [
        [
          policies.resourcePolicy(p.topic),
          { action: "sns:Publish", resource: p.topicArn, servicePrincipal: p.principal, context },
        ],
        ...["kms:GenerateDataKey", "kms:Decrypt"].map((action): [Statement[], Request] => [
          policies.resourcePolicy(synth.messaging.key),
          { action, resource: "{MessagingKey}", servicePrincipal: p.principal, context },
        ]),
      ];
      for (const [statements, request] of requests) {
        const decision = evaluate(statements, request);
        if (decision !== "allowed")
          refused.push(`${p.principal}: ${request.action} on ${request.resource} (${decision})`);
      }
    }
    expect(refused).toEqual([]);
  });

  it("refuses the same publishes on behalf of another account (the confused-deputy conditions)", () => {
    for (const p of publishes()) {
      const context = {
        "aws:SourceArn": p.sourceArn.replace("{account}", "111122223333"),
        "aws:SourceAccount": "111122223333",
      };
      expect(
        evaluate(policies.resourcePolicy(p.topic), {
          action: "sns:Publish",
          resource: p.topicArn,
          servicePrincipal: p.principal,
          context,
        }),
      ).not.toBe("allowed");
      expect(
        evaluate(policies.resourcePolicy(synth.messaging.key), {
          action: "kms:GenerateDataKey",
          resource: "{MessagingKey}",
          servicePrincipal: p.principal,
          context,
        }),
      ).not.toBe("allowed");
    }
  });

  it("lets SNS deliver the events topic to its queue, or to the dead-letter queue, for that topic only", () => {
    const { deliveryEvents } = synth.messaging;
    const asSns = (sourceArn: string, account = "{account}") => ({
      servicePrincipal: "sns.amazonaws.com",
      context: { "aws:SourceArn": sourceArn, "aws:SourceAccount": account },
    });
    const topic = "{DeliveryEventsTopic.Ref}";
    const otherTopic = "arn:aws:sns:{region}:111122223333:someone-elses-topic";
    for (const [queue, arn] of [
      [deliveryEvents.queue, "{DeliveryEventsQueue}"],
      [deliveryEvents.deadLetterQueue, "{DeliveryEventsDeadLetters}"],
    ] as const) {
      const statements = policies.resourcePolicy(queue);
      expect(evaluate(statements, { action: "sqs:SendMessage", resource: arn, ...asSns(topic) })).toBe(
        "allowed",
      );
      expect(
        evaluate(statements, { action: "sqs:SendMessage", resource: arn, ...asSns(otherTopic) }),
      ).not.toBe("allowed");
    }
    // The key names the topic by this stack's name pattern (naming it exactly would be a cycle).
    const topicName = `arn:aws:sns:{region}:{account}:${synth.messaging.stackName}-MailDeliveryEvents-0A1B2C3D`;
    const key = policies.resourcePolicy(synth.messaging.key);
    for (const action of ["kms:GenerateDataKey", "kms:Decrypt"]) {
      expect(evaluate(key, { action, resource: "{MessagingKey}", ...asSns(topicName) })).toBe("allowed");
      expect(
        evaluate(key, { action, resource: "{MessagingKey}", ...asSns(otherTopic, "111122223333") }),
      ).not.toBe("allowed");
    }
  });

  it("sends as the identity SES verifies: the sender's domain is the sending domain", () => {
    expect(demoConfig.senderEmail).toMatch(
      new RegExp(`@${String(demoConfig.sendingDomain).replace(/\./g, "\\.")}$`),
    );
  });
});
