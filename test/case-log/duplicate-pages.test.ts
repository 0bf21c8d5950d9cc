import { beforeAll, describe, expect, it } from "vitest";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Case } from "#core/case/case.js";
import { newReference } from "#core/case/reference.js";
import { createMarkPossibleDuplicates } from "#core/use-cases/possible-duplicates.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { caseLogUnderTest, speedingCase, staffAndClerk } from "../helpers/case-log-harness.js";
import { oneCouncil } from "../helpers/councils.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";

// Possible duplicates on the case page: everyone who can see the case sees the marks; district
// staff can unlink a pair or link a case by reference, clerks cannot. Through the case log's
// handler, signed in with the local identity provider, so routes, CSRF and roles are the real ones.

const PARISH = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const DISTRICT = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };
const [FIRST, SECOND, THIRD, LONE] = [0, 1, 2, 3].map((i) => newReference("SPD", () => i)) as [
  string,
  string,
  string,
  string,
];

const store = new MemoryCaseStore();
const clock = { now: () => new Date() };

const aCase = (reference: string, minutesAgo: number, lat = 54.5): Case =>
  speedingCase(reference, PARISH, new Date(Date.now() - minutesAgo * 60_000).toISOString(), {
    location: { lat, lng: 2.3 },
  });

const { call, signIn } = caseLogUnderTest(staffAndClerk(PARISH.code), () => ({
  caseStore: store,
  actions: createStaffActions({ caseStore: store, clock, ids: systemIds }),
  clock,
  geography: async () => ({ bodies: new Map(), areas: [DISTRICT, PARISH] }),
}));

beforeAll(async () => {
  // Two reports of the same place an hour apart, marked by the finder as dispatch would; a third
  // across the parish, marked by nothing.
  await store.create(aCase(FIRST, 60), []);
  await store.create(aCase(SECOND, 0), []);
  await store.create(aCase(THIRD, 30, 54.6), []);
  await store.create(aCase(LONE, 10, 54.7), []);
  const mark = createMarkPossibleDuplicates({ caseStore: store, clock, councils: oneCouncil });
  expect(await mark((await store.get(SECOND)) as Case)).toEqual([FIRST]);
});

const section = (body = "") => /<section id="possible-duplicates"[\s\S]*?<\/section>/.exec(body)?.[0] ?? "";
const marks = async (reference: string) => (await store.get(reference))?.possibleDuplicates ?? [];

describe("possible duplicates on the case page", () => {
  it("shows a clerk the mark, with a link to the other case, and no way to change it", async () => {
    const { cookies, csrf } = await signIn("clerk@example.org", "clerk-password");
    const shown = section((await call({ path: `/staff/cases/${SECOND}`, cookies })).body);
    expect(shown).toContain(
      `Possible duplicate of <a class="govuk-link" href="/staff/cases/${FIRST}">${FIRST}</a>`,
    );
    expect(shown).not.toContain("<form");
    // Posting anyway is refused, and changes nothing.
    const refused = await call({
      method: "POST",
      path: `/staff/cases/${SECOND}/duplicates/unlink`,
      cookies,
      form: { _csrf: csrf, duplicateOf: FIRST },
    });
    expect(refused.statusCode).toBe(403);
    expect(await marks(SECOND)).toEqual([FIRST]);
  });

  it("lets staff unlink a pair, on both sides, and link another by reference", async () => {
    const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
    const page = section((await call({ path: `/staff/cases/${SECOND}`, cookies })).body);
    expect(page).toContain(`action="/staff/cases/${SECOND}/duplicates/unlink"`);
    expect(page).toContain(`action="/staff/cases/${SECOND}/duplicates/link"`);

    for (let i = 0; i < 2; i++) {
      const unlinked = await call({
        method: "POST",
        path: `/staff/cases/${SECOND}/duplicates/unlink`,
        cookies,
        form: { _csrf: csrf, duplicateOf: FIRST },
      });
      expect(unlinked.statusCode).toBe(303);
      expect(unlinked.headers?.location).toBe(`/staff/cases/${SECOND}?done=unlinked`);
    }
    expect(await marks(SECOND)).toEqual([]);
    expect(await marks(FIRST)).toEqual([]);
    const timeline = (await store.timeline(FIRST)).filter((e) => e.type === "duplicate-unlinked");
    expect(timeline).toHaveLength(1);
    expect(timeline[0]?.actor).toBe("staff@example.org");

    const linked = await call({
      method: "POST",
      path: `/staff/cases/${SECOND}/duplicates/link`,
      cookies,
      form: { _csrf: csrf, duplicateOf: THIRD.toLowerCase() },
    });
    expect(linked.statusCode).toBe(303);
    expect(await marks(SECOND)).toEqual([THIRD]);
    expect(await marks(THIRD)).toEqual([SECOND]);
    expect(section((await call({ path: `/staff/cases/${THIRD}`, cookies })).body)).toContain(
      `Possible duplicate of <a class="govuk-link" href="/staff/cases/${SECOND}">${SECOND}</a>`,
    );
  });

  it("shows the case page again with the message for a reference that is wrong", async () => {
    const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
    const response = await call({
      method: "POST",
      path: `/staff/cases/${LONE}/duplicates/link`,
      cookies,
      form: { _csrf: csrf, duplicateOf: "SPD-NOPE" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('href="#duplicateOf"');
    expect(response.body).toContain("Enter a case reference, like SPD-7K3Q-9XW2");
    expect(response.body).toContain('value="SPD-NOPE"');
    expect(await marks(LONE)).toEqual([]);
  });

  it("refuses a link without the CSRF token", async () => {
    const { cookies } = await signIn("staff@example.org", "staff-password");
    const response = await call({
      method: "POST",
      path: `/staff/cases/${LONE}/duplicates/link`,
      cookies,
      form: { duplicateOf: FIRST },
    });
    expect(response.statusCode).toBe(403);
    expect(await marks(LONE)).toEqual([]);
  });
});
