import { describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import { event } from "#core/case/timeline.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import { services } from "#core/services/index.js";
import { createEmailReportStatus, type EmailReportStatusDeps } from "#core/use-cases/email-report-status.js";
import { testCouncils } from "../../helpers/councils.js";
import { countingIds } from "../../helpers/counting-ids.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// Emailing a report's status to the address given with it, as asked on "Check your report": the
// public status and words only, both parts the same, at most once per reference per hour, within
// the daily cap per address, a failed send recorded and rethrown so the retry sends.

const NOW = new Date("2026-12-03T10:15:30.000Z");
const REF = "SPD-AAAA-AAA4";
const ASHCOMBE = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const ADDRESS = "dave@example.net";

function aCase(reporter: Case["reporter"]): Case {
  return {
    reference: REF,
    service: "speeding",
    status: "in-progress",
    delivery: "sent",
    createdAt: "2026-12-01T09:00:00.000Z",
    updatedAt: "2026-12-01T09:00:00.000Z",
    answers: {},
    location: { lat: 51.5, lng: -0.8, postcode: "ZX2 1FD", roadName: "Mill Lane" },
    description: "Cars race past the school: ring Dave on 07700 900123",
    ...(reporter ? { reporter } : {}),
    destination: ASHCOMBE,
    routing: { ruleId: "r", requested: "parish", area: ASHCOMBE, reason: "in the parish" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
  };
}

function mailer(failures = 0): Mailer & { sent: OutgoingEmail[] } {
  let left = failures;
  const sent: OutgoingEmail[] = [];
  return {
    sent,
    async send(email) {
      if (left-- > 0) throw new Error("Throttling");
      sent.push(email);
      return { messageId: `m-${sent.length}` };
    },
  };
}

async function setUp(
  reporter: Case["reporter"] = {
    name: "Dave",
    email: ADDRESS,
    phone: "07700 900123",
    shareWithParish: false,
  },
  overrides: Partial<EmailReportStatusDeps> = {},
) {
  const caseStore = new MemoryCaseStore();
  await caseStore.create(aCase(reporter), []);
  let now = NOW;
  const mail = (overrides.mailer as ReturnType<typeof mailer> | undefined) ?? mailer();
  const deps: EmailReportStatusDeps = {
    caseStore,
    mailer: mail,
    clock: { now: () => now },
    ids: countingIds(),
    services,
    councils: testCouncils(),
    ...overrides,
  };
  const setNow = (at: Date) => {
    now = at;
  };
  return { caseStore, mail, emailReportStatus: createEmailReportStatus(deps), setNow };
}

describe("emailReportStatus", () => {
  it("emails the public status, the public words and their date, and who has it, to the address given", async () => {
    const { caseStore, mail, emailReportStatus } = await setUp();
    await caseStore.appendEvents(REF, [
      event(
        new Date("2026-12-02T14:00:00.000Z"),
        "public-update",
        "Told the public",
        { updateId: "u-1", status: "action-scheduled", text: "Speedwatch <visits> next week." },
        "staff-officer-jo",
      ),
      event(new Date("2026-12-02T15:00:00.000Z"), "note", "Note", { text: "Ring Dave" }, "staff-officer-jo"),
    ]);
    expect(await emailReportStatus(REF)).toBe("sent");
    const [email, ...others] = mail.sent;
    expect(others).toEqual([]);
    expect(email).toMatchObject({
      to: [ADDRESS],
      replyTo: ["team@district.example"],
      reference: REF,
      kind: "resident-update",
      subject: `The status of your report ${REF}`,
    });
    const text = email?.text ?? "";
    for (const line of [
      "Status: Action scheduled",
      "Last updated: 2 December 2026",
      "Who has your report: Ashcombe Parish Council",
      "Reported on: 1 December 2026",
      "Speedwatch <visits> next week.",
    ]) {
      expect(text).toContain(line);
    }
    expect(email?.html).toContain("Speedwatch &lt;visits&gt; next week.");
    // Both parts say the same: every line of the text is in the HTML's words.
    const html = email?.html ?? "";
    const htmlWords = html
      .replace(/<[^>]+>/g, "")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&quot;", '"')
      .replaceAll("&#39;", "'")
      .replaceAll("&amp;", "&");
    for (const line of text.split("\n").filter(Boolean)) expect(htmlWords).toContain(line);
    // Nothing the resident typed or staff kept private, and no links.
    for (const secret of [
      "Dave",
      "07700",
      "Cars race",
      "Mill Lane",
      "ZX2",
      "staff-officer",
      "Ring",
      "http",
    ]) {
      expect(text + html, secret).not.toContain(secret);
    }
    expect(html).not.toContain("<a ");
    expect((await caseStore.timeline(REF)).map((e) => e.type)).toContain("resident-emailed");
  });

  it("says there is no update yet, with the default status, when staff have written none", async () => {
    const { mail, emailReportStatus } = await setUp();
    expect(await emailReportStatus(REF)).toBe("sent");
    expect(mail.sent[0]?.text).toContain("Status: In progress");
    expect(mail.sent[0]?.text).toContain("There has been no update yet.");
    expect(mail.sent[0]?.text).not.toContain("Last updated");
  });

  it("emails a reference's status at most once an hour, however often it is asked", async () => {
    const { mail, emailReportStatus, setNow } = await setUp();
    expect(await emailReportStatus(REF)).toBe("sent");
    setNow(new Date("2026-12-03T10:59:59.000Z"));
    expect(await emailReportStatus(REF)).toBe("sent-this-hour");
    expect(mail.sent).toHaveLength(1);
    setNow(new Date("2026-12-03T11:00:01.000Z"));
    expect(await emailReportStatus(REF)).toBe("sent");
    expect(mail.sent).toHaveLength(2);
  });

  it("sends nothing past the address's daily cap, and says so on the timeline without the address", async () => {
    const asked: string[] = [];
    const { caseStore, mail, emailReportStatus } = await setUp(undefined, {
      budget: {
        takeAcknowledgement: async (address) => {
          asked.push(address);
          return false;
        },
      },
    });
    expect(await emailReportStatus(REF)).toBe("over-daily-limit");
    expect(asked).toEqual([ADDRESS]);
    expect(mail.sent).toEqual([]);
    const timeline = JSON.stringify(await caseStore.timeline(REF));
    expect(timeline).toContain("daily limit");
    expect(timeline).not.toContain(ADDRESS);
  });

  it("records a failed send and rethrows it; the retry in the same hour sends", async () => {
    const { caseStore, mail, emailReportStatus } = await setUp(undefined, { mailer: mailer(1) });
    await expect(emailReportStatus(REF)).rejects.toThrow("Throttling");
    expect((await caseStore.timeline(REF)).map((e) => e.type)).toContain("send-failed");
    expect(await emailReportStatus(REF)).toBe("sent");
    expect(mail.sent).toHaveLength(1);
  });

  it("sends nothing for a case without an address or no case at all", async () => {
    const { mail, emailReportStatus } = await setUp({ shareWithParish: false });
    expect(await emailReportStatus(REF)).toBe("no-address");
    expect(await emailReportStatus("SPD-ZZZZ-ZZZ9")).toBe("unknown-case");
    expect(mail.sent).toEqual([]);
  });
});
