import { beforeAll, describe, expect, it } from "vitest";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Case } from "#core/case/case.js";
import { newReference } from "#core/case/reference.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { caseLogUnderTest, speedingCase, staffAndClerk } from "../helpers/case-log-harness.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";
import { MemoryPublicUpdates } from "../helpers/memory-public-updates.js";

// The status form's public update, through the case log's handler signed in with the local
// identity provider: staff write what the public are told apart from the internal reason, choose
// from the public statuses that fit the statuses the case can move to (in words; one that does not
// fit the status chosen is refused), get a GOV.UK error summary for bad input, and see the update
// on the timeline as public; so does the parish clerk.

const PARISH = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const DISTRICT = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };
const [FIRST, SECOND, THIRD, FOURTH] = [0, 1, 2, 3].map((i) => newReference("SPD", () => i)) as [
  string,
  string,
  string,
  string,
];

const store = new MemoryCaseStore();
const publicUpdates = new MemoryPublicUpdates();
const clock = { now: () => new Date() };

const aCase = (reference: string): Case =>
  speedingCase(reference, PARISH, new Date(Date.now() - 60_000).toISOString());

const { call, signIn } = caseLogUnderTest(staffAndClerk(PARISH.code), () => ({
  caseStore: store,
  actions: createStaffActions({ caseStore: store, clock, ids: systemIds, publicUpdates }),
  clock,
  geography: async () => ({ bodies: new Map(), areas: [DISTRICT, PARISH] }),
}));

beforeAll(async () => {
  for (const reference of [FIRST, SECOND, THIRD, FOURTH]) await store.create(aCase(reference), []);
});

const statusForm = (body = "") => /<form [^>]*id="change-status"[\s\S]*?<\/form>/.exec(body)?.[0] ?? "";
const timeline = (body = "") =>
  /<ol class="govuk-list[^"]*" id="timeline">[\s\S]*?<\/ol>/.exec(body)?.[0] ?? "";
const formKey = (body = "") =>
  /<input type="hidden" name="_key" value="([0-9a-f-]{36})">/.exec(statusForm(body))?.[1];
const radios = (form: string, name: string) =>
  [...form.matchAll(new RegExp(`name="${name}" type="radio" value="([^"]+)"`, "g"))].map((m) => m[1]);
const served = (reference: string) =>
  publicUpdates.updates.filter((u) => u.reference === reference).map((u) => [u.status, u.text]);

describe("the status form's public update", () => {
  it("offers a public update and, in words, only the public statuses that fit the statuses the case can move to", async () => {
    const { cookies } = await signIn("staff@example.org", "staff-password");
    const form = statusForm((await call({ path: `/staff/cases/${FIRST}`, cookies })).body);
    expect(form).toContain("Update for the public (optional)");
    expect(form).toContain("The new status is always shown on FixMyStreet; these words go with it");
    expect(form).toContain('name="publicUpdate"');
    expect(radios(form, "status")).toEqual(["in-progress", "closed"]);
    expect(radios(form, "publicStatus")).toEqual([
      "investigating",
      "in-progress",
      "action-scheduled",
      "fixed",
      "not-councils-responsibility",
      "duplicate",
      "no-further-action",
      "closed",
    ]);
    expect(form).toContain("What the public are told the status is");
    expect(form).toContain("Not the council&#39;s responsibility");
    expect(form).toContain("If you change the status to Closed");
    expect(form).toContain("If you choose none, they are told “In progress” or “Closed”");
    expect(form).not.toMatch(/NOT_COUNCILS|IN_PROGRESS|ACTION_SCHEDULED/);

    // A closed case can only go back to in progress: only those public statuses are offered.
    await store.changeStatus(FIRST, "new", "closed");
    const closed = statusForm((await call({ path: `/staff/cases/${FIRST}`, cookies })).body);
    expect(radios(closed, "publicStatus")).toEqual(["investigating", "in-progress", "action-scheduled"]);
    expect(closed).not.toContain("If you change the status to");
  });

  it("stores the public update apart from the reason and shows it on the timeline to staff and the clerk", async () => {
    const staff = await signIn("staff@example.org", "staff-password");
    const page = await call({ path: `/staff/cases/${SECOND}`, cookies: staff.cookies });
    const form = {
      _csrf: staff.csrf,
      _key: formKey(page.body) ?? "",
      status: "closed",
      reason: "Officer Jones fixed it",
      publicUpdate: "The <sign> was replaced",
      publicStatus: "fixed",
    };
    const posted = await call({
      method: "POST",
      path: `/staff/cases/${SECOND}/status`,
      cookies: staff.cookies,
      form,
    });
    expect(posted.statusCode).toBe(303);
    expect(served(SECOND)).toEqual([["fixed", "The <sign> was replaced"]]);

    // The same form again (a double click, a retry) stores nothing more.
    const again = await call({
      method: "POST",
      path: `/staff/cases/${SECOND}/status`,
      cookies: staff.cookies,
      form,
    });
    expect(again.statusCode).toBe(303);
    expect(served(SECOND)).toHaveLength(1);

    const staffTimeline = timeline(
      (await call({ path: `/staff/cases/${SECOND}`, cookies: staff.cookies })).body,
    );
    // Who told the public: the one reading it.
    expect(staffTimeline).toMatch(/Told the public “Fixed”[^<]*<\/span>\s*<span[^>]*>You, <time/);
    expect(staffTimeline).toContain("Told the public “Fixed”: The &lt;sign&gt; was replaced");
    expect(staffTimeline).toContain("Officer Jones fixed it");

    const clerk = await signIn("clerk@example.org", "clerk-password");
    const clerkTimeline = timeline(
      (await call({ path: `/staff/cases/${SECOND}`, cookies: clerk.cookies })).body,
    );
    expect(clerkTimeline).toContain("Told the public “Fixed”: The &lt;sign&gt; was replaced");
    expect(clerkTimeline).not.toContain("Officer Jones");
  });

  it("tells the public the status alone when the public update is left empty", async () => {
    const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
    const page = await call({ path: `/staff/cases/${THIRD}`, cookies });
    const posted = await call({
      method: "POST",
      path: `/staff/cases/${THIRD}/status`,
      cookies,
      form: {
        _csrf: csrf,
        _key: formKey(page.body) ?? "",
        status: "in-progress",
        reason: "Looking",
        publicUpdate: "",
      },
    });
    expect(posted.statusCode).toBe(303);
    expect(served(THIRD)).toEqual([["in-progress", ""]]);
    expect((await store.get(THIRD))?.status).toBe("in-progress");
  });

  it.each([
    [
      "a public status that does not fit",
      { publicStatus: "investigating", publicUpdate: "<b>Done</b>" },
      "publicStatus",
      "Choose what the public are told from those that fit the new status",
    ],
    ["text that is too long", { publicUpdate: "x".repeat(2001) }, "publicUpdate", "2000 characters or fewer"],
    [
      "a form without its key",
      { publicUpdate: "Done", _key: "" },
      "publicUpdate",
      "Reload the page and try again",
    ],
  ])(
    "shows the error summary for %s, keeps what was typed, and changes nothing",
    async (_, given, field, message) => {
      const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
      const page = await call({ path: `/staff/cases/${FOURTH}`, cookies });
      const response = await call({
        method: "POST",
        path: `/staff/cases/${FOURTH}/status`,
        cookies,
        form: { _csrf: csrf, _key: formKey(page.body) ?? "", status: "closed", reason: "Done", ...given },
      });
      expect(response.statusCode).toBe(400);
      const body = response.body ?? "";
      expect(body).toContain('<div class="govuk-error-summary"');
      expect(body).toContain(`href="#${field}"`);
      expect(body).toContain(message);
      // The summary's link lands on a field of the form.
      expect(statusForm(body)).toContain(`id="${field}"`);
      if (given.publicUpdate === "<b>Done</b>") {
        expect(body).toContain("&lt;b&gt;Done&lt;/b&gt;");
        expect(body).not.toContain("<b>Done</b>");
      }
      expect((await store.get(FOURTH))?.status).toBe("new");
      expect(served(FOURTH)).toEqual([]);
    },
  );
});
