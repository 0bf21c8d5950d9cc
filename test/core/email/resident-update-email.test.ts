import { describe, expect, it } from "vitest";
import { renderAcknowledgementEmail } from "#core/email/acknowledgement-email.js";
import { renderResidentUpdateEmail } from "#core/email/resident-update-email.js";
import { services } from "#core/services/index.js";

// The progress email goes to an address nobody verified, from the council: only our reference,
// the public status and the public words staff wrote, escaped, and fixed text; no links.

const ctx = {
  serviceName: "Speeding and road safety",
  districtName: "Exampleshire Vale District Council",
  bodyName: "Ashcombe Parish Council",
  at: "2026-12-02T16:58:24.086Z",
};
const PUBLIC_TEXT = 'A speed survey is booked for <b>next week</b> & "the week after".';
const email = renderResidentUpdateEmail(
  "SPD-AAAA-AAA4",
  { status: "action-scheduled", text: PUBLIC_TEXT },
  ctx,
);

/** The words a reader sees in the HTML part: tags dropped, entities decoded, spaces folded. */
const htmlWords = (html: string) =>
  html
    .replace(/<title>[\s\S]*?<\/title>/, "")
    .replace(/<[^>]+>/g, " ")
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&")
    .replace(/\s+/g, " ")
    .trim();
const textWords = (text: string) => text.replace(/\s+/g, " ").trim();

describe("the progress email to the resident", () => {
  it("has the reference in its subject and nothing else of the case", () => {
    expect(email.subject).toBe("Update on your report SPD-AAAA-AAA4");
  });

  it("says the public status, the public words, when in London words, and who has the report", () => {
    for (const part of [email.text, htmlWords(email.html)]) {
      expect(part).toContain("Speeding and road safety");
      expect(part).toContain("Status: Action scheduled");
      expect(part).toContain(PUBLIC_TEXT);
      expect(part).toContain("2 December 2026, 4:58pm");
      expect(part).toContain("Ashcombe Parish Council");
    }
  });

  it("explains why it came, where replies go, how to check the report in words and how to stop", () => {
    for (const part of [email.text, htmlWords(email.html)]) {
      expect(part).toContain("because you asked us to email you when there is progress");
      expect(part).toContain("your reply goes to the team at Exampleshire Vale District Council");
      expect(part).toContain("choose “Check your report”");
      expect(part).toContain(
        "Enter your reference, SPD-AAAA-AAA4, and the email address or postcode you gave",
      );
      expect(part).toContain(
        "To stop these emails, reply to this email or contact Exampleshire Vale District Council, quoting your reference.",
      );
    }
  });

  it("escapes the staff's public words in the HTML", () => {
    expect(email.html).toContain("&lt;b&gt;next week&lt;/b&gt; &amp; &quot;the week after&quot;");
    expect(email.html).not.toContain("<b>next week");
  });

  it("holds no links", () => {
    expect(`${email.text}\n${email.html}`).not.toMatch(/https?:|www\.|<a\b|href=/i);
  });

  it("says the same in its text and HTML parts", () => {
    expect(htmlWords(email.html)).toBe(textWords(email.text));
  });

  it("leaves out the council's words when staff wrote none", () => {
    const bare = renderResidentUpdateEmail("SPD-AAAA-AAA4", { status: "fixed", text: "  " }, ctx);
    expect(bare.text).toContain("Status: Fixed");
    expect(bare.text).not.toContain("What the council says");
    expect(htmlWords(bare.html)).toBe(textWords(bare.text));
  });
});

describe("the acknowledgement, for progress emails", () => {
  const service = services.get("speeding");
  if (!service) throw new Error("speeding service missing");
  const report = {
    reference: "SPD-AAAA-AAA4",
    destination: { kind: "parish" as const, code: "E04999001", name: "Ashcombe" },
  };
  const render = (wantsUpdates: boolean) =>
    renderAcknowledgementEmail(
      { ...report, reporter: { email: "r@example.net", shareWithParish: false, wantsUpdates } },
      { service, recipientName: "Ashcombe Parish Council", districtName: ctx.districtName },
    );

  it("promises progress emails only to a resident who asked for them", () => {
    expect(render(true).text).toContain("We will email you when there is progress on your report.");
    expect(render(true).html).toContain("We will email you when there is progress on your report.");
    expect(render(false).text).not.toContain("We will email you when there is progress");
  });

  it("always says how to check the report later, in words", () => {
    for (const wants of [true, false]) {
      const { text, html } = render(wants);
      expect(text).toContain("choose “Check your report”");
      expect(html).toContain("choose “Check your report”");
      expect(`${text}${html}`).not.toMatch(/https?:|www\.|<a\b|href=/i);
    }
  });
});
