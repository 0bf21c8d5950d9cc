import { describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import type { ResidentUpdateJob } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import {
  createEmailResidentUpdate,
  type EmailResidentUpdateDeps,
} from "#core/use-cases/email-resident-update.js";
import { HARROWFIELD, SALTMERE, testCouncil, testCouncils } from "../../helpers/councils.js";
import { countingIds } from "../../helpers/counting-ids.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// Emailing a resident a public update: once per update however often its job comes, nothing for a
// resident who did not ask (or gave no address), a failed send recorded and rethrown so the queue
// retries (and the retry sends), progress emails' own daily cap per address, and none once they are stopped.

const NOW = new Date("2026-12-02T16:58:24.086Z");
const REF = "SPD-AAAA-AAA4";
const ASHCOMBE = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const UPDATE: ResidentUpdateJob = { updateId: "u-1", status: "in-progress", text: "A survey is booked." };

function aCase(reporter: Case["reporter"]): Case {
  return {
    reference: REF,
    service: "speeding",
    status: "in-progress",
    delivery: "sent",
    createdAt: "2026-12-01T09:00:00.000Z",
    updatedAt: "2026-12-01T09:00:00.000Z",
    answers: {},
    location: { lat: 51.5, lng: -0.8 },
    description: "Cars race past the school: ring Dave on 07700 900123",
    ...(reporter ? { reporter } : {}),
    destination: ASHCOMBE,
    routing: { ruleId: "r", requested: "parish", area: ASHCOMBE, reason: "in the parish" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
  };
}

const ASKED = { name: "Dave", email: "dave@example.net", shareWithParish: false, wantsUpdates: true };

/** A mailer that records what it sends, failing the first `failures` sends. */
function mailer(failures = 0): Mailer & { sent: OutgoingEmail[] } {
  let left = failures;
  const sent: OutgoingEmail[] = [];
  return {
    sent,
    async send(email) {
      if (left-- > 0) throw new Error("Throttling", { cause: new Error("Rate exceeded") });
      sent.push(email);
      return { messageId: `m-${sent.length}` };
    },
  };
}

async function setUp(reporter: Case["reporter"], overrides: Partial<EmailResidentUpdateDeps> = {}) {
  const caseStore = new MemoryCaseStore();
  await caseStore.create(aCase(reporter), []);
  const mail = mailer();
  const deps: EmailResidentUpdateDeps = {
    caseStore,
    mailer: mail,
    clock: { now: () => NOW },
    ids: countingIds(),
    services,
    councils: testCouncils(),
    ...overrides,
  };
  return { caseStore, mail: (overrides.mailer as ReturnType<typeof mailer>) ?? mail, deps };
}

describe("emailResidentUpdate", () => {
  it("emails a resident who asked, from the council, with replies to the district team", async () => {
    const { caseStore, mail, deps } = await setUp(ASKED);
    expect(await createEmailResidentUpdate(deps)(REF, UPDATE)).toBe("sent");
    const [email, ...others] = mail.sent;
    expect(others).toEqual([]);
    expect(email).toMatchObject({
      to: ["dave@example.net"],
      replyTo: ["team@district.example"],
      reference: REF,
      kind: "resident-update",
      subject: `Update on your report ${REF}`,
    });
    expect(email?.text).toContain("A survey is booked.");
    expect(email?.text).toContain("Ashcombe Parish Council");
    // Nothing the resident typed, no internal words.
    expect(`${email?.text}${email?.html}`).not.toMatch(/Dave|07700|race past/);
    const events = await caseStore.timeline(REF);
    expect(events.map((e) => [e.type, e.summary])).toEqual([
      ["resident-emailed", "Emailed the resident the update “In progress”"],
    ]);
    expect(JSON.stringify(events)).not.toContain("dave@example.net");
  });

  it("emails from the case's own council on a deployment of several, naming it and replying to it", async () => {
    const caseStore = new MemoryCaseStore();
    const national = { kind: "body" as const, code: "national-highways", name: "National Highways" };
    await caseStore.create({ ...aCase(ASKED), council: SALTMERE.id, destination: national }, []);
    const mail = mailer();
    const deps: EmailResidentUpdateDeps = {
      caseStore,
      mailer: mail,
      clock: { now: () => NOW },
      ids: countingIds(),
      services,
      councils: testCouncils(testCouncil(), HARROWFIELD, SALTMERE),
    };
    expect(await createEmailResidentUpdate(deps)(REF, UPDATE)).toBe("sent");
    expect(mail.sent[0]).toMatchObject({ from: SALTMERE.senderEmail, replyTo: [SALTMERE.email] });
    expect(mail.sent[0]?.text).toContain("the team at Saltmere Council");
    // A body is named as it names itself, never made into a parish council.
    expect(mail.sent[0]?.text).toContain("National Highways");
    expect(mail.sent[0]?.text).not.toMatch(/Exampleshire Vale|Parish Council/);
  });

  it("emails once per update however often the job comes, and again for a new update", async () => {
    const { mail, deps } = await setUp(ASKED);
    const email = createEmailResidentUpdate(deps);
    const outcomes = await Promise.all([email(REF, UPDATE), email(REF, UPDATE)]);
    expect(outcomes.sort()).toEqual(["already-handled", "sent"]);
    expect(await email(REF, UPDATE)).toBe("already-handled");
    expect(mail.sent).toHaveLength(1);
    expect(await email(REF, { ...UPDATE, updateId: "u-2", status: "fixed" })).toBe("sent");
    expect(mail.sent).toHaveLength(2);
  });

  it.each([
    ["did not ask", { email: "dave@example.net", shareWithParish: false }],
    ["asked but gave no address", { shareWithParish: false, wantsUpdates: true }],
    ["gave no details at all", undefined],
  ])("sends nothing and records nothing when the resident %s", async (_, reporter) => {
    const { caseStore, mail, deps } = await setUp(reporter);
    expect(await createEmailResidentUpdate(deps)(REF, UPDATE)).toBe("not-asked");
    expect(mail.sent).toEqual([]);
    expect(await caseStore.timeline(REF)).toEqual([]);
  });

  it("sends nothing once progress emails are stopped, though the job was queued before", async () => {
    const { caseStore, mail, deps } = await setUp(ASKED);
    await caseStore.update(REF, { progressEmailsStoppedAt: "2026-12-02T10:00:00.000Z" });
    expect(await createEmailResidentUpdate(deps)(REF, UPDATE)).toBe("not-asked");
    expect(mail.sent).toEqual([]);
    expect(await caseStore.timeline(REF)).toEqual([]);
  });

  it("answers unknown-case for a case that is gone", async () => {
    const { mail, deps } = await setUp(ASKED);
    expect(await createEmailResidentUpdate(deps)("SPD-ZZZZ-ZZZ9", UPDATE)).toBe("unknown-case");
    expect(mail.sent).toEqual([]);
  });

  it("records a failed send and rethrows it; the retry sends it, once", async () => {
    const failing = mailer(1);
    const { caseStore, deps } = await setUp(ASKED, { mailer: failing });
    const email = createEmailResidentUpdate(deps);
    await expect(email(REF, UPDATE)).rejects.toThrow("Throttling");
    expect(failing.sent).toEqual([]);
    expect(await email(REF, UPDATE)).toBe("sent");
    expect(await email(REF, UPDATE)).toBe("already-handled");
    expect(failing.sent).toHaveLength(1);
    const events = await caseStore.timeline(REF);
    expect(events.map((e) => e.type)).toEqual(["send-failed", "resident-emailed"]);
    expect(events[0]?.summary).toBe("Could not email the resident the update “In progress”");
    // The error's kind only: a provider's message may quote the address.
    expect(events[0]?.data?.error).toBe("Error (Error)");
  });

  it("takes the progress emails' own daily cap per address, and says so on the timeline when it is spent", async () => {
    const taken: string[] = [];
    const budget = {
      takeProgressEmail: async (address: string) => {
        taken.push(address);
        return false;
      },
    };
    const { caseStore, mail, deps } = await setUp(ASKED, { budget });
    expect(await createEmailResidentUpdate(deps)(REF, UPDATE)).toBe("over-daily-limit");
    expect(taken).toEqual(["dave@example.net"]);
    expect(mail.sent).toEqual([]);
    const [skipped] = await caseStore.timeline(REF);
    expect(skipped?.summary).toBe(
      "Not emailed the resident the update “In progress”: the daily limit of progress emails to their address was reached. They can still see it on “Check your report”",
    );
  });
});
