import { describe, expect, it } from "vitest";
import type { Case, Destination } from "#core/case/case.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// A progress email's delivery notices: on the timeline for staff (a bounce says the address may be
// wrong), never naming the resident, and never moving the report's own delivery or its route,
// even when the case is still waiting to be confirmed or the bounce is permanent.

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

async function setup() {
  const caseStore = new MemoryCaseStore();
  await caseStore.create(aCase(), []);
  const jobs: DispatchJob[] = [];
  const record = createRecordDeliveryEvent({
    caseStore,
    queue: { send: async (job) => void jobs.push(job) },
    clock: { now: () => new Date("2026-11-24T10:00:00.000Z") },
    district: { code: "E07999999", name: "Exampleshire Vale" },
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
    const [event, ...others] = await caseStore.timeline(REF);
    expect(others).toEqual([]);
    expect(event).toMatchObject({ type, summary, data: { message: "resident-update", messageId: "ses-9" } });
    expect(JSON.stringify(event)).not.toContain(RESIDENT);
    const after = await caseStore.get(REF);
    expect(after?.delivery).toBe("unconfirmed");
    expect(after?.destination).toEqual(parish);
    expect(jobs).toEqual([]);
  });
});
