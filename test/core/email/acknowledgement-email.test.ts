import { describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import { renderAcknowledgementEmail } from "#core/email/acknowledgement-email.js";
import { services } from "#core/services/index.js";

// The resident's acknowledgement goes to an address nobody verified: whatever the sender typed must
// not come back out of the council's address (issue 15, finding 4).

const service = services.get("speeding");
if (!service) throw new Error("speeding service missing");

const HOSTILE_NAME =
  'Sam.\n\nACTION NEEDED: your parking fine is unpaid. Pay at https://evil.example/pay <a href="https://evil.example">here</a>';
const HOSTILE_TEXT = "Visit www.evil.example or http://evil.example/x to claim your refund";

const report = {
  reference: "SPD-AAAA-AAA4",
  service: "speeding",
  status: "new",
  delivery: "sending",
  createdAt: "2026-11-23T09:00:00.000Z",
  updatedAt: "2026-11-23T09:00:00.000Z",
  answers: {},
  location: { lat: 51.5, lng: -0.8, roadName: HOSTILE_TEXT, postcode: "ZX1 5ZB" },
  description: HOSTILE_TEXT,
  when: HOSTILE_TEXT,
  reporter: { name: HOSTILE_NAME, email: "victim@example.net", phone: HOSTILE_TEXT, shareWithParish: true },
  destination: { kind: "parish", code: "E04999001", name: "Ashcombe" },
  routing: {
    ruleId: "r",
    requested: "parish",
    area: { kind: "parish", code: "E04999001", name: "Ashcombe" },
    reason: "in the parish",
  },
  retainUntil: 0,
} satisfies Case;

const email = renderAcknowledgementEmail(report, {
  service,
  recipientName: "Ashcombe Parish Council",
  districtName: "Exampleshire Vale District Council",
});
const everything = `${email.subject}\n${email.text}\n${email.html}`;

describe("the acknowledgement email", () => {
  it("echoes nothing the resident typed: not their name, description, road, time or phone", () => {
    for (const fragment of ["Sam", "ACTION NEEDED", "parking fine", "evil", "refund", "victim"]) {
      expect(everything).not.toContain(fragment);
    }
  });

  it("holds no links at all", () => {
    expect(everything).not.toMatch(/https?:|www\.|<a\b|href=/i);
  });

  it("says what it is about: the reference, the service and who has the report", () => {
    expect(email.subject).toBe("We have received your report: SPD-AAAA-AAA4");
    expect(email.text).toContain("Your reference is SPD-AAAA-AAA4");
    expect(email.text).toContain(service.name);
    expect(email.text).toContain("Your report is going to Ashcombe Parish Council");
    expect(email.html).toContain("<strong>SPD-AAAA-AAA4</strong>");
    expect(email.text).toContain("If you did not make this report, you can ignore this email.");
  });
});

describe("the acknowledgement's name for the body", () => {
  it("is the directory's spelling, or the parish's usual body name when the directory has none", () => {
    const named = (recipientName: string) =>
      renderAcknowledgementEmail(report, {
        service,
        recipientName,
        districtName: "Exampleshire Vale District Council",
      }).text;
    expect(named("Little Wendle Parish Meeting")).toContain(
      "Your report is going to Little Wendle Parish Meeting.",
    );
    // An override saved without a council name: never "going to ."
    expect(named(" ")).toContain("Your report is going to Ashcombe Parish Council.");
  });
});

describe("the acknowledgement to a resident who asked for progress emails", () => {
  const asked = renderAcknowledgementEmail(
    { ...report, reporter: { ...report.reporter, wantsUpdates: true } },
    { service, recipientName: "Ashcombe Parish Council", districtName: "Exampleshire Vale District Council" },
  );
  const STOP =
    "To stop progress emails at any time, reply to this email or contact Exampleshire Vale District Council, quoting your reference.";

  it("promises them and says how to stop them, in both parts", () => {
    for (const part of [asked.text, asked.html]) {
      expect(part).toContain("We will email you when there is progress on your report.");
      expect(part).toContain(STOP);
    }
  });

  it("says neither to a resident who did not ask", () => {
    expect(`${email.text}${email.html}`).not.toMatch(/progress/i);
  });
});
