import { describe, expect, it } from "vitest";
import type { Case, Destination } from "#core/case/case.js";
import type { ClerkBounce } from "#core/ports/clerk-bounces.js";
import { type DeliveryNotice, createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { testCouncil, testCouncils } from "../../helpers/councils.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// A parish clerk's permanent bounce is noted for the clerk directory page (which address, when,
// which case); other notices are not.

const NOW = new Date("2026-11-23T10:00:00.000Z");
const REF = "SPD-AAAA-AAA4";
const CLERK = "clerk@ashcombe-pc.example.org";
const parish: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const district: Destination = { kind: "district", code: "E07000999", name: "Exampleshire Vale" };

function aCase(destination: Destination): Case {
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
    destination,
    routing: { ruleId: "r", requested: "parish", area: destination, reason: "test" },
    recipient: CLERK,
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
  };
}

async function bounce(destination: Destination, overrides: Partial<DeliveryNotice>) {
  const caseStore = new MemoryCaseStore();
  await caseStore.create(aCase(destination), []);
  const noted: ClerkBounce[] = [];
  const record = createRecordDeliveryEvent({
    caseStore,
    queue: { send: async () => undefined },
    clock: { now: () => NOW },
    councils: testCouncils(testCouncil({ area: { code: district.code, name: district.name } })),
    digestContents: { referencesOf: async () => [] },
    clerkBounces: { record: async (b) => void noted.push(b) },
  });
  const outcome = await record({
    reference: REF,
    kind: "bounced",
    recipients: [CLERK],
    messageId: "ses-1",
    detail: "Permanent/General",
    ...overrides,
  });
  return { outcome, noted };
}

describe("recordDeliveryEvent: clerk bounces for the directory", () => {
  it("notes a permanent bounce from the parish clerk, with the address, time and case", async () => {
    const { outcome, noted } = await bounce(parish, {});
    expect(outcome).toBe("rerouted");
    expect(noted).toEqual([
      {
        parishCode: "E04999001",
        address: CLERK,
        at: NOW.toISOString(),
        reference: REF,
        detail: "Permanent/General",
      },
    ]);
  });

  it.each([
    ["a transient bounce", parish, { detail: "Transient/MailboxFull" }],
    ["a bounce from someone else", parish, { recipients: ["other@example.org"] }],
    ["a bounce from the district", district, {}],
    ["a complaint", parish, { kind: "complained" as const }],
  ])("does not note %s", async (_name, destination, overrides) => {
    expect((await bounce(destination, overrides)).noted).toEqual([]);
  });
});
