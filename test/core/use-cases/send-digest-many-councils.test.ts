import { describe, expect, it } from "vitest";
import type { Case, Destination } from "#core/case/case.js";
import type { Council } from "#core/councils/council.js";
import { oneDirectory } from "#core/ports/directory.js";
import type { HeldReport } from "#core/ports/held-reports.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import { services } from "#core/services/index.js";
import { createSendDigest } from "#core/use-cases/send-digest.js";
import { aStoredCase } from "../../helpers/builders.js";
import {
  COUNTY_HIGHWAYS,
  HARROWFIELD,
  routingBodies,
  testCouncil,
  testCouncils,
} from "../../helpers/councils.js";
import { directoryOf } from "../../helpers/fake-directory.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// County highways covers both Exampleshire districts: its held reports go in one digest per
// council, each from that council, replying to it and naming it, never one mixing their cases.

const VALE = testCouncil();
const NOW = new Date("2026-12-03T07:00:00Z");
const HIGHWAYS: Destination = { kind: "body", code: COUNTY_HIGHWAYS.id, name: COUNTY_HIGHWAYS.name };

function heldCase(reference: string, council: Council): Case {
  const area = { kind: "district" as const, ...council.area };
  return aStoredCase(reference, {
    council: council.id,
    delivery: "held",
    createdAt: "2026-12-02T09:00:00Z",
    destination: HIGHWAYS,
    routing: { ruleId: "r", requested: "highway-authority", area, reason: "test" },
  });
}

async function runDigest(cases: Case[]) {
  const caseStore = new MemoryCaseStore({ now: () => NOW });
  const holds: HeldReport[] = [];
  for (const report of cases) {
    await caseStore.create(report, []);
    holds.push({ bodyCode: report.destination.code, reference: report.reference, day: "2026-12-02" });
  }
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { send: async (email) => ({ messageId: `m-${sent.push(email)}` }) };
  const contents = new Map<string, string[]>();
  const run = await createSendDigest({
    services,
    caseStore,
    mailer,
    clock: { now: () => NOW },
    councils: testCouncils(VALE, HARROWFIELD),
    bodies: routingBodies([COUNTY_HIGHWAYS]),
    directories: oneDirectory(directoryOf(() => undefined)),
    heldReports: { pending: async () => holds, done: async () => undefined },
    digestContents: {
      record: async (digest, references) => void contents.set(digest, [...references]),
      referencesOf: async (digest) => contents.get(digest) ?? [],
    },
  })();
  return { run, sent, contents, caseStore };
}

describe("the daily digest on a deployment of several councils", () => {
  it("sends a body serving two councils one digest per council, from and naming each", async () => {
    const { run, sent, contents } = await runDigest([
      heldCase("SPD-VALE-0001", VALE),
      heldCase("SPD-HARR-0001", HARROWFIELD),
      heldCase("SPD-VALE-0002", VALE),
    ]);
    expect(run.failures).toEqual([]);
    expect(run.digests.sort()).toEqual([
      "DIGEST-exampleshire-vale-exampleshire-county-highways-2026-12-02",
      "DIGEST-harrowfield-exampleshire-county-highways-2026-12-02",
    ]);
    expect(contents.get("DIGEST-exampleshire-vale-exampleshire-county-highways-2026-12-02")).toEqual([
      "SPD-VALE-0001",
      "SPD-VALE-0002",
    ]);
    expect(contents.get("DIGEST-harrowfield-exampleshire-county-highways-2026-12-02")).toEqual([
      "SPD-HARR-0001",
    ]);

    const vale = sent.find((e) => e.text.includes("SPD-VALE-0001"));
    const harrow = sent.find((e) => e.text.includes("SPD-HARR-0001"));
    expect(vale).toMatchObject({
      from: VALE.senderEmail,
      to: ["highways@exampleshire.example.org"],
      replyTo: [VALE.email],
    });
    expect(harrow).toMatchObject({
      from: HARROWFIELD.senderEmail,
      to: ["highways@exampleshire.example.org"],
      replyTo: [HARROWFIELD.email],
    });
    expect(vale?.text).not.toContain("SPD-HARR-0001");
    expect(harrow?.text).not.toMatch(/SPD-VALE|Exampleshire Vale/);
    expect(harrow?.text).toContain("Harrowfield District Council's Signpost service");
    expect(harrow?.text).toContain("If a report is not for you");
  });
});
