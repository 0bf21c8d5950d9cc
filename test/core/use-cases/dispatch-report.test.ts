import { describe, expect, it } from "vitest";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Case, Destination } from "#core/case/case.js";
import { PermanentSendError } from "#core/errors.js";
import type { ClerkContact } from "#core/ports/directory.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import type { DispatchJob } from "#core/ports/queue.js";
import type { SendBudget } from "#core/ports/send-budget.js";
import { services } from "#core/services/index.js";
import { createDispatchReport, type DispatchReportDeps } from "#core/use-cases/dispatch-report.js";
import { createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { createDeadLetterCases } from "#core/use-cases/redrive.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { oneCouncilSending, testCouncil, testCouncils } from "../../helpers/councils.js";
import { directoryOf } from "../../helpers/fake-directory.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { TEST_FIRST_COUNCIL } from "../../helpers/memory-case-store.js";

// Dispatch with in-memory fakes: consent per recipient, one acknowledgement per case, permanent
// send failures, the daily send budget and possible duplicates.

const NOW = new Date("2026-11-23T10:00:00.000Z");
const clock = { now: () => NOW };
const REF = "SPD-AAAA-AAA4";
const DISTRICT_MAILBOX = "team@district.example";
const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const BROOKFIELD: Destination = { kind: "parish", code: "E04999002", name: "Brookfield" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };
const RESIDENT = { name: "Dave Resident", email: "dave@example.net", phone: "07700 900123" };
const clerks: Record<string, ClerkContact> = {
  [ASHCOMBE.code]: {
    councilName: "Ashcombe Parish Council",
    email: "clerk@ashcombe.example",
    source: "x",
    via: "web-service",
  },
  [BROOKFIELD.code]: {
    councilName: "Brookfield Parish Council",
    email: "clerk@brookfield.example",
    source: "x",
    via: "web-service",
  },
};

function aCase(overrides: Partial<Case> = {}): Case {
  return {
    reference: REF,
    service: "speeding",
    status: "new",
    delivery: "queued",
    createdAt: "2026-11-23T09:00:00.000Z",
    updatedAt: "2026-11-23T09:00:00.000Z",
    answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
    location: { lat: 51.5, lng: -0.8, roadName: "Mill Lane" },
    description: "Cars race past the school",
    reporter: { ...RESIDENT, shareWithParish: true, sharedWith: [ASHCOMBE.code] },
    destination: ASHCOMBE,
    routing: { ruleId: "r", requested: "parish", area: ASHCOMBE, reason: "in the parish" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

async function setup(
  report: Case,
  options: Partial<Pick<DispatchReportDeps, "budget" | "markPossibleDuplicates">> & {
    send?: Mailer["send"];
  } = {},
) {
  const caseStore = new MemoryCaseStore({ now: clock.now });
  await caseStore.create(report, []);
  const sent: OutgoingEmail[] = [];
  const jobs: DispatchJob[] = [];
  const queue = { send: async (job: DispatchJob) => void jobs.push(job) };
  const mailer: Mailer = {
    send: async (email) => {
      sent.push(email);
      if (options.send) return options.send(email);
      return { messageId: `m-${sent.length}` };
    },
  };
  const { send: _send, ...limits } = options;
  const dispatch = createDispatchReport({
    services,
    caseStore,
    ...oneCouncilSending(
      directoryOf(({ code }) => clerks[code]),
      testCouncil({ email: DISTRICT_MAILBOX }),
    ),
    mailer,
    clock,
    ...limits,
  });
  const actions = createStaffActions({ caseStore, clock, ids: systemIds, queue });
  const deadLetters = createDeadLetterCases({ caseStore, clock, queue });
  const deliveryEvents = createRecordDeliveryEvent({
    caseStore,
    clock,
    queue,
    councils: testCouncils(testCouncil({ email: DISTRICT_MAILBOX })),
    digestContents: { referencesOf: async () => [] },
  });
  const reports = () => sent.filter((e) => e.kind === "report");
  const acknowledgements = () => sent.filter((e) => e.kind === "acknowledgement");
  return { caseStore, sent, jobs, dispatch, actions, deadLetters, deliveryEvents, reports, acknowledgements };
}

const residentDetails = [RESIDENT.name, RESIDENT.email, RESIDENT.phone];
function expectNoResidentDetails(email: OutgoingEmail | undefined) {
  expect(email).toBeDefined();
  for (const detail of residentDetails) {
    expect(email?.text).not.toContain(detail);
    expect(email?.html).not.toContain(detail);
    expect(email?.subject).not.toContain(detail);
  }
  expect(email?.replyTo).toEqual([DISTRICT_MAILBOX]);
}

describe("consent per recipient", () => {
  it("gives the parish the resident agreed to share with their details, Reply-To them", async () => {
    const { dispatch, reports } = await setup(aCase());
    await dispatch(REF);
    const [report] = reports();
    for (const detail of residentDetails) expect(report?.text).toContain(detail);
    expect(report?.replyTo).toEqual([RESIDENT.email]);
  });

  it("re-routed by staff to another parish: no name, email or phone, and Reply-To the district", async () => {
    const { dispatch, actions, reports, caseStore } = await setup(aCase());
    await dispatch(REF);
    await actions.reroute(REF, BROOKFIELD, "The clerk asked for it", "officer@district.example");
    const rerouted = (await caseStore.timeline(REF)).find((e) => e.type === "rerouted");
    expect(rerouted?.summary).toBe(
      "Re-routed by staff from Ashcombe to Brookfield, without the resident's contact details: The clerk asked for it",
    );
    await dispatch(REF);
    const [, second] = reports();
    expect(second?.to).toEqual(["clerk@brookfield.example"]);
    expectNoResidentDetails(second);
    expect(second?.text).toContain(
      "The resident did not agree to share their contact details with Brookfield Parish Council",
    );
  });

  it("re-routed back to the parish they agreed to, the details go again", async () => {
    const { dispatch, actions, reports } = await setup(aCase({ destination: BROOKFIELD }));
    await dispatch(REF);
    expectNoResidentDetails(reports()[0]);
    await actions.reroute(REF, ASHCOMBE, "The clerk asked for it", "officer@district.example");
    await dispatch(REF);
    expect(reports()[1]?.text).toContain(RESIDENT.phone);
    expect(reports()[1]?.replyTo).toEqual([RESIDENT.email]);
  });

  it("always gives the district (the data controller) the details, after a clerk's bounce too", async () => {
    const report = aCase({ reporter: { ...RESIDENT, shareWithParish: false, sharedWith: [] } });
    const { dispatch, deliveryEvents, reports } = await setup(report);
    await dispatch(REF);
    expectNoResidentDetails(reports()[0]);
    await deliveryEvents({
      reference: REF,
      kind: "bounced",
      detail: "Permanent/General",
      recipients: ["clerk@ashcombe.example"],
      messageId: "m-1",
      messageKind: "report",
    });
    await dispatch(REF);
    const toDistrict = reports()[1];
    expect(toDistrict?.to).toEqual([DISTRICT_MAILBOX]);
    expect(toDistrict?.text).toContain(RESIDENT.email);
  });

  it("reads a case stored before the consent list from its one yes/no, for its own parish only", async () => {
    const legacy = aCase({ reporter: { ...RESIDENT, shareWithParish: true } });
    const { dispatch, actions, reports } = await setup(legacy);
    await dispatch(REF);
    expect(reports()[0]?.text).toContain(RESIDENT.email);
    await actions.reroute(REF, BROOKFIELD, "The clerk asked for it", "officer@district.example");
    await dispatch(REF);
    expectNoResidentDetails(reports()[1]);
  });
});

describe("one acknowledgement per case", () => {
  it("acknowledges the first send only: a re-route and a re-drive send the report, not a receipt", async () => {
    const { dispatch, actions, deadLetters, acknowledgements, reports, caseStore } = await setup(aCase());
    await dispatch(REF);
    expect(acknowledgements()).toHaveLength(1);
    expect((await caseStore.get(REF))?.acknowledgedAt).toBe(NOW.toISOString());

    await actions.reroute(REF, BROOKFIELD, "The clerk asked for it", "officer@district.example");
    await dispatch(REF);
    await deadLetters.markNotSent(REF, 5, "test");
    await caseStore.transitionDelivery(REF, ["sent"], { delivery: "failed" });
    await deadLetters.redrive(REF, "officer@district.example");
    await dispatch(REF);
    expect(reports()).toHaveLength(3);
    expect(acknowledgements()).toHaveLength(1);
    expect((await caseStore.timeline(REF)).filter((e) => e.type === "acknowledged")).toHaveLength(1);
  });

  it("sends no second receipt after an attempt that died mid-send is re-driven", async () => {
    // Claimed long ago by an attempt that may have sent both emails before it stopped.
    const { dispatch, deadLetters, acknowledgements, reports, caseStore } = await setup(
      aCase({ delivery: "sending", sendingSince: "2026-11-23T08:00:00.000Z" }),
    );
    expect(await dispatch(REF)).toEqual({ outcome: "unconfirmed" });
    await deadLetters.redrive(REF, "officer@district.example");
    expect(await dispatch(REF)).toMatchObject({ outcome: "sent" });
    expect(reports()).toHaveLength(1);
    expect(acknowledgements()).toEqual([]);
    expect((await caseStore.get(REF))?.acknowledgedAt).toBe("2026-11-23T08:00:00.000Z");
  });

  it("knows a case acknowledged before the field existed from its timeline", async () => {
    const { dispatch, acknowledgements, caseStore, actions } = await setup(
      aCase({ delivery: "sent", recipient: "clerk@ashcombe.example" }),
    );
    await caseStore.appendEvents(REF, [
      { at: "2026-11-23T09:01:00.000Z", type: "acknowledged", actor: "system", summary: "Acknowledged" },
    ]);
    await actions.reroute(REF, BROOKFIELD, "The clerk asked for it", "officer@district.example");
    await dispatch(REF);
    expect(acknowledgements()).toEqual([]);
  });

  it("tags the acknowledgement as one, Reply-To the district", async () => {
    const { dispatch, acknowledgements } = await setup(aCase());
    await dispatch(REF);
    expect(acknowledgements()[0]).toMatchObject({
      to: [RESIDENT.email],
      replyTo: [DISTRICT_MAILBOX],
      reference: REF,
      kind: "acknowledgement",
    });
  });
});

describe("a report the mail provider can never send", () => {
  it("is tried once, marked not sent for staff, and not thrown (no retries)", async () => {
    const { dispatch, caseStore, sent, jobs } = await setup(aCase(), {
      send: async () => {
        throw new PermanentSendError("SES refused the message (MessageRejected: Illegal address)");
      },
    });
    expect(await dispatch(REF)).toEqual({ outcome: "failed" });
    expect(sent).toHaveLength(1);
    expect(jobs).toEqual([]);
    expect((await caseStore.get(REF))?.delivery).toBe("failed");
    const failed = (await caseStore.timeline(REF)).filter((e) => e.type === "send-failed");
    expect(failed).toEqual([
      expect.objectContaining({
        summary: expect.stringContaining("so it is not retried"),
        data: {
          recipient: "clerk@ashcombe.example",
          error: "PermanentSendError: SES refused the message (MessageRejected: Illegal address)",
          permanent: true,
        },
      }),
    ]);
    // Found by staff's "not sent" filter; a stray job for it sends nothing.
    expect(
      (await caseStore.listCases({ council: TEST_FIRST_COUNCIL, notSent: true, limit: 10 })).cases.map(
        (c) => c.reference,
      ),
    ).toEqual([REF]);
    expect(await dispatch(REF)).toEqual({ outcome: "not-queued" });
    expect(sent).toHaveLength(1);
  });

  it("still releases the claim and rethrows a transient failure, for the queue to retry", async () => {
    const throttled = Object.assign(new Error("Maximum sending rate exceeded"), { name: "Throttling" });
    const { dispatch, caseStore } = await setup(aCase(), {
      send: async () => {
        throw throttled;
      },
    });
    await expect(dispatch(REF)).rejects.toBe(throttled);
    expect((await caseStore.get(REF))?.delivery).toBe("queued");
  });
});

describe("the daily send budget", () => {
  function budget(options: { reports?: boolean; acknowledgements?: boolean }) {
    const calls: string[] = [];
    const fake: SendBudget = {
      takeReportEmail: async (body, reference, at) => {
        calls.push(`report ${body} ${reference} ${at.toISOString()}`);
        return options.reports ?? true;
      },
      takeAcknowledgement: async (address, at) => {
        calls.push(`ack ${address} ${at.toISOString()}`);
        return options.acknowledgements ?? true;
      },
      // Dispatch never takes it (progress emails are the consumer's); listed so a call would show.
      takeProgressEmail: async (address, at) => {
        calls.push(`progress ${address} ${at.toISOString()}`);
        return true;
      },
    };
    return { fake, calls };
  }

  it("holds a report over the body's cap for its digest, and still acknowledges the resident once", async () => {
    const { fake, calls } = budget({ reports: false });
    const { dispatch, caseStore, reports, acknowledgements, actions } = await setup(aCase(), {
      budget: fake,
    });
    expect(await dispatch(REF)).toEqual({ outcome: "held", destination: "parish" });
    expect(calls).toEqual([
      `report ${ASHCOMBE.code} ${REF} ${NOW.toISOString()}`,
      `ack ${RESIDENT.email} ${NOW.toISOString()}`,
    ]);
    expect(reports()).toEqual([]);
    expect(acknowledgements()).toHaveLength(1);
    expect(await caseStore.get(REF)).toMatchObject({
      delivery: "held",
      recipient: "clerk@ashcombe.example",
      destination: ASHCOMBE,
    });
    const held = (await caseStore.timeline(REF)).find((e) => e.type === "held-for-digest");
    expect(held).toMatchObject({
      summary: "Daily limit of emails to Ashcombe Parish Council reached: goes in their next daily digest",
      data: { recipient: "clerk@ashcombe.example", destination: ASHCOMBE.code },
    });
    // Re-routed the next day, it is sent; the resident is not acknowledged again.
    await actions.reroute(REF, DISTRICT, "The clerk asked for it", "officer@district.example");
    const { fake: open } = budget({});
    const next = createDispatchReport({
      services,
      caseStore,
      ...oneCouncilSending(
        directoryOf(() => undefined),
        testCouncil({ email: DISTRICT_MAILBOX }),
      ),
      mailer: { send: async () => ({ messageId: "x" }) },
      clock,
      budget: open,
    });
    expect(await next(REF)).toMatchObject({ outcome: "sent" });
    // A staff routing to the district is sent to the district, never back to the parish.
    expect(await caseStore.get(REF)).toMatchObject({
      destination: DISTRICT,
      recipient: DISTRICT_MAILBOX,
      routing: { ruleId: "staff-reroute", requested: "district", area: ASHCOMBE },
    });
    expect((await caseStore.timeline(REF)).filter((e) => e.type === "acknowledged")).toHaveLength(1);
  });

  it("sends no acknowledgement past the address's daily cap, and says so without the address", async () => {
    const { fake } = budget({ acknowledgements: false });
    const { dispatch, caseStore, reports, acknowledgements } = await setup(aCase(), { budget: fake });
    expect(await dispatch(REF)).toMatchObject({ outcome: "sent" });
    expect(reports()).toHaveLength(1);
    expect(acknowledgements()).toEqual([]);
    const skipped = (await caseStore.timeline(REF)).filter((e) => e.type === "acknowledgement-skipped");
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.summary).toContain("daily limit of acknowledgements");
    expect(JSON.stringify(await caseStore.timeline(REF))).not.toContain(RESIDENT.email);
  });
});

describe("possible duplicates", () => {
  it("are looked for on the first send only and shown to the clerk, escaped", async () => {
    const looked: string[] = [];
    const markPossibleDuplicates = async (report: Case) => {
      looked.push(report.reference);
      return ["SPD-BBBB-BBB1", "SPD-<b>"];
    };
    const { dispatch, reports, actions, caseStore } = await setup(aCase(), { markPossibleDuplicates });
    await dispatch(REF);
    const [first] = reports();
    expect(first?.text).toContain("Possible duplicate of SPD-BBBB-BBB1");
    expect(first?.html).toContain("<p><strong>Possible duplicate of SPD-BBBB-BBB1</strong></p>");
    expect(first?.html).toContain("Possible duplicate of SPD-&lt;b&gt;");
    expect(first?.html).not.toContain("SPD-<b>");
    expect(looked).toEqual([REF]);

    // A re-send shows what the case records, and does not look again.
    await caseStore.update(REF, { possibleDuplicates: ["SPD-BBBB-BBB1"] });
    await actions.reroute(REF, DISTRICT, "The clerk asked for it", "officer@district.example");
    await dispatch(REF);
    expect(looked).toEqual([REF]);
    expect(reports()[1]?.text).toContain("Possible duplicate of SPD-BBBB-BBB1");
    expect(reports()[1]?.text).not.toContain("SPD-<b>");
  });

  it("says nothing when there are none", async () => {
    const { dispatch, reports } = await setup(aCase(), { markPossibleDuplicates: async () => [] });
    await dispatch(REF);
    expect(reports()[0]?.text).not.toContain("Possible duplicate");
  });
});
