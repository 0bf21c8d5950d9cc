import { beforeAll, describe, expect, it } from "vitest";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Case, Destination } from "#core/case/case.js";
import { event } from "#core/case/timeline.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { caseLogUnderTest, speedingCase, staffAndClerk } from "../helpers/case-log-harness.js";
import { testCouncils } from "../helpers/councils.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";

// What each role sees (issue 15, findings 1 to 3): the case page, the list, the CSV and the counts,
// rendered through the case log's handler for district staff, the clerk of a parish the resident
// agreed to share with, the clerk of one they did not, and both clerks after a re-route. Every case
// carries the resident's name, email and phone, a staff reason with a phone number in it, a staff
// note, officers' addresses and the acknowledgement's delivery events; none of what a clerk may not
// see may appear anywhere in what they get.

const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const BROOKFIELD: Destination = { kind: "parish", code: "E04999002", name: "Brookfield" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };

const RESIDENT = { name: "Dorothy Quill", email: "dorothy.quill@example.net", phone: "07700 900123" };
const OFFICER = "officer.smith@district.example";
const STAFF_LOGIN = "staff-user@district.example";
const STAFF_REASON = "Phoned Dorothy about the van on 07700 900456";
const STAFF_NOTE = "Internal: Dorothy's neighbour is the driver";
const STAFF_NOTE_VIA_FORM = "Checked with highways, officer on leave";
const PARISH_REASON = "Passed to the parish speedwatch group";
const PARISH_NOTE = "Speed survey booked for Monday";
const REROUTE_REASON = "Dorothy rang: the van parks in Brookfield";

const SHARED = "SPD-AAAA-AAA4"; // agreed to share with Ashcombe, sent to Ashcombe
const WITHHELD = "SPD-AAAA-AAB2"; // agreed to share with nobody, sent to Ashcombe
const MOVED = "SPD-AAAA-AACY"; // agreed to share with Ashcombe, re-routed by staff to Brookfield

const residentDetails = [RESIDENT.name, RESIDENT.email, RESIDENT.phone, "Dorothy"];
const staffOnly = [
  STAFF_REASON,
  REROUTE_REASON,
  "07700 900456",
  STAFF_NOTE,
  STAFF_NOTE_VIA_FORM,
  OFFICER,
  STAFF_LOGIN,
  "district.example",
];

const store = new MemoryCaseStore();
const queued: DispatchJob[] = [];
const queue = { send: async (job: DispatchJob) => void queued.push(job) };
const clock = { now: () => new Date() };
const actions = createStaffActions({ caseStore: store, clock, ids: systemIds, queue });
const deliveryEvents = createRecordDeliveryEvent({
  caseStore: store,
  clock,
  queue,
  councils: testCouncils(),
  digestContents: { referencesOf: async () => [] },
});

const aCase = (reference: string, destination: Destination, sharedWith: string[]): Case =>
  speedingCase(reference, destination, "2026-11-20T09:00:00.000Z", {
    location: { lat: 54.5, lng: 2.3, postcode: "ZX1 5ZB" },
    description: "A van speeds past the school every morning",
    reporter: { ...RESIDENT, shareWithParish: sharedWith.length > 0, sharedWith },
    routing: { ruleId: "parish-speedwatch", requested: "parish", area: ASHCOMBE, reason: "in the parish" },
    recipient: `clerk@${destination.name.toLowerCase()}.example.org`,
    acknowledgedAt: "2026-11-20T09:00:05.000Z",
  });

async function withHistory(reference: string): Promise<void> {
  const at = new Date("2026-11-20T09:00:00Z");
  await store.appendEvents(reference, [
    event(at, "submitted", "Report received"),
    event(at, "sent", "Emailed to the parish council", { recipient: "clerk@ashcombe.example.org" }),
    event(at, "acknowledged", "Acknowledgement emailed to the resident", { messageId: "ack-1" }),
    // Recorded before acknowledgements had their own tag: the resident's address in the summary.
    event(at, "delivered", `Delivered to ${RESIDENT.email}`, { recipients: RESIDENT.email }),
    event(at, "bounced", `Marked as spam by ${RESIDENT.email}`, { recipients: RESIDENT.email }),
  ]);
  for (const kind of ["delivered", "bounced", "complained"] as const) {
    await deliveryEvents({
      reference,
      kind,
      recipients: [RESIDENT.email],
      messageId: "ack-1",
      messageKind: "acknowledgement",
      ...(kind === "bounced" ? { detail: "Transient/MailboxFull" } : {}),
    });
  }
  await deliveryEvents({
    reference,
    kind: "delivered",
    recipients: ["clerk@ashcombe.example.org"],
    messageId: "report-1",
    messageKind: "report",
  });
  await actions.changeStatus(reference, "in-progress", STAFF_REASON, OFFICER);
  await actions.addNote(reference, STAFF_NOTE, OFFICER, crypto.randomUUID());
  await actions.changeStatus(reference, "closed", PARISH_REASON, OFFICER, { visibleToParish: true });
  await actions.addNote(reference, PARISH_NOTE, OFFICER, crypto.randomUUID(), { visibleToParish: true });
}

const caseLog = caseLogUnderTest(
  [
    ...staffAndClerk(ASHCOMBE.code, { staff: STAFF_LOGIN, clerk: "clerk@ashcombe.example.org" }),
    {
      email: "clerk@brookfield.example.org",
      password: "clerk-password",
      groups: ["clerk"],
      parish: BROOKFIELD.code,
    },
  ],
  () => ({
    caseStore: store,
    actions,
    clock,
    geography: async () => ({ bodies: new Map(), areas: [DISTRICT, ASHCOMBE, BROOKFIELD] }),
  }),
);

beforeAll(async () => {
  await store.create(aCase(SHARED, ASHCOMBE, [ASHCOMBE.code]), []);
  await store.create(aCase(WITHHELD, ASHCOMBE, []), []);
  await store.create(aCase(MOVED, ASHCOMBE, [ASHCOMBE.code]), []);
  for (const reference of [SHARED, WITHHELD, MOVED]) await withHistory(reference);
  await actions.reroute(MOVED, BROOKFIELD, REROUTE_REASON, OFFICER);

  // A staff note through the form, not marked for the parish.
  const staff = await signIn(STAFF_LOGIN, "staff-password");
  for (const reference of [SHARED, WITHHELD, MOVED]) {
    const response = await call({
      method: "POST",
      path: `/staff/cases/${reference}/notes`,
      cookies: staff.cookies,
      form: { _csrf: staff.csrf, _key: crypto.randomUUID(), note: STAFF_NOTE_VIA_FORM },
    });
    expect(response.statusCode).toBe(303);
  }
});

const { call, mustSignIn: signIn } = caseLog;

/** Everything a person gets from the case log about these cases, as one text. */
async function everythingFor(cookies: Record<string, string>, references: string[]) {
  const pages = await Promise.all(references.map((r) => call({ path: `/staff/cases/${r}`, cookies })));
  const list = await call({ path: "/staff/cases", cookies });
  const csv = await call({ path: "/staff/cases.csv", cookies });
  const counts = await call({ path: "/staff/cases/counts.json", cookies });
  return {
    pages,
    list,
    csv,
    counts,
    all: [...pages, list, csv, counts].map((r) => `${JSON.stringify(r.headers)}\n${r.body ?? ""}`).join("\n"),
  };
}

const decoded = (html: string) =>
  html
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<");

function expectNone(text: string, withheld: string[]) {
  const plain = decoded(text);
  for (const value of withheld) expect(plain, value).not.toContain(value);
}

describe("district staff", () => {
  it("see everything: the resident, reasons, notes, officers and where the acknowledgement went", async () => {
    const { cookies } = await signIn(STAFF_LOGIN, "staff-password");
    const { pages, counts, csv } = await everythingFor(cookies, [SHARED, WITHHELD, MOVED]);
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      const body = decoded(page.body ?? "");
      for (const value of [...residentDetails, STAFF_REASON, STAFF_NOTE, STAFF_NOTE_VIA_FORM, OFFICER])
        expect(body).toContain(value);
      // The note this person wrote through the form is theirs: "You".
      expect(body).toContain(`Note: ${STAFF_NOTE_VIA_FORM}`);
      expect(body).toMatch(/>You, <time/);
      expect(body).toContain("Show this to the parish council");
    }
    expect(decoded(pages[0]?.body ?? "")).toContain(
      "Agreed to share their details with Ashcombe Parish Council",
    );
    expect(decoded(pages[1]?.body ?? "")).toContain(
      "Did not agree to share their details with a parish council",
    );
    expect(decoded(pages[2]?.body ?? "")).toContain(`Re-routed by staff: ${REROUTE_REASON}`);
    expect(counts.statusCode).toBe(200);
    // Even staff's export holds no contact details: it is for counting, not contacting.
    expectNone(csv.body ?? "", [RESIDENT.name, RESIDENT.email, RESIDENT.phone]);
  });

  it("are told on the re-route form who gets the resident's details", async () => {
    const { cookies } = await signIn(STAFF_LOGIN, "staff-password");
    const body = decoded((await call({ path: `/staff/cases/${WITHHELD}`, cookies })).body ?? "");
    expect(body).toContain(
      "A parish council gets it without the resident's contact details unless the resident agreed to share them with that council.",
    );
    const moved = decoded((await call({ path: `/staff/cases/${MOVED}`, cookies })).body ?? "");
    expect(moved).toContain("Ashcombe Parish Council (the resident agreed to share their details with it)");
  });
});

describe("the clerk of the parish the resident agreed to share with", () => {
  it("sees the resident on that case only, and no staff reasons, notes or officers anywhere", async () => {
    const { cookies } = await signIn("clerk@ashcombe.example.org", "clerk-password");
    const { pages, list, csv, counts, all } = await everythingFor(cookies, [SHARED, WITHHELD, MOVED]);
    const [shared, withheld, moved] = pages;
    expect(shared?.statusCode).toBe(200);
    expect(decoded(shared?.body ?? "")).toContain(RESIDENT.email);
    expect(decoded(shared?.body ?? "")).toContain("Agreed to share their details with your council");
    expect(withheld?.statusCode).toBe(200);
    expectNone(withheld?.body ?? "", residentDetails);
    // After the re-route the case is Brookfield's: this clerk no longer sees it at all.
    expect(moved?.statusCode).toBe(404);
    expectNone(moved?.body ?? "", [MOVED]);
    expect(list.body).toContain(SHARED);
    expect(list.body).not.toContain(MOVED);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain(MOVED);
    expect(counts.statusCode).toBe(403);
    expectNone(all, staffOnly);
    expectNone(`${withheld?.body}${list.body}${csv.body}${counts.body}`, residentDetails);
  });

  it("sees what happened, and what staff marked for the parish", async () => {
    const { cookies } = await signIn("clerk@ashcombe.example.org", "clerk-password");
    const body = decoded((await call({ path: `/staff/cases/${WITHHELD}`, cookies })).body ?? "");
    expect(body).toContain("Status changed to In progress");
    expect(body).toContain(PARISH_REASON);
    expect(body).toContain(PARISH_NOTE);
    expect(body).toContain("Council staff");
    expect(body).toContain("Acknowledgement delivered");
    expect(body).toContain("Acknowledgement bounced");
    expect(body).toContain("Acknowledgement marked as spam");
    expect(body).toContain("Email delivered");
    expect(body).toContain("Email marked as spam");
    expect(body).toContain("Report email delivered");
    expect(body).not.toContain("Show this to the parish council");
  });
});

describe("the clerk a case was re-routed to, without the resident's agreement", () => {
  it("sees the case without the resident's details or anything of the district's", async () => {
    const { cookies } = await signIn("clerk@brookfield.example.org", "clerk-password");
    const { pages, list, all } = await everythingFor(cookies, [MOVED, SHARED, WITHHELD]);
    expect(pages.map((p) => p.statusCode)).toEqual([200, 404, 404]);
    expect(list.body).toContain(MOVED);
    expectNone(all, [...residentDetails, ...staffOnly, "clerk@ashcombe.example.org"]);
    const moved = decoded(pages[0]?.body ?? "");
    expect(moved).toContain(
      "Re-routed from Ashcombe Parish Council to Brookfield Parish Council, without the resident's contact details",
    );
    // Told that staff re-routed it, not why.
    expect(moved).toContain("Re-routed by district council staff");
  });
});
