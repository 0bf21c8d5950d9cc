import { describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import { renderAcknowledgementEmail } from "#core/email/acknowledgement-email.js";
import { renderDigestEmail } from "#core/email/digest-email.js";
import { renderReportEmail } from "#core/email/report-email.js";
import { services } from "#core/services/index.js";
import {
  ASHCOMBE,
  aClientCase,
  DISTRICT,
  HOSTILE_PHOTO,
  hrefsIn,
  liveMarkupCounts,
  NOT_LINKS,
  PHOTO,
  RESIDENT,
  SIGNPOST,
} from "../../helpers/client-data-case.js";

// What an Open311 client sent beyond our fields, and a signpost its app could not show, in the
// council's report email and daily digest: there for the reader, escaped in the HTML, one line a
// value in the text, photos only as https links, and nothing of the resident's contact details for
// a parish they did not agree to share them with. The resident's acknowledgement carries none of it.

const service = services.get("speeding");
if (!service) throw new Error("speeding service missing");

const reportEmail = (report: Case, recipientName = "Exampleshire Vale District Council") =>
  renderReportEmail(report, { service, recipientName, districtName: "Exampleshire Vale" });

const digestEmail = (cases: Case[], recipient = DISTRICT) =>
  renderDigestEmail(cases, {
    services,
    recipient,
    recipientName: "Exampleshire Vale District Council",
    districtName: "Exampleshire Vale",
  });

/** The photo links are the only links the client's data adds; the map link is ours. */
const clientHrefs = (html: string) =>
  hrefsIn(html).filter((h) => !h.startsWith("https://www.openstreetmap.org/"));

function expectNoUnsafeAddress(content: string) {
  const lower = content.toLowerCase();
  for (const word of ["javascript:", "data:text", "http://", "plain.example", "lure.example"]) {
    expect(lower).not.toContain(word);
  }
}

describe("the report email, for the district", () => {
  const email = reportEmail(aClientCase());

  it("says first what the resident's app could not show them", () => {
    const sentence = `The resident's app could not show them this before they sent the report: ${SIGNPOST.title}. ${SIGNPOST.message}`;
    expect(email.text.split("\n").slice(0, 6)).toContain(sentence);
    expect(email.html).toContain(sentence.replace("resident's", "resident&#39;s"));
    expect(email.subject).not.toContain("999");
  });

  it("lists the attributes and links the https photos in the text", () => {
    const section = email.text.slice(email.text.indexOf("Also sent by the client"));
    expect(section).toContain("  fixmystreet_id: 4242\n");
    expect(section).toContain(`  Photo 1 (the client's copy, on www.fixmystreet.com): ${PHOTO}\n`);
    expect(section).toContain(
      "  Photo 2 (the client's copy, on photos.example): https://photos.example/%22%3E",
    );
    expect(section).toContain("  Not used: first_name<b> (not a person's name <i>really</i>)\n");
    expect(section).toContain(`${NOT_LINKS.length} photo links were left out: not a plain https address.`);
    // The district has the resident's details anyway: nothing is held back from it.
    expect(section).toContain("  last_name: Quill\n");
    expect(section).not.toContain("left out: it may hold");
  });

  it("keeps every value on its own line in the text, so none can pose as a header or a heading", () => {
    expect(email.text).toContain("  closest_address: 12 Mill Lane Bcc: victim@example.org\n");
    expect(email.text.split("\n").filter((line) => /^\s*Bcc:/i.test(line))).toEqual([]);
    expect(email.text).not.toContain("\r");
  });

  it("escapes every code, value and URL in the HTML and links only https photos", () => {
    expect(liveMarkupCounts(email.html)).toEqual([0, 0, 0, 0, 0]);
    expect(email.html).toContain("<h2>Also sent by the client</h2>");
    expect(email.html).toContain("&lt;script&gt;alert(&#39;code&#39;)&lt;/script&gt;");
    expect(email.html).toContain("&quot;&gt;&lt;img src=x onerror=alert(&#39;value&#39;)&gt;");
    expect(email.html).toContain("first_name&lt;b&gt;");
    expect(clientHrefs(email.html)).toEqual([PHOTO, new URL(HOSTILE_PHOTO).href]);
    expect(email.html).toContain(
      `<a href="${PHOTO}" rel="noreferrer noopener nofollow">Photo 1 (the client&#39;s copy, on www.fixmystreet.com)</a>`,
    );
    expect(email.html).not.toMatch(/<img/i);
    expectNoUnsafeAddress(email.html);
    expectNoUnsafeAddress(email.text);
  });
});

describe("the report email, for a parish", () => {
  it("holds back what may be the resident's contact details when they did not agree to share them", () => {
    const email = reportEmail(aClientCase({ destination: ASHCOMBE }), "Ashcombe Parish Council");
    // Anyone's email or phone number too: a client's field may hold one the report's own could not.
    for (const detail of ["Quill", "Dorothy", RESIDENT.email, "900123", "victim@example.org"]) {
      expect(email.text).not.toContain(detail);
      expect(email.html).not.toContain(detail);
    }
    expect(email.text).toContain("  fixmystreet_id: 4242\n");
    expect(email.text).toContain(
      "4 items were left out: it may hold the resident's contact details, which they did not agree to share with you.",
    );
  });

  it("shows them to a parish the resident agreed to share with", () => {
    const shared = aClientCase({
      destination: ASHCOMBE,
      reporter: { ...RESIDENT, shareWithParish: true, sharedWith: [ASHCOMBE.code] },
    });
    const email = reportEmail(shared, "Ashcombe Parish Council");
    expect(email.text).toContain("  last_name: Quill\n");
    expect(email.text).toContain(`  note: Call me on ${RESIDENT.phone}\n`);
    expect(email.text).not.toContain("left out: it may hold");
  });
});

describe("a report without client data", () => {
  it("has no section and no signpost", () => {
    const { fromClient: _f, signpost: _s, ...plain } = aClientCase();
    const email = reportEmail(plain);
    expect(email.text).not.toContain("Also sent by the client");
    expect(email.text).not.toContain("could not show them");
    expect(email.html).not.toContain("Also sent by the client");
  });
});

describe("the daily digest", () => {
  const { fromClient: _f, signpost: _s, ...plainCase } = aClientCase({ reference: "SPD-AAAA-AAB2" });
  const digest = digestEmail([aClientCase(), plainCase]);

  it("gives the case its signpost and what the client sent, and the other case neither", () => {
    const [first = "", second = ""] = digest.text.split("---- SPD-AAAA-AAB2 ----");
    expect(first).toContain(
      `Signpost: The resident's app could not show them this before they sent the report: ${SIGNPOST.title}.`,
    );
    expect(first).toContain("Also sent by the client\n  fixmystreet_id: 4242\n");
    expect(first).toContain(`Photo 1 (the client's copy, on www.fixmystreet.com): ${PHOTO}`);
    expect(second).not.toContain("Also sent by the client");
    expect(second).not.toContain("Signpost");
    expect(digest.html.match(/<h3>Also sent by the client<\/h3>/g)).toHaveLength(1);
  });

  it("escapes the client's text and links only https photos", () => {
    expect(liveMarkupCounts(digest.html)).toEqual([0, 0, 0, 0, 0]);
    expect(digest.html).toContain("&lt;script&gt;alert(&#39;code&#39;)&lt;/script&gt;");
    expect(clientHrefs(digest.html)).toEqual([PHOTO, new URL(HOSTILE_PHOTO).href]);
    expectNoUnsafeAddress(digest.html);
    expectNoUnsafeAddress(digest.text);
    expect(digest.text.split("\n").filter((line) => /^\s*Bcc:/i.test(line))).toEqual([]);
  });

  it("holds back the resident's details from a parish they did not agree to share them with", () => {
    const parishDigest = digestEmail([aClientCase({ destination: ASHCOMBE })], ASHCOMBE);
    for (const detail of ["Quill", RESIDENT.email, "900123"]) {
      expect(parishDigest.text).not.toContain(detail);
      expect(parishDigest.html).not.toContain(detail);
    }
    expect(parishDigest.text).toContain("4 items were left out");
  });
});

describe("the resident's acknowledgement", () => {
  it("stays fixed text: nothing the client sent, no signpost line", () => {
    const ack = renderAcknowledgementEmail(aClientCase(), {
      service,
      recipientName: "Exampleshire Vale District Council",
      districtName: "Exampleshire Vale",
    });
    for (const part of [ack.text, ack.html]) {
      expect(part).not.toContain("fixmystreet");
      expect(part).not.toContain("photos.example");
      expect(part).not.toContain("could not show them");
    }
  });
});
