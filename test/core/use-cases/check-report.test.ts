import { describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import { newReference } from "#core/case/reference.js";
import { event } from "#core/case/timeline.js";
import { TooManyRequestsError } from "#core/errors.js";
import type { DispatchJob } from "#core/ports/queue.js";
import type { ReportLookupCounters } from "#core/ports/report-lookup-counters.js";
import {
  type CheckReportLimits,
  type CheckReportOutcome,
  createCheckReport,
  latestPublicUpdate,
} from "#core/use-cases/check-report.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

const NOW = new Date("2026-12-03T10:15:30.000Z");
const LIMITS: CheckReportLimits = {
  lookupsPerMinute: 3,
  lookupsPerHour: 5,
  failuresPerReferencePerClientPerDay: 2,
  failuresPerReferencePerDay: 4,
};

/** References as intake makes them, from a seeded sequence so each test's are its own. */
let seed = 0;
const aReference = () => newReference("SPD", (max) => (seed++ * 7) % max);

/** Fixed windows in memory, as the DynamoDB counters keep them. */
class MemoryLookupCounters implements ReportLookupCounters {
  readonly counts = new Map<string, number>();
  async takeLookup(client: string, at: Date) {
    return { minute: this.add(`c/${client}`, 60, at, 1), hour: this.add(`c/${client}`, 3600, at, 1) };
  }
  readonly days: string[] = [];
  async takeAttempt(reference: string, day: string, client?: string) {
    this.days.push(day);
    return this.bump(client === undefined ? `r/${reference}/${day}` : `r/${reference}/${day}/${client}`, 1);
  }
  async giveBackAttempt(reference: string, day: string, client?: string) {
    this.bump(client === undefined ? `r/${reference}/${day}` : `r/${reference}/${day}/${client}`, -1);
  }
  attempts(reference: string): number {
    return [...this.counts]
      .filter(([k]) => k.startsWith(`r/${reference}/`) && k.split("/").length === 3)
      .reduce((n, [, v]) => n + v, 0);
  }
  private bump(key: string, amount: number): number {
    const count = (this.counts.get(key) ?? 0) + amount;
    this.counts.set(key, count);
    return count;
  }
  private add(name: string, seconds: number, at: Date, amount: number) {
    const start = Math.floor(at.getTime() / (seconds * 1000)) * seconds * 1000;
    const key = `${name}/${start}`;
    const count = (this.counts.get(key) ?? 0) + amount;
    this.counts.set(key, count);
    return { count, windowEndsAt: new Date(start + seconds * 1000) };
  }
}

function aCase(overrides: Partial<Case> = {}): Case {
  const destination = { kind: "parish" as const, code: "E04000001", name: "Ashcombe" };
  return {
    reference: aReference(),
    service: "speeding",
    status: "new",
    delivery: "sent",
    createdAt: "2026-12-02T16:58:24.086Z",
    updatedAt: "2026-12-02T16:58:24.086Z",
    answers: { danger: "no" },
    location: { lat: 54.6, lng: 2.2, postcode: "ZX2 1FD", roadName: "Mill Lane" },
    description: "Cars race past number 12 every evening; my neighbour Mrs Smith saw it too.",
    when: "Evenings",
    reporter: {
      name: "Alex Resident",
      email: "Alex.Resident@example.org",
      phone: "07700 900123",
      shareWithParish: true,
      wantsUpdates: true,
    },
    destination,
    routing: {
      ruleId: "speedwatch",
      requested: "parish",
      area: destination,
      reason: "Speedwatch is the parish's",
    },
    recipient: "clerk@ashcombe.example.org",
    retainUntil: Math.floor(NOW.getTime() / 1000) + 86_400 * 365,
    ...overrides,
  };
}

async function setUp(limits = LIMITS, now = NOW, queueFails = false) {
  const caseStore = new MemoryCaseStore({ now: () => now });
  const counters = new MemoryLookupCounters();
  const jobs: DispatchJob[] = [];
  const queueErrors: unknown[] = [];
  const checkReport = createCheckReport({
    caseStore,
    counters,
    clock: { now: () => now },
    queue: {
      send: async (job) => {
        if (queueFails) throw new Error("SQS is down");
        jobs.push(job);
      },
    },
    onQueueError: (error) => queueErrors.push(error),
    limits,
    serviceName: (id) => (id === "speeding" ? "Report speeding" : undefined),
    bodyName: async (destination) => `${destination.name} Parish Council`,
  });
  return { caseStore, counters, checkReport, jobs, queueErrors };
}

async function stored(caseStore: MemoryCaseStore, report: Case, later: ReturnType<typeof event>[] = []) {
  await caseStore.create(report, [
    event(new Date(report.createdAt), "submitted", "Report received", {}, "resident"),
  ]);
  if (later.length > 0) await caseStore.appendEvents(report.reference, later);
  return report;
}

const publicUpdate = (at: string, status: string, text?: string) =>
  event(
    new Date(at),
    "public-update",
    `Told the public ${status}`,
    { updateId: `u-${at}`, status, ...(text === undefined ? {} : { text }), visibleToParish: true },
    "staff-officer-jo",
  );

describe("check your report", () => {
  it("answers an email address the same whether or not it was given, and queues the status email only when it was", async () => {
    const { caseStore, checkReport, jobs } = await setUp({
      ...LIMITS,
      failuresPerReferencePerClientPerDay: 100,
    });
    const report = await stored(caseStore, aCase());
    const noEmail = await stored(caseStore, aCase({ reporter: { shareWithParish: false } }));
    const given = await checkReport({ reference: report.reference, answer: "  alex.RESIDENT@example.org " });
    const others = [
      await checkReport({ reference: report.reference, answer: "neighbour@example.org" }),
      await checkReport({ reference: aReference(), answer: "alex.resident@example.org" }),
      await checkReport({ reference: noEmail.reference, answer: "alex.resident@example.org" }),
    ];
    expect(given).toEqual({ kind: "emailed-if-given" });
    for (const other of others) expect(other).toEqual(given);
    expect(jobs).toEqual([{ reference: report.reference, statusEmail: true }]);
  });

  it("answers a right email address the same when the job cannot be queued, and says so to the logs", async () => {
    const { caseStore, checkReport, queueErrors } = await setUp(LIMITS, NOW, true);
    const report = await stored(caseStore, aCase());
    expect(await checkReport({ reference: report.reference, answer: "alex.resident@example.org" })).toEqual({
      kind: "emailed-if-given",
    });
    expect(queueErrors).toHaveLength(1);
  });

  it("never gives back an email address's attempt, so the limit cannot tell a right address", async () => {
    const { caseStore, counters, checkReport } = await setUp();
    const report = await stored(caseStore, aCase());
    await checkReport({ reference: report.reference, answer: "alex.resident@example.org", client: "ip:a" });
    await checkReport({ reference: report.reference, answer: "neighbour@example.org", client: "ip:b" });
    expect(counters.attempts(report.reference)).toBe(2);
    // The client that typed the right address is refused exactly when the other one is.
    const right = () =>
      checkReport({ reference: report.reference, answer: "alex.resident@example.org", client: "ip:a" });
    const wrong = () =>
      checkReport({ reference: report.reference, answer: "neighbour@example.org", client: "ip:b" });
    expect((await right()).kind).toBe("emailed-if-given");
    expect((await wrong()).kind).toBe("emailed-if-given");
    await expect(right()).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(wrong()).rejects.toBeInstanceOf(TooManyRequestsError);
  });

  it("finds a report by its postcode, however it is spaced or cased", async () => {
    const { caseStore, checkReport } = await setUp();
    const report = await stored(caseStore, aCase());
    for (const answer of ["zx21fd", " ZX2  1FD", "Zx2 1fD"]) {
      expect((await checkReport({ reference: report.reference, answer })).kind, answer).toBe("found");
    }
  });

  it("gives the same refusal for a wrong answer, a missing case, and a case without that detail", async () => {
    const { caseStore, checkReport } = await setUp({ ...LIMITS, failuresPerReferencePerDay: 100 });
    const report = await stored(caseStore, aCase());
    const noEmail = await stored(caseStore, aCase({ reporter: { shareWithParish: false } }));
    const noPostcode = await stored(caseStore, aCase({ location: { lat: 54.6, lng: 2.2 } }));
    const refusals: CheckReportOutcome[] = [
      await checkReport({ reference: report.reference, answer: "ZX2 1FE" }),
      await checkReport({ reference: report.reference, answer: "Alex Resident" }),
      await checkReport({ reference: report.reference, answer: "07700 900123" }),
      await checkReport({ reference: aReference(), answer: "ZX2 1FD" }),
      await checkReport({ reference: noPostcode.reference, answer: "ZX2 1FD" }),
      // A case without an email address is not matched by an empty or blank answer.
      await checkReport({ reference: noEmail.reference, answer: "   " }),
    ];
    for (const refusal of refusals) expect(refusal).toEqual({ kind: "not-found" });
    // The detail it does have still finds it.
    expect((await checkReport({ reference: noEmail.reference, answer: "ZX2 1FD" })).kind).toBe("found");
  });

  it("shows the latest public update's status, words and date, not the case's default", async () => {
    const { caseStore, checkReport } = await setUp();
    const report = await stored(caseStore, aCase({ status: "in-progress" }), [
      publicUpdate("2026-12-02T17:30:00.000Z", "investigating", "The clerk has the report."),
      event(new Date("2026-12-02T18:00:00.000Z"), "note", "Internal note", { text: "Call the police" }, "jo"),
      publicUpdate("2026-12-03T09:00:00.000Z", "action-scheduled", "Speedwatch will visit next week."),
      event(
        new Date("2026-12-03T09:30:00.000Z"),
        "status-changed",
        "Status changed",
        { reason: "secret" },
        "jo",
      ),
    ]);
    const outcome = await checkReport({ reference: report.reference, answer: "ZX2 1FD" });
    expect(outcome.kind === "found" && outcome.report).toMatchObject({
      status: "action-scheduled",
      statusLabel: "Action scheduled",
      latestUpdate: {
        at: "2026-12-03T09:00:00.000Z",
        statusLabel: "Action scheduled",
        text: "Speedwatch will visit next week.",
      },
    });
  });

  it("shows the default public status of the case's status when no update was written", async () => {
    const { caseStore, checkReport } = await setUp();
    const closed = await stored(caseStore, aCase({ status: "closed" }));
    const outcome = await checkReport({ reference: closed.reference, answer: "ZX2 1FD" });
    expect(outcome.kind === "found" && outcome.report).toMatchObject({
      status: "closed",
      statusLabel: "Closed",
    });
    expect(outcome.kind === "found" && outcome.report.latestUpdate).toBeUndefined();
  });

  it("shows an older update recorded without its words by its label alone", () => {
    const latest = latestPublicUpdate([
      publicUpdate("2026-12-01T09:00:00.000Z", "investigating", "Looking"),
      publicUpdate("2026-12-02T09:00:00.000Z", "fixed"),
      // Not a status the public may read: ignored.
      publicUpdate("2026-12-03T09:00:00.000Z", "secret-status", "Internal"),
    ]);
    expect(latest).toEqual({ at: "2026-12-02T09:00:00.000Z", status: "fixed" });
  });

  it("holds nothing personal, no staff names, notes or the resident's description", async () => {
    const { caseStore, checkReport } = await setUp();
    const report = await stored(caseStore, aCase(), [
      publicUpdate("2026-12-03T09:00:00.000Z", "investigating", "We are looking into it."),
      event(
        new Date("2026-12-03T09:30:00.000Z"),
        "note",
        "Note by staff-officer-jo",
        { text: "Ring Alex" },
        "jo",
      ),
    ]);
    const outcome = await checkReport({ reference: report.reference, answer: "zx2 1fd" });
    expect(outcome.kind).toBe("found");
    const text = JSON.stringify(outcome).toLowerCase();
    for (const secret of [
      "alex",
      "example.org",
      "07700",
      "zx2",
      "mill lane",
      "smith",
      "evenings",
      "staff-officer",
      "ring",
      "speedwatch is the parish",
      "clerk@",
      "54.6",
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(Object.keys(outcome.kind === "found" ? outcome.report : {}).sort()).toEqual(
      ["bodyName", "latestUpdate", "reference", "reportedAt", "serviceName", "status", "statusLabel"].sort(),
    );
  });

  it("refuses a client over its look-ups in a minute with the seconds to the minute's end", async () => {
    const { caseStore, checkReport } = await setUp({ ...LIMITS, failuresPerReferencePerDay: 100 });
    const report = await stored(caseStore, aCase());
    const ask = () => checkReport({ reference: report.reference, answer: "ZX2 1FD", client: "ip:resident" });
    for (let i = 0; i < LIMITS.lookupsPerMinute; i++) expect((await ask()).kind).toBe("found");
    const refusal = await ask().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    // NOW is 30 seconds into its minute.
    expect(refusal).toMatchObject({ retryAfterSeconds: 30, scope: "per minute" });
    // Another client is not affected; a caller with no client is not limited.
    expect(
      (await checkReport({ reference: report.reference, answer: "ZX2 1FD", client: "ip:other" })).kind,
    ).toBe("found");
    expect((await checkReport({ reference: report.reference, answer: "ZX2 1FD" })).kind).toBe("found");
  });

  it("refuses a client its wrong answers at a reference for the day, but not the resident asking from elsewhere", async () => {
    const { caseStore, counters, checkReport } = await setUp({
      ...LIMITS,
      lookupsPerMinute: 100,
      lookupsPerHour: 100,
    });
    const report = await stored(caseStore, aCase());
    // Right postcodes are given back: they never use up the reference's allowance.
    for (let i = 0; i < 5; i++) {
      const answer = { reference: report.reference, answer: "ZX2 1FD", client: "ip:resident" };
      expect((await checkReport(answer)).kind).toBe("found");
    }
    expect(counters.attempts(report.reference)).toBe(0);
    const guess = (client: string, i: number) =>
      checkReport({ reference: report.reference, answer: `ZX9 ${i}AA`, client });
    for (let i = 0; i < LIMITS.failuresPerReferencePerClientPerDay; i++) {
      expect(await guess("ip:guesser", i)).toEqual({ kind: "not-found" });
    }
    const refusal = await guess("ip:guesser", 9).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    // London midnight at the end of 3 December (GMT) is 13h 44m 30s after NOW.
    expect(refusal).toMatchObject({ scope: "per reference per client per day", retryAfterSeconds: 49_470 });
    const resident = { reference: report.reference, answer: "ZX2 1FD", client: "ip:resident" };
    expect((await checkReport(resident)).kind).toBe("found");
    // Guessing on past its refusal, the client does not use up the reference's count by everyone.
    for (let i = 0; i < LIMITS.failuresPerReferencePerDay * 2; i++) {
      await expect(guess("ip:guesser", i)).rejects.toBeInstanceOf(TooManyRequestsError);
    }
    expect(counters.attempts(report.reference)).toBe(LIMITS.failuresPerReferencePerClientPerDay);
    expect((await checkReport(resident)).kind).toBe("found");
  });

  it("refuses every answer, a right one too, once a reference has had its wrong answers from all clients", async () => {
    const { caseStore, checkReport } = await setUp();
    const report = await stored(caseStore, aCase());
    // Each guess from a client of its own, one or two each: under every client's own limit.
    for (let i = 0; i < LIMITS.failuresPerReferencePerDay; i++) {
      expect(
        await checkReport({ reference: report.reference, answer: "ZX9 9AA", client: `ip:${i % 2}${i}` }),
      ).toEqual({ kind: "not-found" });
    }
    const refusal = await checkReport({
      reference: report.reference,
      answer: "ZX2 1FD",
      client: "ip:new",
    }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(TooManyRequestsError);
    expect(refusal).toMatchObject({ scope: "per reference per day" });
    // A reference with no case is refused in the same way, so the limit says nothing of existence.
    const missing = aReference();
    for (let i = 0; i < LIMITS.failuresPerReferencePerDay; i++) {
      await checkReport({ reference: missing, answer: "ZX2 1FD" });
    }
    await expect(checkReport({ reference: missing, answer: "ZX2 1FD" })).rejects.toBeInstanceOf(
      TooManyRequestsError,
    );
  });

  it("counts a reference's attempts in the London day, which in summer starts at 23:00 UTC", async () => {
    // 23:30 UTC on 14 June is 00:30 on 15 June in London.
    const { caseStore, counters, checkReport } = await setUp(LIMITS, new Date("2026-06-14T23:30:00.000Z"));
    const report = await stored(caseStore, aCase());
    const refusal = await (async () => {
      for (let i = 0; i <= LIMITS.failuresPerReferencePerClientPerDay; i++) {
        await checkReport({ reference: report.reference, answer: "ZX9 9AA", client: "ip:a" });
      }
    })().catch((error: unknown) => error);
    expect(counters.days[0]).toBe("2026-06-15");
    // The London day ends at 23:00 UTC on 15 June: 23 hours and 30 minutes away.
    expect(refusal).toMatchObject({ retryAfterSeconds: 23.5 * 3600 });
  });
});
