import { beforeEach, describe, expect, it } from "vitest";
import { systemIds } from "#adapters/system/system-ids.js";
import { UpstreamError } from "#core/errors.js";
import type { ClerkBounce } from "#core/ports/clerk-bounces.js";
import type { CachedContact } from "#core/ports/contact-cache.js";
import {
  type ClerkOverride,
  type DirectoryOverrides,
  type OverrideChange,
  OverrideConflictError,
} from "#core/ports/directory-overrides.js";
import type { ParishRef } from "#core/ports/directory.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { type CaseLogCall, caseLogUnderTest, staffAndClerk } from "../helpers/case-log-harness.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";

// The clerk directory through the case log's handler, signed in with the local identity provider,
// so routes, CSRF and roles are the real ones; the directory's stores are in memory.

const DISTRICT = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };
const parish = (code: string, name: string) => ({ kind: "parish" as const, code, name });
const ASHCOMBE = parish("E04999001", "Ashcombe");
const BROOKFIELD = parish("E04999002", "Brookfield");
const COLDHARBOUR = parish("E04999003", "Coldharbour");
const DENHOLM = parish("E04999004", "Denholm");
const EASTLEY = parish("E04999005", "Eastley");

/** The directory's stores in memory, as the DynamoDB adapters behave. */
class MemoryOverrides implements DirectoryOverrides {
  readonly current = new Map<string, ClerkOverride>();
  readonly changes: OverrideChange[] = [];
  readonly versions = new Map<string, number>();
  async get(code: string) {
    return this.current.get(code);
  }
  async list() {
    return new Map(this.current);
  }
  /** As DynamoDB does it: a change made against a version that is no longer current is refused. */
  #bump(code: string, expected: number | undefined, strict: boolean) {
    if ((strict || expected !== undefined) && this.current.get(code)?.version !== expected)
      throw new OverrideConflictError(`changed: ${code}`);
    const version = (this.versions.get(code) ?? 0) + 1;
    this.versions.set(code, version);
    return version;
  }
  async set(override: ClerkOverride, expected?: number) {
    const before = this.current.get(override.parishCode);
    const version = this.#bump(override.parishCode, expected, true);
    const values = (o: ClerkOverride) => ({
      councilName: o.councilName,
      email: o.email,
      ...(o.clerkName ? { clerkName: o.clerkName } : {}),
      ...(o.phone ? { phone: o.phone } : {}),
    });
    this.changes.push({
      parishCode: override.parishCode,
      action: "set",
      actor: override.setBy,
      at: override.setAt,
      reason: override.reason,
      ...(before ? { before: values(before) } : {}),
      after: values(override),
    });
    this.current.set(override.parishCode, { ...override, version });
  }
  async remove(code: string, change: { actor: string; at: string; reason: string }, expected?: number) {
    const before = this.current.get(code);
    if (!before) return false;
    this.#bump(code, expected, false);
    this.changes.push({
      parishCode: code,
      action: "removed",
      ...change,
      before: { councilName: before.councilName, email: before.email },
    });
    this.current.delete(code);
    return true;
  }
  async history(code: string) {
    return this.changes.filter((c) => c.parishCode === code).reverse();
  }
}

const contacts = new Map<string, CachedContact>();
const bounces = new Map<string, ClerkBounce>();
let overrides = new MemoryOverrides();
let refresh: (parish: ParishRef) => Promise<CachedContact>;
let now = new Date("2026-12-03T14:05:00.000Z");
const store = new MemoryCaseStore();
const clock = { now: () => now };

const caseLog = caseLogUnderTest(staffAndClerk(ASHCOMBE.code), () => ({
  caseStore: store,
  actions: createStaffActions({ caseStore: store, clock, ids: systemIds }),
  directory: {
    contacts: { list: async () => new Map(contacts) },
    overrides: {
      get: (code) => overrides.get(code),
      list: () => overrides.list(),
      set: (o, v) => overrides.set(o, v),
      remove: (code, change, v) => overrides.remove(code, change, v),
      history: (code) => overrides.history(code),
    },
    bounces: { list: async () => new Map(bounces) },
    refresh: (p) => refresh(p),
  },
  clock,
  geography: async () => ({
    bodies: new Map(),
    areas: [DISTRICT, EASTLEY, ASHCOMBE, BROOKFIELD, COLDHARBOUR, DENHOLM],
  }),
}));

beforeEach(() => {
  contacts.clear();
  bounces.clear();
  overrides = new MemoryOverrides();
  refresh = async () => {
    throw new Error("not expected");
  };
  contacts.set(ASHCOMBE.code, {
    fetchedAt: "2026-12-01T09:30:00.000Z",
    lookup: {
      contact: {
        councilName: "Ashcombe Parish Council",
        clerkName: "Jo Clerk",
        email: "clerk@ashcombe-pc.example.org",
        otherEmails: ["chair@ashcombe-pc.example.org"],
        source: "https://democracy.example.gov.uk/mgWebService.asmx/GetParishCouncils",
        via: "web-service",
        match: { title: "Ashcombe Parish Council", confidence: 1, how: "exact" },
      },
      problems: [{ code: "several-addresses", message: "The field held 2 addresses: the first was used" }],
    },
  });
  contacts.set(BROOKFIELD.code, {
    fetchedAt: "2026-07-01T08:00:00.000Z",
    lookup: {
      contact: {
        councilName: "Brookfield & District Parish Council",
        email: "brookfield.clerk@parish.example",
        source: "https://democracy.example.gov.uk/mgParishCouncilDetails.aspx?ID=12",
        via: "details-page",
        match: { title: "Brookfield & District Parish Council", confidence: 0.9, how: "spelling" },
      },
      problems: [],
    },
  });
  contacts.set(COLDHARBOUR.code, {
    fetchedAt: "2026-12-02T10:00:00.000Z",
    lookup: {
      problems: [
        {
          code: "page-chrome",
          message: "democratic.services@district.example appears on every parish page",
        },
      ],
    },
  });
  contacts.set(EASTLEY.code, {
    fetchedAt: "2026-12-02T10:00:00.000Z",
    lookup: {
      contact: {
        councilName: "Eastley Town Council",
        email: "clerk@eastley.example",
        source: "https://democracy.example.gov.uk/mgWebService.asmx",
        via: "web-service-soap",
      },
      problems: [],
    },
  });
});

/** A path may carry its query, as a link on the page does. */
const call = (request: CaseLogCall) => {
  const [path = "", query = ""] = request.path.split("?");
  return caseLog.call({ ...request, path, query });
};

async function signIn(email: string, password: string) {
  const { csrf, cookies } = await caseLog.signIn(email, password);
  return {
    cookies,
    get: (path: string) => call({ path, cookies }),
    post: (path: string, form: Record<string, string>) =>
      call({ method: "POST", path, cookies, form: { _csrf: csrf, ...form } }),
  };
}
const staff = () => signIn("staff@example.org", "staff-password");
const clerk = () => signIn("clerk@example.org", "clerk-password");

/** One parish's row of the directory table. */
const rowOf = (body = "", code: string) =>
  new RegExp(`<tr class="govuk-table__row" id="parish-${code}">[\\s\\S]*?</tr>`).exec(body)?.[0] ?? "";
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const VALID = {
  email: "new.clerk@ashcombe.example",
  councilName: "Ashcombe Parish Council",
  clerkName: "Pat Clerk",
  phone: "01632 960 001",
  reason: "The clerk emailed us their new address",
};

describe("the clerk directory list", () => {
  it("lists every parish with its contact, source, fetch time, match and problems", async () => {
    const page = await (await staff()).get("/staff/directory");
    expect(page.statusCode).toBe(200);
    const body = page.body ?? "";
    const names = [...body.matchAll(/id="parish-(E\d{8})"/g)].map((m) => m[1]);
    expect(names).toEqual([ASHCOMBE, BROOKFIELD, COLDHARBOUR, DENHOLM, EASTLEY].map((p) => p.code));
    expect(body).not.toContain(DISTRICT.code);

    const ashcombe = rowOf(body, ASHCOMBE.code);
    expect(text(ashcombe)).toContain(
      "Ashcombe Parish Council clerk@ashcombe-pc.example.org also chair@ashcombe-pc.example.org Modern.Gov web service 1 December 2026 at 9:30am Exact",
    );
    expect(ashcombe).toContain('href="https://democracy.example.gov.uk/mgWebService.asmx/GetParishCouncils"');
    expect(text(ashcombe)).toContain("Several addresses");
    // British Summer Time in July: 8:00 UTC is 9:00 in London.
    expect(text(rowOf(body, BROOKFIELD.code))).toContain(
      "Modern.Gov parish page 1 July 2026 at 9:00am Close (0.9)",
    );
    expect(text(rowOf(body, EASTLEY.code))).toContain("Modern.Gov web service (SOAP)");
    expect(text(rowOf(body, COLDHARBOUR.code))).toContain(
      "Page chrome democratic.services@district.example appears on every parish page",
    );
    // No contact found, but checked: when, so staff can tell a fresh "None found" from a stale one.
    expect(text(rowOf(body, COLDHARBOUR.code))).toContain("None found None None 2 December 2026 at 10:00am");
    expect(text(body)).toContain("Last checked");
    expect(text(rowOf(body, DENHOLM.code))).toContain("Never looked up");
    expect(text(body)).toContain("2 parishes need attention (of 5)");
    expect(body).toContain('href="/staff/directory"');
  });

  it("shows when a parish with no contact was last checked, on its own page", async () => {
    const page = await (await staff()).get(`/staff/directory/${COLDHARBOUR.code}`);
    expect(page.statusCode).toBe(200);
    expect(text(page.body ?? "")).toContain("Last checked 2 December 2026 at 10:00am");
  });

  it("escapes what Modern.Gov said: a hostile council name, address and source", async () => {
    contacts.set(DENHOLM.code, {
      fetchedAt: "2026-12-02T10:00:00.000Z",
      lookup: {
        contact: {
          councilName: '<script>alert("name")</script> Parish Council',
          email: '"><img src=x onerror=alert(1)>@evil.example',
          otherEmails: ["<b>also</b>@evil.example"],
          source: 'javascript:alert("source")',
          via: "details-list",
        },
        problems: [{ code: "uncertain-match", message: "<i>matched</i> loosely" }],
      },
    });
    const body = (await (await staff()).get("/staff/directory")).body ?? "";
    const row = rowOf(body, DENHOLM.code);
    expect(row).toContain("&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; Parish Council");
    expect(row).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;@evil.example");
    expect(row).toContain("&lt;b&gt;also&lt;/b&gt;@evil.example");
    expect(row).toContain("&lt;i&gt;matched&lt;/i&gt; loosely");
    expect(row).not.toMatch(/<script|<img|<b>|<i>|href="javascript/);
    // A source that is not a web address is shown as words, never as a link.
    expect(row).toContain("Modern.Gov parish list page");
    const parishPage = (await (await staff()).get(`/staff/directory/${DENHOLM.code}`)).body ?? "";
    expect(parishPage).not.toMatch(/<script>alert|<img src=x|href="javascript/);
  });

  it("shows a recent bounce of the address in use, with when and which address", async () => {
    bounces.set(ASHCOMBE.code, {
      parishCode: ASHCOMBE.code,
      address: "clerk@ashcombe-pc.example.org",
      at: "2026-12-02T15:45:00.000Z",
      reference: "SPD-AAAA-AAA4",
    });
    // A bounce of an address no longer used is not a problem.
    bounces.set(EASTLEY.code, {
      parishCode: EASTLEY.code,
      address: "old@eastley.example",
      at: "2026-12-02T15:45:00.000Z",
      reference: "SPD-BBBB-BBB4",
    });
    const body = (await (await staff()).get("/staff/directory")).body ?? "";
    expect(text(rowOf(body, ASHCOMBE.code))).toContain(
      "Bounced Email to clerk@ashcombe-pc.example.org bounced permanently on 2 December 2026 at 3:45pm (case SPD-AAAA-AAA4)",
    );
    expect(text(rowOf(body, EASTLEY.code))).not.toContain("Bounced");
    expect(text(body)).toContain("3 parishes need attention");
  });
});

describe("a parish clerk", () => {
  it("cannot see the directory, a parish's entry, or post to it", async () => {
    const me = await clerk();
    for (const path of [
      "/staff/directory",
      `/staff/directory/${ASHCOMBE.code}`,
      `/staff/directory/${ASHCOMBE.code}/remove`,
    ])
      expect((await me.get(path)).statusCode, path).toBe(404);
    overrides.current.set(BROOKFIELD.code, {
      parishCode: BROOKFIELD.code,
      councilName: "Brookfield Parish Council",
      email: "kept@brookfield.example",
      reason: "r",
      setBy: "staff@example.org",
      setAt: "2026-12-01T00:00:00.000Z",
    });
    refresh = async () => {
      throw new Error("a clerk's refresh reached Modern.Gov");
    };
    expect((await me.post(`/staff/directory/${ASHCOMBE.code}/override`, VALID)).statusCode).toBe(404);
    expect(
      (await me.post(`/staff/directory/${BROOKFIELD.code}/remove`, { removeReason: "mine now" })).statusCode,
    ).toBe(404);
    expect((await me.post(`/staff/directory/${ASHCOMBE.code}/refresh`, {})).statusCode).toBe(404);
    expect(overrides.current.has(ASHCOMBE.code)).toBe(false);
    expect(overrides.current.get(BROOKFIELD.code)?.email).toBe("kept@brookfield.example");
    expect(overrides.changes).toEqual([]);
    // Nor is the directory in their navigation.
    expect((await me.get("/staff/cases")).body).not.toContain("Clerk directory");
  });
});

describe("a parish's directory page", () => {
  it("refuses a signed-in post without the CSRF token", async () => {
    const me = await staff();
    const response = await call({
      method: "POST",
      path: `/staff/directory/${ASHCOMBE.code}/override`,
      cookies: me.cookies,
      form: VALID,
    });
    expect(response.statusCode).toBe(403);
    expect(overrides.changes).toEqual([]);
  });

  it("answers 404 for a parish not in the boundary data", async () => {
    const me = await staff();
    expect((await me.get("/staff/directory/E04000000")).statusCode).toBe(404);
    expect((await me.get(`/staff/directory/${DISTRICT.code}`)).statusCode).toBe(404);
    expect((await me.post("/staff/directory/E04000000/override", VALID)).statusCode).toBe(404);
  });

  it("shows a GOV.UK error summary for bad input, keeps what was typed, and saves nothing", async () => {
    const me = await staff();
    const response = await me.post(`/staff/directory/${ASHCOMBE.code}/override`, {
      email: "not-an-address",
      clerkName: "<Pat>",
      phone: "call me",
      reason: " ",
    });
    expect(response.statusCode).toBe(400);
    const body = response.body ?? "";
    expect(body).toContain("<title>Error: Ashcombe: clerk directory");
    const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(body)?.[0] ?? "";
    expect([...summary.matchAll(/href="#([a-zA-Z]+)"/g)].map((m) => m[1])).toEqual([
      "email",
      "phone",
      "reason",
    ]);
    expect(summary).toContain("Enter an email address in the correct format, like clerk@parish.example");
    expect(summary).toContain("Enter why you are setting this contact");
    expect(body).toContain('value="not-an-address"');
    expect(body).toContain('value="&lt;Pat&gt;"');
    expect(overrides.changes).toEqual([]);

    const empty = await me.post(`/staff/directory/${ASHCOMBE.code}/override`, { reason: "x" });
    expect(empty.body).toContain("Enter the clerk’s email address");
  });

  it("sets an override that the list shows as the contact, audited with who, when and why", async () => {
    const me = await staff();
    const saved = await me.post(`/staff/directory/${ASHCOMBE.code}/override`, VALID);
    expect(saved.statusCode).toBe(303);
    expect(saved.headers?.location).toBe(`/staff/directory/${ASHCOMBE.code}?done=set`);
    expect(overrides.current.get(ASHCOMBE.code)).toEqual({
      parishCode: ASHCOMBE.code,
      councilName: "Ashcombe Parish Council",
      email: "new.clerk@ashcombe.example",
      clerkName: "Pat Clerk",
      phone: "01632 960 001",
      reason: "The clerk emailed us their new address",
      setBy: "staff@example.org",
      setAt: now.toISOString(),
      version: 1,
    });
    const after = (await me.get(saved.headers?.location as string)).body ?? "";
    expect(after).toContain("govuk-notification-banner--success");
    // Not "from now on": sending functions keep what they read for a few minutes.
    expect(text(after)).toContain(
      "Override saved. Reports to this parish will go to it within a few minutes.",
    );
    expect(after).toContain('name="version" value="1"');
    expect(text(after)).toContain("Modern.Gov last gave clerk@ashcombe-pc.example.org");
    const history = /<table class="govuk-table" id="history">[\s\S]*?<\/table>/.exec(after)?.[0] ?? "";
    expect(text(history)).toContain(
      "3 December 2026 at 2:05pm staff@example.org Set Council: Ashcombe Parish Council Email: new.clerk@ashcombe.example Clerk: Pat Clerk Phone: 01632 960 001 The clerk emailed us their new address",
    );

    const list = (await me.get("/staff/directory")).body ?? "";
    expect(text(rowOf(list, ASHCOMBE.code))).toContain(
      "Ashcombe Parish Council new.clerk@ashcombe.example Override set by staff 3 December 2026 at 2:05pm Not needed None",
    );

    // A change is recorded against what it replaced, and the history is newest first.
    now = new Date("2026-12-03T15:00:00.000Z");
    await me.post(`/staff/directory/${ASHCOMBE.code}/override`, {
      ...VALID,
      version: "1",
      email: "clerk2@ashcombe.example",
      reason: "Typo",
    });
    const changed = (await me.get(`/staff/directory/${ASHCOMBE.code}`)).body ?? "";
    const rows = [...changed.matchAll(/<tr class="govuk-table__row">\s*<td[\s\S]*?<\/tr>/g)].map((m) =>
      text(m[0]),
    );
    expect(rows[0]).toBe(
      "3 December 2026 at 3:00pm staff@example.org Changed Email: new.clerk@ashcombe.example → clerk2@ashcombe.example Typo",
    );
    expect(rows[1]).toContain("3 December 2026 at 2:05pm staff@example.org Set");
  });

  it("refuses a change made against an override someone else changed, keeping what was typed", async () => {
    const me = await staff();
    // Two staff opened the page when Ashcombe had no override; the first saves.
    await me.post(`/staff/directory/${ASHCOMBE.code}/override`, { ...VALID, version: "" });
    const late = await me.post(`/staff/directory/${ASHCOMBE.code}/override`, {
      ...VALID,
      version: "",
      email: "late@ashcombe.example",
      reason: "Late edit",
    });
    expect(late.statusCode).toBe(409);
    const body = late.body ?? "";
    expect(body).toContain("govuk-error-summary");
    expect(body).toContain('href="#override-form"');
    expect(text(body)).toContain("Someone else changed this override while you were looking at it");
    expect(body).toContain('value="late@ashcombe.example"');
    // The form now carries the current version, so saving again is a deliberate change.
    expect(body).toContain('name="version" value="1"');
    expect(overrides.current.get(ASHCOMBE.code)?.email).toBe("new.clerk@ashcombe.example");
    expect(overrides.changes).toHaveLength(1);

    // A removal confirmed against version 1 after another change (version 2) is refused too.
    await me.post(`/staff/directory/${ASHCOMBE.code}/override`, { ...VALID, version: "1", reason: "Again" });
    const remove = await me.post(`/staff/directory/${ASHCOMBE.code}/remove`, {
      version: "1",
      removeReason: "Stale",
    });
    expect(remove.statusCode).toBe(409);
    expect(text(remove.body ?? "")).toContain("Someone else changed this override");
    expect(overrides.current.has(ASHCOMBE.code)).toBe(true);
  });

  it("removes an override after a confirmation with a reason, and audits it", async () => {
    const me = await staff();
    expect((await me.get(`/staff/directory/${ASHCOMBE.code}/remove`)).statusCode).toBe(303);
    await me.post(`/staff/directory/${ASHCOMBE.code}/override`, VALID);
    const confirm = await me.get(`/staff/directory/${ASHCOMBE.code}/remove`);
    expect(text(confirm.body ?? "")).toContain("Remove the override for Ashcombe?");
    const missing = await me.post(`/staff/directory/${ASHCOMBE.code}/remove`, { removeReason: "" });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('href="#removeReason"');
    expect(overrides.current.has(ASHCOMBE.code)).toBe(true);

    expect(confirm.body).toContain('name="version" value="1"');
    const removed = await me.post(`/staff/directory/${ASHCOMBE.code}/remove`, {
      version: "1",
      removeReason: "Modern.Gov has the new address now",
    });
    expect(removed.headers?.location).toBe(`/staff/directory/${ASHCOMBE.code}?done=removed`);
    expect(overrides.current.has(ASHCOMBE.code)).toBe(false);
    expect(overrides.changes.at(-1)).toMatchObject({
      action: "removed",
      actor: "staff@example.org",
      reason: "Modern.Gov has the new address now",
      before: { email: "new.clerk@ashcombe.example" },
    });
    const page = text((await me.get(removed.headers?.location as string)).body ?? "");
    expect(page).toContain("Override removed.");
    expect(page).toContain(
      "Removed Removed the override (it was new.clerk@ashcombe.example) Modern.Gov has the new address now",
    );
  });

  it("refreshes a parish now, and says so plainly when Modern.Gov cannot be reached", async () => {
    const me = await staff();
    const asked: ParishRef[] = [];
    refresh = async (p) => {
      asked.push(p);
      const entry: CachedContact = {
        fetchedAt: now.toISOString(),
        lookup: {
          contact: {
            councilName: "Denholm Parish Council",
            email: "clerk@denholm.example",
            source: "https://democracy.example.gov.uk/mgParishCouncilDetailsList.aspx",
            via: "details-list",
          },
          problems: [],
        },
      };
      contacts.set(p.code, entry);
      return entry;
    };
    const done = await me.post(`/staff/directory/${DENHOLM.code}/refresh`, {});
    expect(done.headers?.location).toBe(`/staff/directory/${DENHOLM.code}?done=refreshed`);
    expect(asked).toEqual([{ code: DENHOLM.code, name: "Denholm" }]);
    const page = text((await me.get(done.headers?.location as string)).body ?? "");
    expect(page).toContain("Looked up in Modern.Gov again.");
    expect(page).toContain("Modern.Gov parish list page");

    refresh = async () => {
      throw new UpstreamError("moderngov", "connect ECONNREFUSED");
    };
    const failed = await me.post(`/staff/directory/${ASHCOMBE.code}/refresh`, {});
    expect(failed.statusCode).toBe(503);
    expect(failed.body).toContain("govuk-error-summary");
    expect(failed.body).toContain('href="#refresh"');
    expect(text(failed.body ?? "")).toContain("Modern.Gov could not be reached, so nothing was changed.");
    expect(failed.body).not.toContain("ECONNREFUSED");
    // The contact last found is still shown.
    expect(text(failed.body ?? "")).toContain("clerk@ashcombe-pc.example.org");
  });
});
