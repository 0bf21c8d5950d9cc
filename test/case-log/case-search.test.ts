import { beforeAll, describe, expect, it } from "vitest";
import { type Case, destinationTarget } from "#core/case/case.js";
import { newReference } from "#core/case/reference.js";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { seededRandom } from "../helpers/dynalite-client.js";
import { useLocalStack } from "../helpers/local-stack.js";
import { StaffClient } from "../helpers/staff-client.js";

// The case list's search box on the local stack (gateway, dynalite, the identity provider): a
// reference opens the case for whoever may see it and is "not found" for anyone else; a postcode
// or road narrows the list with the other filters; what cannot be searched is said in the error
// summary. The CSV searches the same way.

let stack: LocalStack;
let base: string;
useLocalStack({}, (started) => {
  stack = started;
  base = stack.urls.api;
});

const random = seededRandom(18);
const ashcombe = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const marsh = { kind: "parish" as const, code: "E04999002", name: "St Aldhelm & Marsh" };
const district = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };

function aCase(
  destination: Case["destination"],
  location: Case["location"],
  overrides: Partial<Case> = {},
): Case {
  const createdAt = new Date(Date.UTC(2026, 10, 2, 9, Math.floor(random(60)))).toISOString();
  return {
    reference: newReference("SPD", random),
    service: "speeding",
    status: "new",
    delivery: "sent",
    createdAt,
    updatedAt: createdAt,
    answers: {},
    location,
    description: "Cars race past",
    destination,
    routing: { ruleId: "r", requested: destinationTarget(destination), area: destination, reason: "test" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

const mill = aCase(ashcombe, { lat: 54.5, lng: 2.3, postcode: "ZX1 5ZB", roadName: "Mill Lane" });
const millEast = aCase(
  marsh,
  { lat: 54.5, lng: 2.3, postcode: "ZX1 5QA", roadName: "Mill Lane East" },
  { status: "closed" },
);
const high = aCase(district, { lat: 54.5, lng: 2.3, postcode: "ZX10 1AB", roadName: "High Street" });
const nowhere = newReference("SPD", random);

let staff: StaffClient;
let clerk: StaffClient;
beforeAll(async () => {
  for (const c of [mill, millEast, high]) await stack.app.caseStore.create(c, []);
  staff = await new StaffClient(base).signIn(DEMO_STAFF_USERS[0]);
  clerk = await new StaffClient(base).signIn(DEMO_STAFF_USERS[1]);
});

const listed = (body: string) => [...body.matchAll(/>(SPD-[0-9A-Z]{4}-[0-9A-Z]{4})</g)].map((m) => m[1]);
const search = (who: StaffClient, q: string, more = "") =>
  who.request(`/staff/cases?q=${encodeURIComponent(q)}${more}`);

describe("searching by reference", () => {
  it.each([
    ["as printed", (r: string) => r],
    ["in lower case", (r: string) => r.toLowerCase()],
    ["with spaces for dashes", (r: string) => r.replace(/-/g, " ").toLowerCase()],
    ["run together", (r: string) => r.replace(/-/g, "")],
  ])("goes straight to the case when typed %s", async (_, typed) => {
    const { response } = await search(staff, typed(mill.reference));
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/staff/cases/${mill.reference}`);
  });

  it("opens a clerk's own parish's case, and says another parish's is not there, as for no case", async () => {
    const own = await search(clerk, mill.reference.toLowerCase());
    expect(own.response.headers.get("location")).toBe(`/staff/cases/${mill.reference}`);
    const other = await search(clerk, millEast.reference);
    const none = await search(clerk, nowhere);
    for (const [page, reference] of [
      [other, millEast.reference],
      [none, nowhere],
    ] as const) {
      expect(page.response.status).toBe(404);
      expect(page.body).toContain("There is a problem");
      expect(page.body).toContain(`No case with reference ${reference}`);
      expect(listed(page.body)).toEqual([]);
    }
    // The two answers differ only in the reference typed (and the page's script nonce).
    const same = (body: string, reference: string) =>
      body.replaceAll(reference, "REF").replace(/nonce="[^"]+"/g, 'nonce=""');
    expect(same(other.body, millEast.reference)).toBe(same(none.body, nowhere));
  });

  it("says when a reference is mistyped rather than searching roads for it", async () => {
    const last = mill.reference.at(-1) === "2" ? "3" : "2";
    const typo = `${mill.reference.slice(0, -1)}${last}`;
    const page = await search(staff, typo.toLowerCase());
    expect(page.response.status).toBe(400);
    expect(page.body).toContain(`${typo} is not a case reference`);
    expect(page.body).toContain('href="#q"');
  });
});

describe("searching by place", () => {
  it("finds a postcode sector and a district, in any case and spacing", async () => {
    expect(listed((await search(staff, "zx1   5")).body).sort()).toEqual(
      [mill.reference, millEast.reference].sort(),
    );
    expect(listed((await search(staff, "ZX10")).body)).toEqual([high.reference]);
    expect(listed((await search(staff, "zx15zb")).body)).toEqual([mill.reference]);
  });

  it("finds part of a road name, and narrows with the other filters", async () => {
    expect(listed((await search(staff, "MILL lane")).body).sort()).toEqual(
      [mill.reference, millEast.reference].sort(),
    );
    expect(listed((await search(staff, "mill lane", "&status=closed")).body)).toEqual([millEast.reference]);
    expect(listed((await search(staff, "mill lane", `&sentTo=${ashcombe.code}`)).body)).toEqual([
      mill.reference,
    ]);
    // A clerk's search stays inside their parish.
    expect(listed((await search(clerk, "mill lane")).body)).toEqual([mill.reference]);
  });

  it("keeps the search in the filter links and the CSV", async () => {
    const page = await search(staff, "Mill Lane");
    expect(page.body).toContain('value="Mill Lane"');
    expect(page.body).toMatch(/href="\/staff\/cases\.csv\?q=Mill\+Lane"/);
    const csv = await staff.request("/staff/cases.csv?q=Mill+Lane&status=closed");
    expect(csv.response.headers.get("content-disposition")).toBe(
      'attachment; filename="cases-closed-search-mill-lane.csv"',
    );
    expect(csv.body).toContain(millEast.reference);
    expect(csv.body).not.toContain(mill.reference);
    const one = await clerk.request(`/staff/cases.csv?q=${millEast.reference}`);
    expect(one.body).not.toContain(millEast.reference);
  });
});

describe("what cannot be searched", () => {
  it.each([
    ["too long", "x".repeat(61), "60 characters or fewer"],
    ["a control character", "mill\u0000lane", "letters, numbers, spaces and punctuation only"],
    ["a direction mark", "mill\u202elane", "letters, numbers, spaces and punctuation only"],
  ])("refuses %s in the error summary, listing nothing", async (_, q, message) => {
    const page = await search(staff, q);
    expect(page.response.status).toBe(400);
    expect(page.body).toContain(message);
    expect(page.body).toContain('href="#q"');
    expect(listed(page.body)).toEqual([]);
    expect((await staff.request(`/staff/cases.csv?q=${encodeURIComponent(q)}`)).response.status).toBe(400);
  });

  it("shows hostile text back escaped", async () => {
    const page = await search(staff, '<script>"x"</script>');
    expect(page.body).not.toContain('<script>"x"');
    expect(page.body).toContain("&lt;script&gt;");
  });
});
