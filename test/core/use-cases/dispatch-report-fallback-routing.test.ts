import { describe, expect, it } from "vitest";
import type { Case, Destination } from "#core/case/case.js";
import { PermanentSendError, UpstreamError } from "#core/errors.js";
import type { ClerkContact, Directory } from "#core/ports/directory.js";
import type { Mailer } from "#core/ports/mailer.js";
import { services } from "#core/services/index.js";
import { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import { createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { oneCouncilSending, testCouncils } from "../../helpers/councils.js";
import { directoryOf } from "../../helpers/fake-directory.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// When Signpost sends a parish's case to the district instead, the routing decision follows the
// destination, so the case page's "Why" explains the district it is with, not the parish rule;
// where the point fell stays.

const NOW = new Date("2026-11-23T10:00:00.000Z");
const clock = { now: () => NOW };
const REF = "SPD-AAAA-AAA4";
const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };
const PARISH_RULE = {
  ruleId: "parish-speedwatch",
  requested: "parish" as const,
  area: ASHCOMBE,
  reason: "Community Speedwatch is run by the parish council",
};
const CLERK_EMAIL = "clerk@ashcombe.example";
const CLERK: ClerkContact = {
  councilName: "Ashcombe Parish Council",
  email: CLERK_EMAIL,
  source: "x",
  via: "web-service",
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
    destination: ASHCOMBE,
    routing: PARISH_RULE,
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

async function dispatchWith(directory: Directory, send: Mailer["send"] = async () => ({ messageId: "m-1" })) {
  const caseStore = new MemoryCaseStore({ now: clock.now });
  await caseStore.create(aCase(), []);
  const dispatch = createDispatchReport({
    services,
    caseStore,
    ...oneCouncilSending(directory),
    mailer: { send },
    clock,
  });
  const outcome = await dispatch(REF).catch((error: unknown) => error);
  return { caseStore, outcome, report: await caseStore.get(REF) };
}

const unavailable: Directory = {
  lookUp: async () => {
    throw new UpstreamError("moderngov", "timed out");
  },
};

describe("dispatch falling back to the district", () => {
  it("explains a parish whose clerk has no email address, keeping where the point fell", async () => {
    const { report } = await dispatchWith(directoryOf(() => undefined));
    expect(report).toMatchObject({ delivery: "sent", destination: DISTRICT });
    expect(report?.routing).toEqual({
      ruleId: "no-clerk-email",
      // What the rule asked for stays; the fallback says where it went instead, and why.
      requested: "parish",
      fallback: {
        from: "parish",
        to: "district",
        why: "the council directory has no email address for Ashcombe's clerk (no email address for Ashcombe)",
      },
      area: ASHCOMBE,
      reason:
        "Sent to Exampleshire Vale District Council because the council directory has no email address for Ashcombe's clerk (no email address for Ashcombe)",
    });
  });

  it("explains a directory that could not be read", async () => {
    const { report } = await dispatchWith(unavailable);
    expect(report).toMatchObject({ destination: DISTRICT });
    expect(report?.routing).toMatchObject({
      ruleId: "directory-unavailable",
      requested: "parish",
      fallback: { from: "parish", to: "district" },
      area: ASHCOMBE,
      reason:
        "Sent to Exampleshire Vale District Council because the clerk's contact for Ashcombe could not be fetched (moderngov: timed out)",
    });
  });

  it("explains the fallback when the send fails too, so the retry's case already says why", async () => {
    const transient = await dispatchWith(
      directoryOf(() => undefined),
      async () => {
        throw new Error("SES throttled");
      },
    );
    expect(transient.outcome).toBeInstanceOf(Error);
    expect(transient.report).toMatchObject({ delivery: "queued", destination: DISTRICT });
    expect(transient.report?.routing.ruleId).toBe("no-clerk-email");

    const permanent = await dispatchWith(unavailable, async () => {
      throw new PermanentSendError("rejected");
    });
    expect(permanent.report).toMatchObject({ delivery: "failed", destination: DISTRICT });
    expect(permanent.report?.routing.ruleId).toBe("directory-unavailable");
  });

  it("leaves the routing of a case sent to its parish as the rule made it", async () => {
    const { report } = await dispatchWith(directoryOf(() => CLERK));
    expect(report).toMatchObject({ destination: ASHCOMBE, routing: PARISH_RULE });
  });

  it("explains a case moved to the district because the clerk's address bounced", async () => {
    const caseStore = new MemoryCaseStore({ now: clock.now });
    await caseStore.create(aCase({ delivery: "sent", recipient: CLERK_EMAIL }), []);
    const record = createRecordDeliveryEvent({
      caseStore,
      queue: { send: async () => undefined },
      clock,
      councils: testCouncils(),
      digestContents: { referencesOf: async () => [] },
    });
    const outcome = await record({
      reference: REF,
      kind: "bounced",
      recipients: [CLERK_EMAIL],
      messageId: "ses-1",
      detail: "Permanent/General",
    });
    expect(outcome).toBe("rerouted");
    expect((await caseStore.get(REF))?.routing).toEqual({
      ruleId: "clerk-bounced",
      requested: "parish",
      fallback: { from: "parish", to: "district", why: "the parish clerk's address bounced permanently" },
      area: ASHCOMBE,
      reason:
        "Sent to Exampleshire Vale District Council because the parish clerk's address bounced permanently",
    });
    const [rerouted] = (await caseStore.timeline(REF)).filter((e) => e.type === "rerouted");
    expect(rerouted?.summary).toBe(
      "Re-routed to Exampleshire Vale District Council because the parish clerk's address bounced permanently",
    );
  });
});
