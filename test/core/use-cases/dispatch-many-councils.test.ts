import { describe, expect, it } from "vitest";
import type { Case, Destination } from "#core/case/case.js";
import type { Council } from "#core/councils/council.js";
import { directoriesByCouncil } from "#core/ports/directory.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import { services } from "#core/services/index.js";
import { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import { createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { aStoredCase } from "../../helpers/builders.js";
import {
  COUNTY_HIGHWAYS,
  HARROWFIELD,
  NATIONAL_HIGHWAYS,
  routingBodies,
  SAFER_ROADS,
  SALTMERE,
  testCouncil,
  testCouncils,
} from "../../helpers/councils.js";
import { directoryOf } from "../../helpers/fake-directory.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// One deployment, three councils (the demo's): a two-tier district, a second district in the same
// county, and a unitary. Each case goes to the body the rules chose, from its own council, and
// every email names that council; what cannot be reached goes to the case's council, saying why.

const VALE = testCouncil({
  email: "highways@exampleshire-vale.example.org",
  senderEmail: "signpost@exampleshire-vale.example.org",
});
const councils = testCouncils(VALE, HARROWFIELD, SALTMERE);
const NOW = new Date("2026-12-03T10:00:00Z");
const clock = { now: () => NOW };

const HARROW_PARISH: Destination = { kind: "parish", code: "E04999101", name: "Harrow Green" };
const SALT_PARISH: Destination = { kind: "parish", code: "E04999201", name: "Brinecombe" };
const CLERKS: Record<string, string> = {
  E04999101: "clerk@harrowgreen.example",
  E04999201: "clerk@brinecombe.example",
};
const body = (b: { id: string; name: string }): Destination => ({ kind: "body", code: b.id, name: b.name });
const councilArea = (c: Council): Destination => ({ kind: "district", ...c.area });

/** Each council's directory knows its own parishes only: a look-up in the wrong one finds nobody. */
const directoryFor = (council: Council) =>
  directoryOf(({ code }) => {
    const parishCouncil = code.startsWith("E049991")
      ? HARROWFIELD
      : code.startsWith("E049992")
        ? SALTMERE
        : VALE;
    const email = CLERKS[code];
    return parishCouncil === council && email
      ? { councilName: `${code} Parish Council`, email, source: council.moderngovBaseUrl, via: "web-service" }
      : undefined;
  });

async function dispatchOne(council: Council, destination: Destination, overrides: Partial<Case> = {}) {
  const caseStore = new MemoryCaseStore({ now: clock.now });
  const report = aStoredCase("SPD-MANY-0001", {
    council: council.id,
    destination,
    routing: { ruleId: "r", requested: "district", area: councilArea(council), reason: "test" },
    reporter: { email: "resident@example.org", shareWithParish: false },
    ...overrides,
  });
  await caseStore.create(report, []);
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { send: async (email) => ({ messageId: `m-${sent.push(email)}` }) };
  const dispatch = createDispatchReport({
    services,
    caseStore,
    mailer,
    clock,
    councils,
    bodies: routingBodies([COUNTY_HIGHWAYS, SAFER_ROADS, NATIONAL_HIGHWAYS]),
    directories: directoriesByCouncil(
      new Map([VALE, HARROWFIELD, SALTMERE].map((c) => [c.id, directoryFor(c)])),
    ),
  });
  const outcome = await dispatch(report.reference);
  return {
    outcome,
    caseStore,
    stored: await caseStore.get(report.reference),
    reportEmail: sent.find((e) => e.kind === "report"),
    acknowledgement: sent.find((e) => e.kind === "acknowledgement"),
  };
}

describe("dispatch on a deployment of several councils", () => {
  const kinds: Array<[string, Council, Destination, string]> = [
    ["a two-tier parish", HARROWFIELD, HARROW_PARISH, "clerk@harrowgreen.example"],
    ["a two-tier district's team", HARROWFIELD, councilArea(HARROWFIELD), HARROWFIELD.email],
    [
      "county highways, for a two-tier district",
      HARROWFIELD,
      body(COUNTY_HIGHWAYS),
      "highways@exampleshire.example.org",
    ],
    [
      "the road safety partnership",
      HARROWFIELD,
      body(SAFER_ROADS),
      "enforcement@saferroads.exampleshire.example.org",
    ],
    ["a unitary parish", SALTMERE, SALT_PARISH, "clerk@brinecombe.example"],
    ["a unitary's team", SALTMERE, councilArea(SALTMERE), SALTMERE.email],
    [
      "National Highways, in a unitary",
      SALTMERE,
      body(NATIONAL_HIGHWAYS),
      "info@nationalhighways.example.org",
    ],
    ["the first council's team", VALE, councilArea(VALE), VALE.email],
  ];

  it.each(kinds)("sends a report to %s from its council", async (_, council, destination, to) => {
    const { outcome, reportEmail, acknowledgement, stored } = await dispatchOne(council, destination);
    expect(outcome).toEqual({ outcome: "sent", recipient: to, destination: destination.kind });
    // The council's own team may write to the resident; anyone else's replies reach the council.
    const replyTo = destination.kind === "district" ? "resident@example.org" : council.email;
    expect(reportEmail).toMatchObject({ from: council.senderEmail, to: [to], replyTo: [replyTo] });
    expect(reportEmail?.text).toContain(`through ${council.name}'s Signpost service`);
    // The resident's receipt comes from the same council.
    expect(acknowledgement).toMatchObject({ from: council.senderEmail, replyTo: [council.email] });
    expect(acknowledgement?.text).toContain(council.name);
    expect(stored).toMatchObject({ delivery: "sent", recipient: to, destination });
    // No other council is named in what the reader gets.
    for (const other of councils.all.filter((c) => c !== council)) {
      expect(reportEmail?.text).not.toContain(other.name);
      expect(reportEmail?.html).not.toContain(other.email);
    }
  });

  it("words an email to another body for that body: no parish guidance, the case goes back to its council", async () => {
    const { reportEmail } = await dispatchOne(HARROWFIELD, body(COUNTY_HIGHWAYS));
    expect(reportEmail?.text).toContain("Dear Exampleshire County Council Highways,");
    expect(reportEmail?.text).toContain("If this is not for you");
    expect(reportEmail?.text).toContain(
      `Email Harrowfield District Council (${HARROWFIELD.email}) and quote reference SPD-MANY-0001.`,
    );
    expect(reportEmail?.text).not.toMatch(/your council|parish/i);
  });

  it("tells a parish clerk to send a report back to the case's council, by name", async () => {
    const { reportEmail } = await dispatchOne(SALTMERE, SALT_PARISH);
    expect(reportEmail?.text).toContain("If this is not for your council");
    expect(reportEmail?.text).toContain(`Email Saltmere Council (${SALTMERE.email})`);
    expect(reportEmail?.text).not.toContain("the district");
  });

  it("looks a parish's clerk up in its own council's directory, else falls back to that council, saying so", async () => {
    const { reportEmail, stored } = await dispatchOne(SALTMERE, {
      kind: "parish",
      code: "E04999202",
      name: "Saltfleet",
    });
    expect(reportEmail).toMatchObject({ from: SALTMERE.senderEmail, to: [SALTMERE.email] });
    expect(reportEmail?.text).toContain(
      "This report was sent to Saltmere Council because the council directory",
    );
    expect(stored?.destination).toEqual(councilArea(SALTMERE));
    expect(stored?.routing).toMatchObject({
      ruleId: "no-clerk-email",
      fallback: { from: "parish", to: "district" },
      reason: expect.stringMatching(
        /^Sent to Saltmere Council because the council directory has no email address for Saltfleet's clerk/,
      ),
    });
  });

  it("sends a case for a body missing from the data to its council, with the reason on the case", async () => {
    const { reportEmail, stored, caseStore } = await dispatchOne(HARROWFIELD, {
      kind: "body",
      code: "harrowfield-canal-trust",
      name: "Harrowfield Canal Trust",
    });
    expect(reportEmail).toMatchObject({ from: HARROWFIELD.senderEmail, to: [HARROWFIELD.email] });
    expect(stored?.destination).toEqual(councilArea(HARROWFIELD));
    expect(stored?.routing).toMatchObject({
      ruleId: "unknown-body",
      fallback: { from: "body:harrowfield-canal-trust", to: "district" },
      reason:
        "Sent to Harrowfield District Council because Harrowfield Canal Trust (harrowfield-canal-trust) is not in the bodies data",
    });
    const rerouted = (await caseStore.timeline("SPD-MANY-0001")).find((e) => e.type === "rerouted");
    expect(rerouted?.summary).toBe(
      "Sent to Harrowfield District Council instead: Harrowfield Canal Trust (harrowfield-canal-trust) is not in the bodies data",
    );
  });

  it("sends a body's permanent bounce back to the case's council, naming both", async () => {
    const { caseStore } = await dispatchOne(SALTMERE, body(NATIONAL_HIGHWAYS));
    const jobs: unknown[] = [];
    const record = createRecordDeliveryEvent({
      caseStore,
      queue: { send: async (job) => void jobs.push(job) },
      clock,
      councils,
      digestContents: { referencesOf: async () => [] },
    });
    const outcome = await record({
      reference: "SPD-MANY-0001",
      kind: "bounced",
      recipients: ["info@nationalhighways.example.org"],
      messageId: "ses-1",
      detail: "Permanent/General",
    });
    expect(outcome).toBe("rerouted");
    const stored = await caseStore.get("SPD-MANY-0001");
    expect(stored).toMatchObject({ delivery: "queued", destination: councilArea(SALTMERE) });
    expect(stored?.routing).toMatchObject({
      ruleId: "body-bounced",
      fallback: { from: "body:national-highways", to: "district" },
      reason: "Sent to Saltmere Council because National Highways's address bounced permanently",
    });
    expect(jobs).toEqual([{ reference: "SPD-MANY-0001" }]);
  });
});
