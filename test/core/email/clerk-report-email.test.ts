import { describe, expect, it } from "vitest";
import type { Case, Destination } from "#core/case/case.js";
import type { SignedClerkLinks } from "#core/email/clerk-guidance.js";
import { renderReportEmail, type ReportEmailContext } from "#core/email/report-email.js";
import { services } from "#core/services/index.js";
import { hrefsIn, liveMarkupCounts } from "../../helpers/client-data-case.js";
import { differences, htmlText } from "./same-words.js";

// The report email a clerk can act on: dates in words, a real map link, the case in the case log,
// what to do next, how to reply (truthfully, as Reply-To is set), what to do if it is not theirs,
// and the one-click answers; the HTML and the text say the same.

const service = services.get("speeding");
if (!service) throw new Error("speeding service missing");

const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };
const MAILBOX = "team@district.example";
const CASE_URL = "https://council.example/staff/cases/SPD-AAAA-AAA4";
const HOSTILE = `<script>alert("x")</script> & "quotes" <b>bold</b>`;
const LINKS: SignedClerkLinks = {
  urls: {
    received: "https://report.example/respond/k1.received.sig",
    "in-progress": "https://report.example/respond/k1.in-progress.sig",
    "not-for-us": "https://report.example/respond/k1.not-for-us.sig",
  },
  expiresAt: "2027-01-01T16:58:24.000Z",
};

function aCase(overrides: Partial<Case> = {}): Case {
  return {
    reference: "SPD-AAAA-AAA4",
    service: "speeding",
    status: "new",
    delivery: "sending",
    createdAt: "2026-12-02T16:58:24.086Z",
    updatedAt: "2026-12-02T16:58:24.086Z",
    answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
    location: { lat: 51.5, lng: -0.8, roadName: "Mill Lane", postcode: "ZX2 1FD" },
    description: `Cars race past the school.\nEvery morning. ${HOSTILE}`,
    when: "Weekday mornings",
    reporter: {
      name: "Dave Resident",
      email: "dave@example.net",
      phone: "07700 900123",
      shareWithParish: true,
      sharedWith: [ASHCOMBE.code],
    },
    destination: ASHCOMBE,
    routing: { ruleId: "r", requested: "parish", area: ASHCOMBE, reason: "in the parish" },
    retainUntil: 0,
    ...overrides,
  };
}

const render = (report: Case, ctx: Partial<ReportEmailContext> = {}) =>
  renderReportEmail(report, {
    service,
    recipientName:
      report.destination.kind === "district"
        ? "Exampleshire Vale District Council"
        : "Ashcombe Parish Council",
    districtName: "Exampleshire Vale District Council",
    districtEmail: MAILBOX,
    ...ctx,
  });

const notShared = aCase({ reporter: { name: "Dave", email: "dave@example.net", shareWithParish: false } });
const noEmail = aCase({
  reporter: { name: "Dave", phone: "07700 900123", shareWithParish: true, sharedWith: [ASHCOMBE.code] },
});

describe("the two parts of the report email", () => {
  const emails = {
    "a parish, with links and the case log": render(aCase(), { links: LINKS, caseUrl: CASE_URL }),
    "a parish, without links": render(notShared),
    "a parish, the resident gave no email": render(noEmail, { caseUrl: CASE_URL }),
    "the district": render(aCase({ destination: DISTRICT }), {
      caseUrl: CASE_URL,
      fallbackReason: "the clerk has no email",
    }),
    "with duplicates": render(aCase(), { possibleDuplicates: ["SPD-BBBB-BBB2"] }),
  };

  for (const [name, email] of Object.entries(emails)) {
    it(`say the same, sentence by sentence: ${name}`, () => {
      expect(differences(email)).toEqual({ notInHtml: [], notInText: [] });
    });
  }

  it("are told apart when they do not say the same (the check can fail)", () => {
    const email = emails["a parish, with links and the case log"];
    const dropped = { ...email, html: email.html.replace("<h2>How to reply</h2>", "") };
    expect(differences(dropped).notInHtml).toEqual(["How to reply"]);
    const extra = {
      ...email,
      text: email.text.replace(LINKS.urls["in-progress"], "https://report.example/other"),
    };
    expect(differences(extra)).toEqual({
      notInHtml: ["https://report.example/other"],
      notInText: [LINKS.urls["in-progress"]],
    });
  });
});

describe("the report email's dates and map", () => {
  const email = render(aCase());

  it("gives the date and time it was reported in London, in words", () => {
    expect(email.text).toContain("Reported: 2 December 2026, 4:58pm\n");
    expect(htmlText(email.html)).toContain("Reported\n\n2 December 2026, 4:58pm");
    expect(email.text + email.html).not.toContain("2026-12-02T");
    const summer = render(aCase({ createdAt: "2026-07-01T11:00:00.000Z" }));
    expect(summer.text).toContain("Reported: 1 July 2026, midday\n");
  });

  it("links the map in the HTML and puts its URL on a line of its own in the text", () => {
    const url = "https://www.openstreetmap.org/?mlat=51.500000&mlon=-0.800000#map=17/51.500000/-0.800000";
    expect(email.html).toContain(`href="${url.replace(/&/g, "&amp;")}"`);
    expect(email.html).toMatch(
      /<a href="[^"]+" style="[^"]+" rel="noreferrer noopener">Open in OpenStreetMap<\/a>/,
    );
    expect(email.text).toContain(`  Map: Open in OpenStreetMap\n  ${url}\n`);
  });
});

describe("the one-click answers", () => {
  const email = render(aCase(), { links: LINKS });

  it("are real links drawn as buttons in the HTML, in order, with no image or script", () => {
    const answers = [
      ...email.html.matchAll(/<a href="([^"]+)" style="display: inline-block[^"]*"[^>]*>([^<]+)<\/a>/g),
    ];
    expect(answers.map((m) => [m[1], m[2]])).toEqual([
      [LINKS.urls.received, "Received – we will look at it"],
      [LINKS.urls["in-progress"], "In progress"],
      [LINKS.urls["not-for-us"], "Not for us – send it back to Exampleshire Vale District Council"],
    ]);
    expect(email.html).not.toMatch(/<img|<script|<button|<form|onclick/i);
  });

  it("are labelled URLs in the text", () => {
    expect(email.text).toContain(`\nReceived – we will look at it:\n${LINKS.urls.received}\n`);
    expect(email.text).toContain(`\nIn progress:\n${LINKS.urls["in-progress"]}\n`);
    expect(email.text).toContain(
      `\nNot for us – send it back to Exampleshire Vale District Council:\n${LINKS.urls["not-for-us"]}\n`,
    );
  });

  it("say each link works once, opens a page to confirm, and when they expire", () => {
    const rules =
      "Each link works once. It opens a page where you confirm your answer: nothing changes just by opening it. The links expire on 1 January 2027.";
    expect(email.text).toContain(rules);
    expect(htmlText(email.html)).toContain(rules);
  });

  it("send a clerk who is not the right council to the 'not for us' answer", () => {
    expect(email.text).toContain(
      'If this is not for your council\n\nChoose "Not for us – send it back to Exampleshire Vale District Council" above.',
    );
  });

  it("are absent where none were signed: no answers, no rules, the district's address instead", () => {
    const plain = render(aCase());
    for (const part of [plain.text, plain.html]) {
      expect(part).not.toContain("/respond/");
      expect(part).not.toContain("Received – we will look at it");
      expect(part).not.toContain("works once");
    }
    expect(plain.text).toContain(
      `Email Exampleshire Vale District Council (${MAILBOX}) and quote reference SPD-AAAA-AAA4. They will find the right place for it.`,
    );
  });

  it("never go to the district team, which answers in the case log", () => {
    const district = render(aCase({ destination: DISTRICT }), { links: LINKS, caseUrl: CASE_URL });
    for (const part of [district.text, district.html]) {
      expect(part).not.toContain("/respond/");
      expect(part).not.toContain("works once");
    }
    expect(hrefsIn(district.html)).toContain(CASE_URL);
    expect(district.text).toContain(
      "Deal with the report in the case log: assign it and keep its status up to date.",
    );
    expect(district.text).toContain(
      "If a parish council or another body should deal with it, re-route the case in the case log.",
    );
  });
});

describe("the link to the case log", () => {
  it("is offered to a council with an account, where the case log's address is set", () => {
    const email = render(aCase(), { caseUrl: CASE_URL });
    expect(email.text).toContain(
      `If your council has an account for the case log, you can also see and update the case there.\n\nView this case in the case log:\n${CASE_URL}\n`,
    );
    expect(email.html).toContain(`>View this case in the case log</a>`);
    expect(hrefsIn(email.html)).toContain(CASE_URL);
  });

  it("is left out where it is not set", () => {
    const email = render(aCase());
    expect(email.text).not.toContain("case log");
    expect(email.html).not.toContain("case log");
  });

  it("is escaped like everything else in the HTML", () => {
    const email = render(aCase(), { caseUrl: 'https://council.example/staff/cases/"><script>' });
    expect(email.html).toContain('href="https://council.example/staff/cases/&quot;&gt;&lt;script&gt;"');
  });
});

describe("how to reply", () => {
  it("says replies reach the resident where they agreed to share their details", () => {
    expect(render(aCase()).text).toContain(
      "How to reply\n\nReplies to this email go to the resident, who agreed to share their contact details with you.",
    );
    expect(render(aCase({ destination: DISTRICT })).text).toContain(
      "How to reply\n\nReplies to this email go to the resident.\n",
    );
  });

  it("sends replies to the district team where the email carries one-click links, and says to write afresh", () => {
    // A reply quotes the email, links and all: a resident holding them could answer as the clerk.
    const email = render(aCase(), { links: LINKS });
    expect(email.reply).toEqual({
      to: "district",
      address: MAILBOX,
      because: "links",
      resident: "dave@example.net",
    });
    const words = `Replies to this email go to Exampleshire Vale District Council's team mailbox (${MAILBOX}), not to the resident, because the answer links above are for your council only. The resident agreed to share their contact details with you: to write to them, start a new email to dave@example.net rather than replying to this one.`;
    expect(email.text).toContain(`How to reply\n\n${words}\n`);
    expect(htmlText(email.html)).toContain(words);
    expect(email.text).not.toContain("Replies to this email go to the resident");
    // The details the resident agreed to share are still there to write to.
    expect(email.text).toContain("  Email: dave@example.net\n");
  });

  it("keeps replies with the resident where the email has no links to leak", () => {
    expect(render(aCase()).reply).toEqual({ to: "resident", address: "dave@example.net" });
    // The district's own email never carries links, even when some are passed.
    expect(render(aCase({ destination: DISTRICT }), { links: LINKS }).reply).toEqual({
      to: "resident",
      address: "dave@example.net",
    });
  });

  it("says replies go to Exampleshire Vale District Council's team mailbox where they did not, or gave no email", () => {
    expect(render(notShared).text).toContain(
      `The resident did not agree to share their contact details with you, so replies to this email go to Exampleshire Vale District Council's team mailbox (${MAILBOX}), not to the resident.`,
    );
    expect(render(noEmail).text).toContain(
      `The resident did not give an email address, so replies to this email go to Exampleshire Vale District Council's team mailbox (${MAILBOX}).`,
    );
    for (const links of [undefined, LINKS]) {
      const ctx = links ? { links } : {};
      expect(render(notShared, ctx).reply).toEqual({
        to: "district",
        address: MAILBOX,
        because: "not-shared",
      });
      expect(render(noEmail, ctx).reply).toEqual({ to: "district", address: MAILBOX, because: "no-email" });
    }
  });
});

describe("what the resident wrote", () => {
  it("stays escaped in the HTML and out of the subject", () => {
    const email = render(aCase({ location: { lat: 51.5, lng: -0.8, roadName: HOSTILE } }), {
      links: LINKS,
      caseUrl: CASE_URL,
    });
    expect(liveMarkupCounts(email.html)).toEqual([0, 0, 0, 0, 0]);
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(email.subject).toBe("Report speeding traffic: SPD-AAAA-AAA4, Ashcombe");
  });
});
