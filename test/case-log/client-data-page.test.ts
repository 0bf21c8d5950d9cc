import { beforeAll, describe, expect, it } from "vitest";
import { systemIds } from "#adapters/system/system-ids.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { caseLogUnderTest, staffAndClerk } from "../helpers/case-log-harness.js";
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
} from "../helpers/client-data-case.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";

// The case page and list through the case log's handler, for a case an Open311 client sent with
// extras and a signpost its app could not show: the signpost first, "Also sent by the client" with
// every code, value and URL inert, photos only as https links, the list's tag and the CSV column,
// and for a parish clerk nothing of the resident's details the resident did not share with them.

const SIGNPOSTED = "SPD-AAAA-AAA4"; // at the district, with a signpost and client extras
const PLAIN = "SPD-AAAA-AAB2"; // at the district, nothing from a client: the baseline page
const WITHHELD = "SPD-AAAA-AACY"; // re-routed to Ashcombe; the resident shared with nobody
const SHARED = "SPD-AAAA-AADW"; // at Ashcombe; the resident agreed to share with it

const store = new MemoryCaseStore();
const clock = { now: () => new Date() };

const caseLog = caseLogUnderTest(
  staffAndClerk(ASHCOMBE.code, {
    staff: "staff@district.example",
    clerk: "clerk@ashcombe.example.org",
  }),
  () => ({
    caseStore: store,
    actions: createStaffActions({
      caseStore: store,
      clock,
      ids: systemIds,
      queue: { send: async () => undefined },
    }),
    clock,
    geography: async () => ({ bodies: new Map(), areas: [DISTRICT, ASHCOMBE] }),
  }),
);

beforeAll(async () => {
  const { fromClient: _f, signpost: _s, ...plain } = aClientCase({ reference: PLAIN });
  await store.create(aClientCase({ reference: SIGNPOSTED }), []);
  await store.create(plain, []);
  await store.create(aClientCase({ reference: WITHHELD, destination: ASHCOMBE }), []);
  await store.create(
    aClientCase({
      reference: SHARED,
      destination: ASHCOMBE,
      reporter: { ...RESIDENT, shareWithParish: true, sharedWith: [ASHCOMBE.code] },
    }),
    [],
  );
});

const call = (path: string, cookies: Record<string, string> = {}, form?: Record<string, string>) =>
  caseLog.call({ method: form ? "POST" : "GET", path, cookies, ...(form ? { form } : {}) });
const signIn = async (email: string, password: string) => (await caseLog.mustSignIn(email, password)).cookies;

async function casePage(reference: string, cookies: Record<string, string>): Promise<string> {
  const response = await call(`/staff/cases/${reference}`, cookies);
  expect(response.statusCode).toBe(200);
  return response.body ?? "";
}

/** The "Also sent by the client" section; escaped content holds no `<`, so it cannot end it early. */
function section(html: string): string {
  const start = html.indexOf('<section id="from-client"');
  expect(start, "no Also sent by the client section").toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
}

describe("the case page for district staff", () => {
  let staff: Record<string, string>;
  let page: string;
  let baseline: string;
  beforeAll(async () => {
    staff = await signIn("staff@district.example", "staff-password");
    page = await casePage(SIGNPOSTED, staff);
    baseline = await casePage(PLAIN, staff);
  });

  it("shows the signpost as a warning above the case's details", () => {
    const warning =
      /<div class="govuk-warning-text"[^>]*id="signpost">([\s\S]*?)<\/div>/.exec(page)?.[1] ?? "";
    expect(warning).toContain(
      `The resident&#39;s app could not show them this before they sent the report: ${SIGNPOST.title}.`,
    );
    expect(page.indexOf('id="signpost"')).toBeLessThan(page.indexOf('id="case-details"'));
    expect(baseline).not.toContain('id="signpost"');
  });

  it("lists the attributes as sent, escaped", () => {
    const shown = section(page);
    expect(shown).toContain("Also sent by the client");
    expect(shown).toMatch(/<dt class="govuk-summary-list__key">fixmystreet_id<\/dt><dd[^>]*>4242<\/dd>/);
    expect(shown).toContain("&lt;script&gt;alert(&#39;code&#39;)&lt;/script&gt;");
    expect(shown).toContain("&quot;&gt;&lt;img src=x onerror=alert(&#39;value&#39;)&gt;");
    expect(shown).toContain("12 Mill Lane Bcc: victim@example.org");
    expect(shown).toContain("first_name&lt;b&gt;");
    expect(shown).toContain(`${NOT_LINKS.length} photo links were left out: not a plain https address.`);
    expect(baseline).not.toContain("Also sent by the client");
  });

  it("adds no live markup: the page has what the plain case's page has, and no image", () => {
    expect(liveMarkupCounts(page)).toEqual(liveMarkupCounts(baseline));
    expect(page).not.toMatch(/<img/i);
  });

  it("links the https photos only, to the client's copies, with no referrer", () => {
    const added = hrefsIn(page).filter((h) => !hrefsIn(baseline).includes(h));
    expect(added).toEqual([PHOTO, new URL(HOSTILE_PHOTO).href]);
    expect(section(page)).toContain(
      `<a class="govuk-link" href="${PHOTO}" rel="noreferrer noopener nofollow">Photo 1 (opens the client&#39;s copy on www.fixmystreet.com)</a>`,
    );
    const lower = page.toLowerCase();
    for (const word of ["javascript:", "data:text", "http://plain.example", "lure.example"]) {
      expect(lower).not.toContain(word);
    }
  });

  it("shows staff the items that may hold the resident's details", () => {
    expect(section(page)).toContain("last_name");
    expect(section(page)).not.toContain("left out: it may hold");
  });

  it("tags the signposted case in the list, and only that one", async () => {
    const list = (await call("/staff/cases", staff)).body ?? "";
    const row = (reference: string) =>
      list.split("<tr").find((r) => r.includes(`>${reference}</a>`)) ?? `no row for ${reference}`;
    expect(row(SIGNPOSTED)).toContain('<strong class="govuk-tag govuk-tag--orange">Signposted</strong>');
    expect(row(PLAIN)).toContain(PLAIN);
    expect(row(PLAIN)).not.toContain("Signposted");
  });

  it("gives the signpost's title in the CSV", async () => {
    const csv = (await call("/staff/cases.csv", staff)).body ?? "";
    const [header = "", ...rows] = csv.trim().split("\r\n");
    expect(header).toContain('"Description","Signposted to"');
    expect(rows.find((r) => r.startsWith(`"${SIGNPOSTED}"`))).toContain(',"Call 999 now",');
    expect(rows.find((r) => r.startsWith(`"${PLAIN}"`))).not.toContain("Call 999 now");
  });
});

describe("the case page for a parish clerk", () => {
  let clerk: Record<string, string>;
  beforeAll(async () => {
    clerk = await signIn("clerk@ashcombe.example.org", "clerk-password");
  });

  it("shows what the client sent, without anything that may hold unshared details", async () => {
    const page = await casePage(WITHHELD, clerk);
    const shown = section(page);
    expect(shown).toContain("fixmystreet_id");
    expect(shown).toContain(`href="${PHOTO}"`);
    expect(shown).toContain(
      "4 items were left out: it may hold the resident&#39;s contact details, which they did not agree to share with you.",
    );
    expect(page).toContain('id="signpost"');
    for (const detail of ["Quill", "Dorothy", RESIDENT.email, "900123", "last_name"]) {
      expect(page, detail).not.toContain(detail);
    }
  });

  it("shows it all where the resident agreed to share with the clerk's council", async () => {
    const shown = section(await casePage(SHARED, clerk));
    expect(shown).toMatch(/<dt class="govuk-summary-list__key">last_name<\/dt><dd[^>]*>Quill<\/dd>/);
    expect(shown).toContain(`Call me on ${RESIDENT.phone}`);
    expect(shown).not.toContain("left out: it may hold");
  });
});
