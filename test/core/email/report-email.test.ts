import { describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import { renderReportEmail } from "#core/email/report-email.js";
import { services } from "#core/services/index.js";

// The clerk's subject line is what a phishing lure would want most: it carries nothing a resident
// wrote freely (issue 15, finding 4: "the road name sets the clerk's subject").

const service = services.get("speeding");
if (!service) throw new Error("speeding service missing");

const LURE = "URGENT invoice overdue pay at evil.example";
const ashcombe = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const report = (location: Case["location"]): Case => ({
  reference: "SPD-AAAA-AAA4",
  service: "speeding",
  status: "new",
  delivery: "sending",
  createdAt: "2026-11-23T09:00:00.000Z",
  updatedAt: "2026-11-23T09:00:00.000Z",
  answers: {},
  location,
  description: "Cars speed past the school",
  destination: ashcombe,
  routing: { ruleId: "r", requested: "parish", area: ashcombe, reason: "in the parish" },
  retainUntil: 0,
});
const subjectOf = (c: Case) =>
  renderReportEmail(c, {
    service,
    recipientName: "Ashcombe Parish Council",
    districtName: "Exampleshire Vale",
  }).subject;

describe("the clerk's subject line", () => {
  it("names the postcode, never the road name the resident typed", () => {
    const subject = subjectOf(report({ lat: 54.6, lng: 2.2, roadName: LURE, postcode: "ZX2 1FD" }));
    expect(subject).toBe("Report speeding traffic: SPD-AAAA-AAA4, ZX2 1FD");
  });

  it("names the area from the boundary data when there is no postcode", () => {
    const subject = subjectOf(report({ lat: 54.6, lng: 2.2, roadName: LURE }));
    expect(subject).toBe("Report speeding traffic: SPD-AAAA-AAA4, Ashcombe");
  });

  it("still gives the clerk the road name in the body", () => {
    const email = renderReportEmail(report({ lat: 54.6, lng: 2.2, roadName: "Mill Lane" }), {
      service,
      recipientName: "Ashcombe Parish Council",
      districtName: "Exampleshire Vale",
    });
    expect(email.text).toContain("Mill Lane");
  });
});

describe("the report email's greeting", () => {
  it("names the body as the directory spells it, or by the parish's usual body name when that is blank", () => {
    const greet = (recipientName: string) =>
      renderReportEmail(report({ lat: 54.6, lng: 2.2, postcode: "ZX2 1FD" }), {
        service,
        recipientName,
        districtName: "Exampleshire Vale District Council",
      }).text.split("\n")[0];
    expect(greet("Ashcombe Parish Council")).toBe("Dear Ashcombe Parish Council,");
    expect(greet("")).toBe("Dear Ashcombe Parish Council,");
  });
});
