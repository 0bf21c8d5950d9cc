import { describe, expect, it } from "vitest";
import type { Case, Destination } from "#core/case/case.js";
import { wantsUpdates } from "#core/case/progress-emails.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { testCouncils } from "../../helpers/councils.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// A progress email's delivery notices: on the timeline for staff (a bounce says the address may be
// wrong), never naming the resident, and never moving the report's own delivery or its route,
// even when the case is still waiting to be confirmed or the bounce is permanent. A permanent
// bounce or a complaint about the resident's emails stops their progress emails, saying why.

const REF = "SPD-AAAA-AAA4";
const RESIDENT = "resident@example.net";
const parish: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };

function aCase(overrides: Partial<Case> = {}): Case {
  return {
    reference: REF,
    service: "speeding",
    status: "in-progress",
    delivery: "unconfirmed",
    createdAt: "2026-11-23T09:00:00.000Z",
    updatedAt: "2026-11-23T09:00:00.000Z",
    answers: {},
    location: { lat: 51.5, lng: -0.8 },
    description: "Fast cars",
    reporter: { email: RESIDENT, shareWithParish: false, wantsUpdates: true },
    destination: parish,
    routing: { ruleId: "r", requested: "parish", area: parish, reason: "test" },
    // As if the clerk's address were the resident's too: the notice must still not count as the report's.
    recipient: RESIDENT,
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

async function setup(overrides: Partial<Case> = {}) {
  const caseStore = new MemoryCaseStore();
  await caseStore.create(aCase(overrides), []);
  const jobs: DispatchJob[] = [];
  const record = createRecordDeliveryEvent({
    caseStore,
    queue: { send: async (job) => void jobs.push(job) },
    clock: { now: () => new Date("2026-11-24T10:00:00.000Z") },
    councils: testCouncils(),
    digestContents: { referencesOf: async () => [] },
  });
  return { caseStore, jobs, record };
}

describe("recordDeliveryEvent: progress emails to the resident", () => {
  it.each([
    ["delivered", undefined, "delivered", "Progress email to the resident delivered"],
    [
      "bounced",
      "Permanent/General",
      "bounced",
      "Progress email to the resident bounced: their email address may be wrong",
    ],
    ["complained", undefined, "bounced", "Progress email to the resident marked as spam"],
  ] as const)("records %s for staff, changing nothing else", async (kind, detail, type, summary) => {
    const { caseStore, jobs, record } = await setup();
    const outcome = await record({
      reference: REF,
      kind,
      recipients: [RESIDENT],
      messageId: "ses-9",
      messageKind: "resident-update",
      ...(detail ? { detail } : {}),
    });
    expect(outcome).toBe("recorded");
    const [event] = await caseStore.timeline(REF);
    expect(event).toMatchObject({ type, summary, data: { message: "resident-update", messageId: "ses-9" } });
    expect(JSON.stringify(event)).not.toContain(RESIDENT);
    const after = await caseStore.get(REF);
    expect(after?.delivery).toBe("unconfirmed");
    expect(after?.destination).toEqual(parish);
    expect(jobs).toEqual([]);
  });
});

describe("recordDeliveryEvent: what stops progress emails", () => {
  const notice = (
    kind: "bounced" | "complained" | "delivered",
    messageKind: "resident-update" | "acknowledgement",
    detail?: string,
  ) => ({
    reference: REF,
    kind,
    recipients: [RESIDENT],
    messageId: "ses-9",
    messageKind,
    ...(detail ? { detail } : {}),
  });

  it.each([
    [
      "a permanent bounce of a progress email",
      notice("bounced", "resident-update", "Permanent/General"),
      "Progress emails stopped: an email to the resident's address bounced permanently",
    ],
    [
      "a complaint about a progress email",
      notice("complained", "resident-update"),
      "Progress emails stopped: the resident marked an email from us as spam",
    ],
    [
      "a permanent bounce of the acknowledgement",
      notice("bounced", "acknowledgement", "Permanent/NoEmail"),
      "Progress emails stopped: an email to the resident's address bounced permanently",
    ],
    [
      "a complaint about the acknowledgement",
      notice("complained", "acknowledgement"),
      "Progress emails stopped: the resident marked an email from us as spam",
    ],
  ])("stops them after %s, saying why on the timeline", async (_, given, why) => {
    const { caseStore, record } = await setup();
    expect(await record(given)).toBe("recorded");
    const after = await caseStore.get(REF);
    expect(after?.progressEmailsStoppedAt).toBe("2026-11-24T10:00:00.000Z");
    expect(wantsUpdates(after ?? aCase())).toBe(false);
    const stopped = (await caseStore.timeline(REF)).filter((e) => e.type === "progress-emails-stopped");
    expect(stopped.map((e) => [e.summary, e.actor])).toEqual([[why, "system"]]);
    // A second notice changes nothing more.
    await record(given);
    expect((await caseStore.timeline(REF)).filter((e) => e.type === "progress-emails-stopped")).toHaveLength(
      1,
    );
  });

  it.each([
    ["a transient bounce", notice("bounced", "resident-update", "Transient/MailboxFull")],
    ["a delivery", notice("delivered", "resident-update")],
  ])("keeps them after %s", async (_, given) => {
    const { caseStore, record } = await setup();
    await record(given);
    expect((await caseStore.get(REF))?.progressEmailsStoppedAt).toBeUndefined();
  });

  it("records no stop for a resident who never asked for them", async () => {
    const { caseStore, record } = await setup({
      reporter: { email: RESIDENT, shareWithParish: false },
    });
    await record(notice("complained", "acknowledgement"));
    const types = (await caseStore.timeline(REF)).map((e) => e.type);
    expect(types).toEqual(["bounced"]);
  });
});
