import { describe, expect, it } from "vitest";
import { type Case, type Destination, destinationTarget } from "#core/case/case.js";
import { UpstreamError } from "#core/errors.js";
import type { ClerkContact, Directory } from "#core/ports/directory.js";
import type { HeldReport, HeldReports } from "#core/ports/held-reports.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import { services } from "#core/services/index.js";
import { createSendDigest, dayBefore } from "#core/use-cases/send-digest.js";
import { oneCouncilSending, testCouncil } from "../../helpers/councils.js";
import { directoryOf } from "../../helpers/fake-directory.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// The daily digest with in-memory fakes: held cases go to their bodies in one email each, with
// contact details only where the resident agreed, and a re-run or a failed send loses nothing and
// sends nothing twice.

const district = {
  code: "E07999999",
  name: "Exampleshire Vale",
  councilName: "Exampleshire Vale District Council",
  email: "highways@district.example",
};
const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const WENDLE: Destination = { kind: "parish", code: "E04999002", name: "Great Wendle" };
const DISTRICT: Destination = { kind: "district", code: district.code, name: district.name };
// The run is at 07:00 London on 3 December: it takes holds of the 2nd and before.
const NOW = new Date("2026-12-03T07:00:00Z");

/** Holds in memory, as the DynamoDB adapter keeps them: by day, then body, then reference. */
class MemoryHeldReports implements HeldReports {
  readonly holds: HeldReport[] = [];
  hold(held: HeldReport) {
    this.holds.push(held);
  }
  async pending(throughDay: string, limit: number) {
    return this.holds
      .filter((h) => h.day <= throughDay)
      .sort((a, b) =>
        `${a.day}#${a.bodyCode}#${a.reference}`.localeCompare(`${b.day}#${b.bodyCode}#${b.reference}`),
      )
      .slice(0, limit);
  }
  async done(held: HeldReport) {
    const i = this.holds.findIndex((h) => h.day === held.day && h.reference === held.reference);
    if (i >= 0) this.holds.splice(i, 1);
  }
}

function aHeldCase(reference: string, destination: Destination, overrides: Partial<Case> = {}): Case {
  return {
    reference,
    service: "speeding",
    status: "new",
    delivery: "held",
    createdAt: "2026-12-02T15:30:00.000Z",
    updatedAt: "2026-12-02T15:30:00.000Z",
    answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
    location: { lat: 54.6, lng: 2.2, roadName: "Mill Lane", postcode: "ZX2 1FD" },
    description: "Cars race past <b>the school</b> & the shop.",
    reporter: {
      name: "Sam Resident",
      email: "sam@resident.example",
      phone: "07700 900123",
      shareWithParish: true,
      sharedWith: [ASHCOMBE.code],
    },
    destination,
    routing: { ruleId: "r", requested: destinationTarget(destination), area: destination, reason: "test" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

interface Setup {
  contacts?: Record<string, ClerkContact | Error | undefined>;
  failSendsTo?: string[];
  casesPerEmail?: number;
}

function setup(options: Setup = {}) {
  const caseStore = new MemoryCaseStore({ now: () => NOW });
  const heldReports = new MemoryHeldReports();
  const sent: OutgoingEmail[] = [];
  const failing = new Set(options.failSendsTo ?? []);
  const mailer: Mailer = {
    send: async (email) => {
      if (email.to.some((to) => failing.has(to))) throw new Error("SES unavailable");
      sent.push(email);
      return { messageId: `m-${sent.length}` };
    },
  };
  const contacts = options.contacts ?? {
    [ASHCOMBE.code]: {
      councilName: "Ashcombe Parish Council",
      email: "clerk@ashcombe.example",
      source: "test",
      via: "web-service" as const,
    },
    [WENDLE.code]: {
      councilName: "Great Wendle Parish Council",
      email: "clerk@wendle.example",
      source: "test",
      via: "web-service" as const,
    },
  };
  const directory: Directory = directoryOf(({ code }) => {
    const contact = contacts[code];
    if (contact instanceof Error) throw contact;
    return contact;
  });
  const contents = new Map<string, string[]>();
  const sendDigest = createSendDigest(
    {
      services,
      caseStore,
      ...oneCouncilSending(directory, testCouncil({ email: district.email })),
      mailer,
      clock: { now: () => NOW },
      heldReports,
      digestContents: {
        record: async (digest: string, references: readonly string[]) => {
          contents.set(digest, [...references]);
        },
        referencesOf: async (digest: string) => contents.get(digest) ?? [],
      },
    },
    { casesPerEmail: options.casesPerEmail ?? 25, holdsPerRun: 100 },
  );
  async function held(report: Case, day = "2026-12-02") {
    await caseStore.create(report, []);
    heldReports.hold({ bodyCode: report.destination.code, reference: report.reference, day });
  }
  return { caseStore, heldReports, sent, sendDigest, held, failing, contents };
}

const toOf = (email: OutgoingEmail | undefined) => email?.to.join(",");

describe("sendDigest", () => {
  it("sends one digest per body with every held case, and marks each case sent", async () => {
    const t = setup();
    await t.held(aHeldCase("SPD-AAAA-0001", ASHCOMBE));
    await t.held(aHeldCase("SPD-AAAA-0002", ASHCOMBE, { createdAt: "2026-12-02T09:00:00.000Z" }));
    await t.held(aHeldCase("SPD-BBBB-0001", WENDLE));
    // An older day a failed run left behind goes too; today's hold waits for tomorrow.
    await t.held(
      aHeldCase("SPD-AAAA-0003", ASHCOMBE, { createdAt: "2026-11-29T12:00:00.000Z" }),
      "2026-11-29",
    );
    await t.held(aHeldCase("SPD-TDAY-0001", ASHCOMBE), "2026-12-03");

    const run = await t.sendDigest();

    expect(run.throughDay).toBe("2026-12-02");
    expect(run.failures).toEqual([]);
    // Each digest's cases are recorded, so a bounce of the digest can reach every one of them.
    expect([...t.contents.values()].flat().sort()).toEqual([...run.sent].sort());
    expect([...t.contents.keys()].sort()).toEqual([...run.digests].sort());
    expect(t.sent.map(toOf).sort()).toEqual(["clerk@ashcombe.example", "clerk@wendle.example"]);
    const ashcombe = t.sent.find((e) => toOf(e) === "clerk@ashcombe.example");
    expect(ashcombe).toMatchObject({
      kind: "digest",
      reference: "DIGEST-E04999001-2026-12-02",
      replyTo: [district.email],
      subject: "Daily digest: 3 reports for Ashcombe Parish Council",
    });
    // Oldest first, each listed once.
    expect(ashcombe?.text.match(/SPD-[A-Z]{4}-\d{4}/g)).toEqual([
      "SPD-AAAA-0003",
      "SPD-AAAA-0002",
      "SPD-AAAA-0001",
    ]);
    expect(ashcombe?.text).not.toContain("SPD-TDAY-0001");

    expect(run.sent.sort()).toEqual(["SPD-AAAA-0001", "SPD-AAAA-0002", "SPD-AAAA-0003", "SPD-BBBB-0001"]);
    for (const reference of run.sent) {
      const stored = await t.caseStore.get(reference);
      expect(stored?.delivery).toBe("sent");
      const timeline = await t.caseStore.timeline(reference);
      expect(timeline.at(-1)).toMatchObject({
        type: "digest-sent",
        data: { digest: expect.stringMatching(/^DIGEST-/) },
      });
    }
    expect((await t.caseStore.get("SPD-TDAY-0001"))?.delivery).toBe("held");
    expect(t.heldReports.holds.map((h) => h.reference)).toEqual(["SPD-TDAY-0001"]);
  });

  it("shows contact details only to the bodies the resident agreed to share with (the district always)", async () => {
    const t = setup();
    await t.held(aHeldCase("SPD-AAAA-0001", ASHCOMBE));
    await t.held(aHeldCase("SPD-BBBB-0001", WENDLE));
    await t.held(aHeldCase("SPD-DDDD-0001", DISTRICT));
    await t.sendDigest();
    const to = (address: string) => t.sent.find((e) => toOf(e) === address);
    for (const shared of [to("clerk@ashcombe.example"), to(district.email)]) {
      expect(shared?.text).toContain("sam@resident.example");
      expect(shared?.html).toContain("07700 900123");
    }
    const withheld = to("clerk@wendle.example");
    for (const body of [withheld?.text, withheld?.html]) {
      expect(body).not.toContain("sam@resident.example");
      expect(body).not.toContain("Sam Resident");
      expect(body).not.toContain("07700");
      expect(body).toContain("did not agree to share");
    }
  });

  it("escapes everything the resident typed in the HTML", async () => {
    const t = setup();
    await t.held(
      aHeldCase("SPD-AAAA-0001", ASHCOMBE, {
        location: { lat: 54.6, lng: 2.2, roadName: '<img src=x onerror="alert(1)">' },
      }),
    );
    await t.sendDigest();
    const html = t.sent[0]?.html ?? "";
    expect(html).not.toContain("<b>the school</b>");
    expect(html).toContain("&lt;b&gt;the school&lt;/b&gt; &amp; the shop.");
    expect(html).not.toContain("<img");
    expect(t.sent[0]?.subject).not.toContain("<img");
  });

  it("sends a parish whose clerk cannot be found to the district, saying so", async () => {
    const t = setup({
      contacts: {
        [ASHCOMBE.code]: undefined,
        [WENDLE.code]: new UpstreamError("Modern.Gov", "timed out"),
      },
    });
    await t.held(aHeldCase("SPD-AAAA-0001", ASHCOMBE));
    await t.held(aHeldCase("SPD-BBBB-0001", WENDLE));
    const run = await t.sendDigest();
    expect(run.failures).toEqual([]);
    expect(t.sent.map(toOf)).toEqual([district.email, district.email]);
    expect(t.sent.map((e) => e.reference).sort()).toEqual([
      "DIGEST-E04999001-2026-12-02",
      "DIGEST-E04999002-2026-12-02",
    ]);
    expect(t.sent.find((e) => e.reference.includes("E04999001"))?.text).toContain(
      "These reports were for Ashcombe and were sent to you because the council directory has no email address",
    );
    const moved = await t.caseStore.get("SPD-BBBB-0001");
    expect(moved).toMatchObject({ delivery: "sent", recipient: district.email, destination: DISTRICT });
    expect((await t.caseStore.timeline("SPD-BBBB-0001")).map((e) => e.type)).toEqual([
      "rerouted",
      "digest-sent",
    ]);
    // "Why" follows the destination; where the point fell stays.
    expect(moved?.routing).toEqual({
      ruleId: "directory-unavailable",
      requested: "parish",
      fallback: {
        from: "parish",
        to: "district",
        why: "the clerk's contact for Great Wendle could not be fetched (Modern.Gov: timed out)",
      },
      area: WENDLE,
      reason:
        "Sent to Exampleshire Vale District Council because the clerk's contact for Great Wendle could not be fetched (Modern.Gov: timed out)",
    });
    expect((await t.caseStore.get("SPD-AAAA-0001"))?.routing).toMatchObject({
      ruleId: "no-clerk-email",
      area: ASHCOMBE,
    });
  });

  it("sends nothing twice when run again", async () => {
    const t = setup();
    await t.held(aHeldCase("SPD-AAAA-0001", ASHCOMBE));
    await t.held(aHeldCase("SPD-BBBB-0001", WENDLE));
    await t.sendDigest();
    expect(t.sent).toHaveLength(2);
    const again = await t.sendDigest();
    expect(again).toMatchObject({ digests: [], sent: [], failures: [] });
    expect(t.sent).toHaveLength(2);
  });

  it("skips a held reference whose case has moved on (sent, or re-routed by staff), and clears its hold", async () => {
    const t = setup();
    await t.held(aHeldCase("SPD-AAAA-0001", ASHCOMBE));
    await t.held(aHeldCase("SPD-AAAA-0002", ASHCOMBE));
    // A hold left behind by a run that sent the case but stopped before clearing it.
    await t.caseStore.transitionDelivery("SPD-AAAA-0002", ["held"], { delivery: "sent" });
    const run = await t.sendDigest();
    expect(run.sent).toEqual(["SPD-AAAA-0001"]);
    expect(t.sent[0]?.text).not.toContain("SPD-AAAA-0002");
    expect(t.heldReports.holds).toEqual([]);
  });

  it("leaves the cases of a failed send held for the next run, and sends the rest", async () => {
    const t = setup({ failSendsTo: ["clerk@wendle.example"] });
    await t.held(aHeldCase("SPD-AAAA-0001", ASHCOMBE));
    await t.held(aHeldCase("SPD-BBBB-0001", WENDLE));
    await t.held(aHeldCase("SPD-BBBB-0002", WENDLE));
    const run = await t.sendDigest();
    expect(run.sent).toEqual(["SPD-AAAA-0001"]);
    expect(run.failures).toEqual([
      {
        digest: "DIGEST-E04999002-2026-12-02",
        references: ["SPD-BBBB-0001", "SPD-BBBB-0002"],
        error: "Error: SES unavailable",
      },
    ]);
    expect((await t.caseStore.get("SPD-BBBB-0001"))?.delivery).toBe("held");
    expect(t.heldReports.holds.map((h) => h.reference).sort()).toEqual(["SPD-BBBB-0001", "SPD-BBBB-0002"]);

    // SES is back: the next run sends only what is still held.
    t.failing.clear();
    const next = await t.sendDigest();
    expect(next.sent.sort()).toEqual(["SPD-BBBB-0001", "SPD-BBBB-0002"]);
    expect(t.sent.map(toOf)).toEqual(["clerk@ashcombe.example", "clerk@wendle.example"]);
  });

  it("splits a large digest into emails of at most the set number of cases", async () => {
    const t = setup({ casesPerEmail: 2 });
    for (const n of [1, 2, 3, 4, 5]) await t.held(aHeldCase(`SPD-AAAA-000${n}`, ASHCOMBE));
    const run = await t.sendDigest();
    expect(run.digests).toEqual([
      "DIGEST-E04999001-2026-12-02-1",
      "DIGEST-E04999001-2026-12-02-2",
      "DIGEST-E04999001-2026-12-02-3",
    ]);
    expect(t.sent.map((e) => e.subject)).toEqual([
      "Daily digest: 2 reports for Ashcombe Parish Council (part 1 of 3)",
      "Daily digest: 2 reports for Ashcombe Parish Council (part 2 of 3)",
      "Daily digest: 1 report for Ashcombe Parish Council (part 3 of 3)",
    ]);
    const listed = t.sent.flatMap((e) => e.text.match(/SPD-AAAA-000\d/g) ?? []);
    expect(listed.sort()).toEqual([
      "SPD-AAAA-0001",
      "SPD-AAAA-0002",
      "SPD-AAAA-0003",
      "SPD-AAAA-0004",
      "SPD-AAAA-0005",
    ]);
    expect(run.sent).toHaveLength(5);
  });

  it("counts London days across month ends and clock changes", () => {
    expect(dayBefore("2026-12-01")).toBe("2026-11-30");
    expect(dayBefore("2027-01-01")).toBe("2026-12-31");
    expect(dayBefore("2027-03-29")).toBe("2027-03-28");
  });
});
