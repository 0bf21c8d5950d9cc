import { beforeAll, describe, expect, it } from "vitest";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Bodies } from "#core/case/bodies.js";
import type { Case, Destination } from "#core/case/case.js";
import { FALLBACK_RULES, fallbackRouting } from "#core/case/fallback-routing.js";
import { event } from "#core/case/timeline.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { createDeadLetterCases } from "#core/use-cases/redrive.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { caseLogUnderTest, speedingCase, staffAndClerk } from "../helpers/case-log-harness.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";

// The case page in plain words (issue 18): the service's name, the questions and answers as the
// resident read them, bodies by name and kind, a timeline of sentences (events stored before the
// words too); a success banner after each action, from a fixed list; and re-routing through a
// confirmation page that asks why. Through the case log's handler, signed in with the local
// identity provider, so routes, CSRF and roles are the real ones.

const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const WENDLE: Destination = { kind: "parish", code: "E04999004", name: "Little Wendle" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };
const BODIES: Bodies = new Map([
  [WENDLE.code, { area: WENDLE.code, name: "Little Wendle Parish Meeting", kind: "parish-meeting" as const }],
]);
const COUNCIL = "Exampleshire Vale District Council";
const STAFF = "staff@example.org";
const speeding = services.get("speeding");
const question = (id: string) => speeding?.questions.find((q) => q.id === id);
const label = (id: string, value: string) => question(id)?.options.find((o) => o.value === value)?.label;

const store = new MemoryCaseStore();
const queued: DispatchJob[] = [];
const queue = { send: async (job: DispatchJob) => void queued.push(job) };
const clock = { now: () => new Date() };

const aCase = (reference: string, overrides: Partial<Case> = {}): Case =>
  speedingCase(reference, ASHCOMBE, "2026-07-01T12:30:00.000Z", {
    answers: { danger: "no", "road-type": "main-road", outcome: "speedwatch" },
    location: { lat: 54.5, lng: 2.3, postcode: "ZX1 5ZB" },
    description: "Lorries too fast",
    reporter: {
      name: "Ada Quill",
      email: "ada@example.org",
      shareWithParish: true,
      sharedWith: [ASHCOMBE.code],
    },
    routing: {
      ruleId: "parish-speedwatch-or-sign",
      requested: "parish",
      area: ASHCOMBE,
      reason: "The location is in Ashcombe parish",
    },
    ...overrides,
  });

const WORDS = "SPD-AAAA-AAA4";
const BANNERS = "SPD-AAAA-AAB2";

const caseLog = caseLogUnderTest(staffAndClerk(ASHCOMBE.code, { staff: STAFF }), () => ({
  caseStore: store,
  actions: createStaffActions({ caseStore: store, clock, ids: systemIds, queue }),
  redrive: createDeadLetterCases({ caseStore: store, clock, queue }).redrive,
  councilName: COUNCIL,
  clock,
  geography: async () => ({ bodies: BODIES, areas: [DISTRICT, ASHCOMBE, WENDLE] }),
}));

beforeAll(async () => {
  // Events as earlier versions stored them: codes in the data, summaries in the old words.
  const at = new Date("2026-07-01T12:30:00Z");
  await store.create(aCase(WORDS), [
    event(at, "submitted", "Report received; routed to Ashcombe", {
      rule: "parish-speedwatch",
      area: ASHCOMBE.code,
    }),
    event(at, "queued", "Queued for sending"),
    event(at, "sent", "Emailed to Ashcombe Parish Council", { recipient: "clerk@ashcombe.example.org" }),
    event(at, "delivered", "Delivered to clerk@ashcombe.example.org", {
      recipients: "clerk@ashcombe.example.org",
    }),
    event(at, "possible-duplicate", "Possible duplicate of SPD-BBBB-BBB1", { other: "SPD-BBBB-BBB1" }),
  ]);
  await store.appendEvents(WORDS, [
    event(
      new Date("2026-07-02T09:00:00Z"),
      "status-changed",
      "Status new → in-progress: Rang the clerk",
      { from: "new", to: "in-progress" },
      "officer@district.example",
    ),
    event(
      new Date("2026-07-02T09:05:00Z"),
      "rerouted",
      "Re-routed by staff from Little Wendle to Ashcombe",
      { from: WENDLE.code, to: ASHCOMBE.code },
      "officer@district.example",
    ),
  ]);
  await store.create(aCase(BANNERS), []);
});

const { call, mustSignIn: signIn } = caseLog;

const decoded = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
/** The page's text, tags dropped and spaces collapsed, as a person reads it. */
const textOf = (html: string) => decoded(html.replace(/<[^>]+>/g, " ")).replace(/\s+/g, " ");
const timelineOf = (html: string) =>
  textOf(/<ol[^>]*id="timeline"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "");
const bannerOf = (html: string) =>
  /<div class="govuk-notification-banner govuk-notification-banner--success"[\s\S]*?<\/div>\s*<\/div>/.exec(
    html,
  )?.[0];

describe("the case page in plain words", () => {
  it("names the service, asks the questions as the resident read them, and names the body", async () => {
    const { cookies } = await signIn(STAFF, "staff-password");
    const body = (await call({ path: `/staff/cases/${WORDS}`, cookies })).body ?? "";
    const text = textOf(body);
    expect(body).toContain('<span class="govuk-caption-l">Report speeding traffic</span>');
    expect(text).toContain(`${question("road-type")?.title} ${label("road-type", "main-road")}`);
    expect(text).toContain(`${question("outcome")?.title} ${label("outcome", "speedwatch")}`);
    expect(text).not.toContain("Answer:");
    expect(text).not.toMatch(/\bmain-road\b/);
    expect(text).toContain("Sent to Ashcombe Parish Council Parish council, ONS code E04999001");
    expect(text).toContain("Received 1 Jul 2026, 13:30"); // London summer time
    expect(text).toContain("Status New");
    // Why, in the service's own words for the rule that routed it.
    const rule = services.get("speeding")?.rules.find((r) => r.id === "parish-speedwatch-or-sign");
    expect(text).toContain(`Why ${rule?.description} The location is in Ashcombe parish`);
  });

  it("tells the timeline in sentences, with who did it, for events stored before these words", async () => {
    const { cookies } = await signIn(STAFF, "staff-password");
    const timeline = timelineOf((await call({ path: `/staff/cases/${WORDS}`, cookies })).body ?? "");
    for (const sentence of [
      "Report received, for Ashcombe Parish Council Signpost, 1 Jul 2026, 13:30",
      "Queued to be emailed Signpost",
      "Report emailed to Ashcombe Parish Council (clerk@ashcombe.example.org) Signpost",
      "Email delivered (clerk@ashcombe.example.org) Signpost",
      "Marked as a possible duplicate of SPD-BBBB-BBB1 Signpost",
      "Status changed from New to In progress: Rang the clerk officer@district.example, 2 Jul 2026, 10:00",
      "Re-routed from Little Wendle Parish Meeting to Ashcombe Parish Council officer@district.example",
    ])
      expect(timeline).toContain(sentence);
    expect(timeline).not.toMatch(/status-changed|in-progress|→/);
  });

  it("gives a clerk the same sentences without the district's reasons or names", async () => {
    const { cookies } = await signIn("clerk@example.org", "clerk-password");
    const timeline = timelineOf((await call({ path: `/staff/cases/${WORDS}`, cookies })).body ?? "");
    expect(timeline).toContain("Status changed to In progress Council staff");
    expect(timeline).not.toContain("Rang the clerk");
    expect(timeline).not.toContain("officer@district.example");
    expect(timeline).not.toContain("clerk@ashcombe.example.org");
  });
});

describe("a success banner after each action", () => {
  it.each([
    ["status", "Status changed to New"],
    ["public-update", "Update for the public saved"],
    ["note", "Note added"],
    ["rerouted", "Case re-routed to Ashcombe Parish Council"],
    ["sent-again", "Report queued to be emailed again"],
    ["linked", "Case linked as a possible duplicate"],
    ["unlinked", "Cases unlinked: marked as not duplicates"],
  ])("?done=%s shows “%s” in a GOV.UK success banner", async (done, heading) => {
    const { cookies } = await signIn(STAFF, "staff-password");
    const banner = bannerOf(
      (await call({ path: `/staff/cases/${BANNERS}`, query: `done=${done}`, cookies })).body ?? "",
    );
    expect(banner).toContain('role="alert"');
    expect(banner).toContain(">\n      Success\n");
    expect(textOf(banner ?? "")).toContain(heading);
  });

  it.each(["", "done=", "done=deleted", "done=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "done=note%20hacked"])(
    "shows nothing for %j, and never echoes the query",
    async (query) => {
      const { cookies } = await signIn(STAFF, "staff-password");
      const body = (await call({ path: `/staff/cases/${BANNERS}`, query, cookies })).body ?? "";
      expect(body).not.toContain("govuk-notification-banner");
      expect(body).not.toContain("script>alert");
      expect(body).not.toContain("hacked");
    },
  );

  it("follows a status change and a note, and not a form with errors", async () => {
    const { cookies, csrf } = await signIn(STAFF, "staff-password");
    const changed = await call({
      method: "POST",
      path: `/staff/cases/${BANNERS}/status`,
      cookies,
      form: { _csrf: csrf, status: "in-progress", reason: "On it" },
    });
    expect(changed.headers?.location).toBe(`/staff/cases/${BANNERS}?done=status`);
    const page = await call({ path: `/staff/cases/${BANNERS}`, query: "done=status", cookies });
    expect(textOf(bannerOf(page.body ?? "") ?? "")).toContain("Status changed to In progress");
    const noted = await call({
      method: "POST",
      path: `/staff/cases/${BANNERS}/notes`,
      cookies,
      form: { _csrf: csrf, _key: crypto.randomUUID(), note: "Rang them" },
    });
    expect(noted.headers?.location).toBe(`/staff/cases/${BANNERS}?done=note`);
    const refused = await call({
      method: "POST",
      path: `/staff/cases/${BANNERS}/notes`,
      cookies,
      form: { _csrf: csrf, _key: crypto.randomUUID(), note: " " },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).not.toContain("govuk-notification-banner");
  });
});

describe("re-routing through a confirmation page", () => {
  const REF = "SPD-AAAA-AACY";
  beforeAll(async () => {
    await store.create(aCase(REF), []);
  });
  const confirmPage = (cookies: Record<string, string>, destination: string) =>
    call({ path: `/staff/cases/${REF}/reroute`, query: `destination=${destination}`, cookies });
  const confirm = (cookies: Record<string, string>, form: Record<string, string>) =>
    call({ method: "POST", path: `/staff/cases/${REF}/reroute`, cookies, form });

  it("says what will happen, changes nothing, and asks why", async () => {
    const { cookies } = await signIn(STAFF, "staff-password");
    const page = await confirmPage(cookies, WENDLE.code);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body ?? "");
    expect(text).toContain("Re-route this case to Little Wendle Parish Meeting?");
    expect(text).toContain("Sent to now Ashcombe Parish Council (parish council)");
    expect(text).toContain("Re-route to Little Wendle Parish Meeting (parish meeting)");
    expect(text).toContain("The report is emailed again, to Little Wendle Parish Meeting.");
    expect(text).toContain(
      "The resident's contact details do not go with it: they did not agree to share them with Little Wendle Parish Meeting.",
    );
    expect(text).toContain("Ashcombe Parish Council will no longer see the case in the case log.");
    expect(text).toContain("Why are you re-routing it?");
    expect(page.body).toMatch(/<form method="post" action="\/staff\/cases\/SPD-AAAA-AACY\/reroute"/);
    expect(page.body).toMatch(/name="_csrf" value="[a-f0-9]{64}"/);
    expect(page.body).toContain(`name="destination" value="${WENDLE.code}"`);
    expect(page.body).toContain(`name="from" value="${ASHCOMBE.code}"`);
    expect((await store.get(REF))?.destination).toEqual(ASHCOMBE);
    // To the district: the details go, as the district always has them.
    const district = textOf((await confirmPage(cookies, DISTRICT.code)).body ?? "");
    expect(district).toContain(
      "The resident's contact details go with it: the district council always has them.",
    );
  });

  it.each([
    ["no council", "", "Select where to send the case"],
    ["a code the district does not have", "E04000000", "Select where to send the case"],
    ["where it is already", ASHCOMBE.code, "The case is already sent there. Select another council"],
  ])("shows the case page again for %s", async (_, destination, message) => {
    const { cookies } = await signIn(STAFF, "staff-password");
    const page = await confirmPage(cookies, destination);
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain(message);
    expect(page.body).toContain('href="#destination"');
  });

  it.each([
    ["no reason", " ", "Enter why you are re-routing the case"],
    ["a reason too long", "x".repeat(2001), "Reason must be 2000 characters or fewer"],
  ])("asks again, on the confirmation page, after %s", async (_, reason, message) => {
    const { cookies, csrf } = await signIn(STAFF, "staff-password");
    const response = await confirm(cookies, {
      _csrf: csrf,
      destination: WENDLE.code,
      from: ASHCOMBE.code,
      reason,
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("<title>Error: Re-route case");
    expect(response.body).toContain(message);
    expect(response.body).toContain('href="#reason"');
    expect(await store.get(REF)).toMatchObject({ destination: ASHCOMBE, delivery: "sent" });
  });

  it("refuses a confirmation without the CSRF token, and a clerk", async () => {
    const staff = await signIn(STAFF, "staff-password");
    const forged = await confirm(staff.cookies, {
      destination: WENDLE.code,
      from: ASHCOMBE.code,
      reason: "x",
    });
    expect(forged.statusCode).toBe(403);
    const clerk = await signIn("clerk@example.org", "clerk-password");
    expect((await confirmPage(clerk.cookies, WENDLE.code)).statusCode).toBe(403);
    const byClerk = await confirm(clerk.cookies, {
      _csrf: clerk.csrf,
      destination: WENDLE.code,
      from: ASHCOMBE.code,
      reason: "x",
    });
    expect(byClerk.statusCode).toBe(403);
    expect((await store.get(REF))?.destination).toEqual(ASHCOMBE);
  });

  it("re-routes once confirmed, and the case says where it went and why", async () => {
    const { cookies, csrf } = await signIn(STAFF, "staff-password");
    const before = queued.length;
    const response = await confirm(cookies, {
      _csrf: csrf,
      destination: WENDLE.code,
      from: ASHCOMBE.code,
      reason: "The lay-by is <in> Little Wendle",
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toBe(`/staff/cases/${REF}?done=rerouted`);
    expect(queued.slice(before)).toEqual([{ reference: REF }]);
    const page = (await call({ path: `/staff/cases/${REF}`, query: "done=rerouted", cookies })).body ?? "";
    expect(page).not.toContain("<in>");
    const text = textOf(page);
    expect(textOf(bannerOf(page) ?? "")).toContain("Case re-routed to Little Wendle Parish Meeting");
    expect(text).toContain("Sent to Little Wendle Parish Meeting Parish meeting, ONS code E04999004");
    expect(text).toContain(
      "Why Re-routed by staff: The lay-by is <in> Little Wendle The location is in Ashcombe; rule staff-reroute",
    );
    expect(timelineOf(page)).toContain(
      "Re-routed from Ashcombe Parish Council to Little Wendle Parish Meeting, without the resident's contact details: The lay-by is <in> Little Wendle You,",
    );
  });

  it("refuses a confirmation made before someone else moved the case", async () => {
    const { cookies, csrf } = await signIn(STAFF, "staff-password");
    // Chosen while the case was Ashcombe's; it is Little Wendle's now.
    const stale = await confirm(cookies, {
      _csrf: csrf,
      destination: DISTRICT.code,
      from: ASHCOMBE.code,
      reason: "Back to the district",
    });
    expect(stale.statusCode).toBe(400);
    expect(decoded(stale.body ?? "")).toContain("Someone else has just re-routed this case");
    expect(stale.body).toContain('href="#destination"');
    expect((await store.get(REF))?.destination).toEqual(WENDLE);
  });
});

describe("a case Signpost sent to the district instead of its parish", () => {
  const REF = "SPD-AAAA-AADW";
  const reason = "the council directory has no email address for Ashcombe's clerk";

  beforeAll(async () => {
    const report = aCase(REF);
    await store.create(
      {
        ...report,
        destination: DISTRICT,
        routing: fallbackRouting(report, FALLBACK_RULES.noClerkEmail, reason),
      },
      [
        event(new Date("2026-07-01T12:31:00Z"), "rerouted", `Sent to ${COUNCIL} instead: ${reason}`, {
          from: ASHCOMBE.code,
          to: DISTRICT.code,
        }),
      ],
    );
  });

  it("explains the district in 'Why', beside 'Sent to', with the fallback's rule for staff", async () => {
    const { cookies } = await signIn(STAFF, "staff-password");
    const text = textOf((await call({ path: `/staff/cases/${REF}`, cookies })).body ?? "");
    expect(text).toContain(`Sent to ${COUNCIL}`);
    expect(text).toContain(
      `Why Sent to the district council because ${reason} The location is in Ashcombe; rule no-clerk-email`,
    );
    expect(text).not.toContain("rule parish-speedwatch");
  });

  it("is not shown to the parish's clerk at all: the case has left their parish", async () => {
    const { cookies } = await signIn("clerk@example.org", "clerk-password");
    const response = await call({ path: `/staff/cases/${REF}`, cookies });
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain(reason.replace("'", "&#39;"));
  });
});
