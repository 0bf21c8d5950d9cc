import { describe, expect, it } from "vitest";
import type { Case, DeliveryState, Destination } from "#core/case/case.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { type DeliveryNotice, createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { testCouncil, testCouncils } from "../../helpers/councils.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// Delivery, bounce and complaint notices on the case timeline; a parish clerk's permanent bounce
// re-routes the case to the district and queues it again.

const NOW = new Date("2026-11-23T10:00:00.000Z");
const REF = "SPD-AAAA-AAA4";
const CLERK = "clerk@ashcombe-pc.example.org";
const DISTRICT = { code: "E07000999", name: "Exampleshire Vale" };
const parish: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };

function aCase(overrides: Partial<Case> = {}): Case {
  return {
    reference: REF,
    service: "speeding",
    status: "new",
    delivery: "sent",
    createdAt: "2026-11-23T09:00:00.000Z",
    updatedAt: "2026-11-23T09:00:00.000Z",
    answers: {},
    location: { lat: 51.5, lng: -0.8 },
    description: "Fast cars",
    destination: parish,
    routing: { ruleId: "r", requested: "parish", area: parish, reason: "test" },
    recipient: CLERK,
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

/** The digest the tests send: it carried REF and a second case. */
const DIGEST = "DIGEST-E04999001-2026-11-22";
const OTHER = "SPD-BBBB-BBB4";

async function setup(report?: Case, ...more: Case[]) {
  const caseStore = new MemoryCaseStore();
  for (const c of [report, ...more]) if (c) await caseStore.create(c, []);
  const jobs: DispatchJob[] = [];
  const record = createRecordDeliveryEvent({
    caseStore,
    queue: { send: async (job) => void jobs.push(job) },
    clock: { now: () => NOW },
    councils: testCouncils(testCouncil({ area: DISTRICT })),
    digestContents: { referencesOf: async (digest) => (digest === DIGEST ? [REF, OTHER] : []) },
  });
  return { caseStore, jobs, record };
}

const notice = (overrides: Partial<DeliveryNotice>): DeliveryNotice => ({
  reference: REF,
  kind: "delivered",
  recipients: [CLERK],
  messageId: "ses-1",
  ...overrides,
});

describe("recordDeliveryEvent", () => {
  it("ignores a reference it does not know", async () => {
    const { caseStore, jobs, record } = await setup();
    expect(await record(notice({}))).toBe("unknown-case");
    expect(caseStore.cases.size).toBe(0);
    expect(jobs).toEqual([]);
  });

  it("puts a delivery on the timeline", async () => {
    const { caseStore, record } = await setup(aCase());
    expect(await record(notice({}))).toBe("recorded");
    expect(await caseStore.timeline(REF)).toEqual([
      {
        at: NOW.toISOString(),
        type: "delivered",
        actor: "system",
        summary: "Report email delivered",
        data: { messageId: "ses-1", recipients: CLERK },
      },
    ]);
  });

  it("settles an unconfirmed send when SES says it reached the recipient", async () => {
    const { caseStore, record } = await setup(aCase({ delivery: "unconfirmed" }));
    await record(notice({}));
    expect((await caseStore.get(REF))?.delivery).toBe("sent");
  });

  it("leaves delivery alone when the delivery was to someone else", async () => {
    const { caseStore, record } = await setup(aCase({ delivery: "unconfirmed" }));
    await record(notice({ recipients: ["someone@example.org"] }));
    expect((await caseStore.get(REF))?.delivery).toBe("unconfirmed");
  });

  it("records a transient bounce without re-routing", async () => {
    const { caseStore, jobs, record } = await setup(aCase());
    expect(await record(notice({ kind: "bounced", detail: "Transient/MailboxFull" }))).toBe("recorded");
    const [bounced] = await caseStore.timeline(REF);
    expect(bounced).toMatchObject({
      type: "bounced",
      summary: "Report email bounced (Transient/MailboxFull)",
      data: { recipients: CLERK, detail: "Transient/MailboxFull" },
    });
    expect((await caseStore.get(REF))?.destination).toEqual(parish);
    expect(jobs).toEqual([]);
  });

  it("records a complaint as a bounced event saying it was marked as spam", async () => {
    const { caseStore, jobs, record } = await setup(aCase());
    expect(await record(notice({ kind: "complained" }))).toBe("recorded");
    expect(await caseStore.timeline(REF)).toMatchObject([
      { type: "bounced", summary: "Report email marked as spam", data: { recipients: CLERK } },
    ]);
    expect(jobs).toEqual([]);
  });

  it.each<DeliveryState>(["sent", "unconfirmed"])(
    "re-routes a %s parish case to the district when the clerk bounces permanently",
    async (delivery) => {
      const { caseStore, jobs, record } = await setup(aCase({ delivery }));
      expect(await record(notice({ kind: "bounced", detail: "Permanent/General" }))).toBe("rerouted");
      const after = await caseStore.get(REF);
      expect(after?.destination).toEqual({ kind: "district", ...DISTRICT });
      expect(after?.delivery).toBe("queued");
      expect((await caseStore.timeline(REF)).map((e) => e.type)).toEqual(["bounced", "rerouted"]);
      const rerouted = (await caseStore.timeline(REF))[1];
      expect(rerouted).toMatchObject({
        summary: `Re-routed to ${testCouncil().name} because the parish clerk's address bounced permanently`,
        data: { from: parish.code, to: DISTRICT.code, bounced: CLERK },
      });
      expect(jobs).toEqual([{ reference: REF }]);
    },
  );

  it("does not re-route when a permanent bounce is from someone other than the clerk", async () => {
    const { jobs, record } = await setup(aCase());
    const outcome = await record(
      notice({ kind: "bounced", detail: "Permanent/General", recipients: ["cc@example.org"] }),
    );
    expect(outcome).toBe("recorded");
    expect(jobs).toEqual([]);
  });

  it("does not re-route a case already sent to the district", async () => {
    const district: Destination = { kind: "district", ...DISTRICT };
    const { jobs, record } = await setup(aCase({ destination: district, recipient: CLERK }));
    expect(await record(notice({ kind: "bounced", detail: "Permanent/General" }))).toBe("recorded");
    expect(jobs).toEqual([]);
  });

  it("never puts an address in a summary", async () => {
    const { caseStore, record } = await setup(aCase());
    await record(notice({}));
    await record(notice({ kind: "bounced", detail: "Permanent/General" }));
    await record(notice({ kind: "complained" }));
    const timeline = await caseStore.timeline(REF);
    expect(timeline).toHaveLength(4);
    for (const e of timeline) expect(e.summary).not.toMatch(/@/);
  });

  it("does not re-route twice: a case already queued again stays as it is", async () => {
    const { caseStore, jobs, record } = await setup(aCase({ delivery: "queued" }));
    expect(await record(notice({ kind: "bounced", detail: "Permanent/General" }))).toBe("recorded");
    expect((await caseStore.get(REF))?.destination).toEqual(parish);
    expect((await caseStore.timeline(REF)).map((e) => e.type)).toEqual(["bounced"]);
    expect(jobs).toEqual([]);
  });
});

describe("recordDeliveryEvent: the resident's acknowledgement", () => {
  const RESIDENT = "dave.resident@example.net";
  const ack = (overrides: Partial<DeliveryNotice>) =>
    notice({ recipients: [RESIDENT], messageKind: "acknowledgement", ...overrides });
  const withResident = () => aCase({ reporter: { name: "Dave", email: RESIDENT, shareWithParish: false } });

  it.each<[Partial<DeliveryNotice>, string]>([
    [{}, "Acknowledgement delivered"],
    [{ kind: "bounced", detail: "Permanent/General" }, "Acknowledgement bounced"],
    [{ kind: "bounced", detail: "Transient/MailboxFull" }, "Acknowledgement bounced"],
    [{ kind: "complained" }, "Acknowledgement marked as spam"],
  ])("records %o as %s, with no address anywhere", async (overrides, summary) => {
    const { caseStore, record } = await setup(withResident());
    expect(await record(ack(overrides))).toBe("recorded");
    const [recorded] = await caseStore.timeline(REF);
    expect(recorded).toMatchObject({ summary, data: { message: "acknowledgement", messageId: "ses-1" } });
    expect(JSON.stringify(recorded)).not.toContain(RESIDENT);
    expect(JSON.stringify(recorded)).not.toContain("@");
  });

  it("never re-routes or settles the case, even when the address is the case's recipient", async () => {
    // A resident whose address is also where the report went (a clerk reporting their own parish).
    const report = aCase({ delivery: "unconfirmed", recipient: CLERK });
    const { caseStore, jobs, record } = await setup(report);
    const bounce = ack({ recipients: [CLERK], kind: "bounced", detail: "Permanent/General" });
    expect(await record(bounce)).toBe("recorded");
    expect(await record(ack({ recipients: [CLERK] }))).toBe("recorded");
    expect(await caseStore.get(REF)).toMatchObject({ delivery: "unconfirmed", destination: parish });
    expect(jobs).toEqual([]);
  });

  it("is an unknown case when the case is gone", async () => {
    const { record } = await setup();
    expect(await record(ack({}))).toBe("unknown-case");
  });

  it("ignores a notice to staff, even one whose reference looks like a case's", async () => {
    const { caseStore, jobs, record } = await setup(aCase());
    const bounce = notice({ kind: "bounced", detail: "Permanent/General", messageKind: "staff-notice" });
    expect(await record(bounce)).toBe("unknown-case");
    expect(await caseStore.timeline(REF)).toEqual([]);
    expect(jobs).toEqual([]);
  });

  it("ignores a digest it does not know", async () => {
    const { caseStore, record } = await setup(aCase());
    expect(await record(notice({ reference: "DIGEST-E04999001-2020-01-01", messageKind: "digest" }))).toBe(
      "unknown-case",
    );
    expect(await caseStore.timeline(REF)).toEqual([]);
  });

  it("re-routes every case a digest carried when the clerk's address bounces it permanently", async () => {
    const sentInDigest = (reference: string) =>
      aCase({ reference, delivery: "sent", recipient: CLERK, destination: parish });
    const { caseStore, jobs, record } = await setup(sentInDigest(REF), sentInDigest(OTHER));
    const bounce = notice({
      reference: DIGEST,
      messageKind: "digest",
      kind: "bounced",
      detail: "Permanent/General",
    });
    expect(await record(bounce)).toBe("rerouted");
    for (const reference of [REF, OTHER]) {
      expect(await caseStore.get(reference)).toMatchObject({
        delivery: "queued",
        destination: { kind: "district", code: DISTRICT.code },
      });
      const summaries = (await caseStore.timeline(reference)).map((e) => e.summary);
      expect(summaries[0]).toBe("Report email bounced in a daily digest (Permanent/General)");
      expect(summaries[1]).toContain("Re-routed to Exampleshire Vale");
    }
    expect(jobs.map((j) => j.reference).sort()).toEqual([REF, OTHER].sort());
  });

  it("records a digest's delivery on each case it carried, and moves nothing", async () => {
    const { caseStore, jobs, record } = await setup(
      aCase({ delivery: "sent", recipient: CLERK, destination: parish }),
    );
    expect(await record(notice({ reference: DIGEST, messageKind: "digest" }))).toBe("recorded");
    expect((await caseStore.timeline(REF)).map((e) => e.summary)).toEqual([
      "Report email delivered in a daily digest",
    ]);
    expect(jobs).toEqual([]);
  });
});
