import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBodies } from "#adapters/geodata/load-bodies.js";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import { systemIds } from "#adapters/system/system-ids.js";
import { type Case, type CaseStatus, type Destination, destinationTarget } from "#core/case/case.js";
import type { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { MAP_MAX_CASES } from "../../functions/http/case-log/district-map.js";
import {
  type LocalIdentityProvider,
  startLocalIdentityProvider,
} from "../../functions/local/identity-provider.js";
import {
  type CaseLogHandler,
  caseLogHandler,
  invoke,
  mustSignInTo,
  staffAndClerk,
} from "../helpers/case-log-harness.js";
import { demoDir, demoPostcodes } from "../helpers/demo-data.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";

// The district map under the case list, the case page's map and the Reports page, through the
// case log's handler with the demo district's boundaries: what staff and a clerk each see.

const HOUR = 3_600_000;
let idp: LocalIdentityProvider;
let handler: CaseLogHandler;
let boundaries: BoundaryIndex;
let ashcombe: Destination;
let district: Destination;
const store = new MemoryCaseStore();
// The reports default to the 12 weeks before this instant: a fixed one, so no test reads the clock.
const NOW = Date.parse("2026-11-26T12:00:00.000Z");
let now = NOW;
const clock = { now: () => new Date(now) };
/** How far the clock moves on during each list read: 0 but where a test makes the store slow. */
let readMs = 0;
const list = store.listCases.bind(store);
store.listCases = async (query) => {
  const found = await list(query);
  now += readMs;
  return found;
};
let staff: Record<string, string>;
let clerk: Record<string, string>;

beforeAll(async () => {
  boundaries = await loadBoundaryIndex(demoDir);
  const bodies = await loadBodies(demoDir);
  district = { kind: "district", ...boundaries.district };
  const first = boundaries.parishes[0]!;
  ashcombe = { kind: "parish", ...first };
  idp = await startLocalIdentityProvider({ users: staffAndClerk(ashcombe.code) });
  handler = caseLogHandler(idp, {
    caseStore: store,
    actions: createStaffActions({
      caseStore: store,
      clock,
      ids: systemIds,
      queue: { send: async () => undefined },
    }),
    clock,
    geography: async () => ({
      bodies,
      boundaries,
      areas: [district, ...boundaries.parishes.map((p) => ({ kind: "parish" as const, ...p }))],
    }),
    pageSize: 2,
  });

  // Two cases in Ashcombe (one closed), one unparished, one in another parish.
  const inAshcombe = demoPostcodes().find((p) => p.expected === ashcombe.code)!;
  const unparished = demoPostcodes().find((p) => p.expected === "unparished")!;
  const other = demoPostcodes().find((p) => p.expected.startsWith("E04") && p.expected !== ashcombe.code)!;
  const otherArea = {
    kind: "parish" as const,
    code: other.expected,
    name: boundaries.parishes.find((p) => p.code === other.expected)!.name,
  };
  await store.create(aCase("SPD-AAAA-AAA4", "2026-11-02T09:00:00.000Z", inAshcombe, ashcombe, "new"), []);
  await store.create(
    aCase("SPD-AAAA-AAB2", "2026-11-03T09:00:00.000Z", inAshcombe, ashcombe, "closed", {
      firstActionAt: new Date(Date.parse("2026-11-03T09:00:00.000Z") + 2 * HOUR).toISOString(),
      closedAt: new Date(Date.parse("2026-11-03T09:00:00.000Z") + 50 * HOUR).toISOString(),
    }),
    [],
  );
  await store.create(
    aCase("SPD-AAAA-AACY", "2026-11-10T09:00:00.000Z", unparished, district, "in-progress"),
    [],
  );
  await store.create(
    aCase("FRN-AAAA-AAD6", "2026-11-17T09:00:00.000Z", other, otherArea, "new", {
      service: "street-furniture",
    }),
    [],
  );

  staff = await signIn("staff@example.org", "staff-password");
  clerk = await signIn("clerk@example.org", "clerk-password");
});
afterAll(async () => {
  await idp?.close();
});

function aCase(
  reference: string,
  createdAt: string,
  at: { lat: number; lng: number },
  area: Destination,
  status: CaseStatus,
  extra: Partial<Case> = {},
): Case {
  return {
    reference,
    service: "speeding",
    status,
    delivery: "sent",
    createdAt,
    updatedAt: createdAt,
    answers: {},
    location: { lat: at.lat, lng: at.lng },
    description: "Speeding",
    destination: area,
    routing: { ruleId: "r", requested: destinationTarget(area), area, reason: "in the area" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...extra,
  };
}

const call = (
  path: string,
  query = "",
  cookies: Record<string, string> = {},
  form?: Record<string, string>,
) => invoke(handler, { method: form ? "POST" : "GET", path, query, cookies, ...(form ? { form } : {}) });
const signIn = async (email: string, password: string) =>
  (await mustSignInTo(handler, email, password)).cookies;

const between = (html: string, start: string, end: string) =>
  html.slice(html.indexOf(start), html.indexOf(end, html.indexOf(start)));
const marks = (html: string) => /<g class="cases">(.*?)<\/g>/.exec(html)?.[1] ?? "";
const countMarks = (html: string) => (marks(html).match(/<(circle|rect|path) /g) ?? []).length;
/** The cells of the row headed `label` in the table with this id. */
function rowOf(html: string, tableId: string, label: string): string[] {
  const table = between(html, `id="${tableId}"`, "</table>");
  const row = table.split("<tr").find((r) => r.includes(`>${label}</th>`)) ?? "";
  return [...row.matchAll(/<td[^>]*>\s*([^<]*?)\s*<\/td>/g)].map((m) => m[1] ?? "");
}

describe("the district map under the case list", () => {
  it("shows staff every case, by status, with a key and a table by parish", async () => {
    const response = await call("/staff/cases", "", staff);
    expect(response.statusCode).toBe(200);
    const html = response.body ?? "";
    // The search box and the list come first: an officer on a call does not scroll past the map.
    expect(html.indexOf('id="q"')).toBeGreaterThan(0);
    expect(html.indexOf('id="cases"')).toBeGreaterThan(html.indexOf('id="q"'));
    expect(html.indexOf('id="district-map"')).toBeGreaterThan(html.indexOf('id="cases"'));
    expect(html).toContain('id="district-map"');
    expect(html).toMatch(/<svg [^>]*role="img" aria-labelledby="district-map-title district-map-desc"/);
    expect(countMarks(html)).toBe(4);
    expect(marks(html).match(/<rect /g)).toHaveLength(1); // the one in progress
    expect(html).toContain("Showing all 4 cases that match.");
    expect(between(html, 'id="district-map-legend"', "</ul>")).toMatch(/New[\s\S]*In progress[\s\S]*Closed/);
    expect(rowOf(html, "cases-by-parish", ashcombe.name)).toEqual(["1", "0", "1", "2"]);
    expect(rowOf(html, "cases-by-parish", `Not in a parish (${district.name})`)).toEqual([
      "0",
      "1",
      "0",
      "1",
    ]);
    // Every parish is in the table, named or not on the map.
    for (const p of boundaries.parishes)
      expect(between(html, 'id="cases-by-parish"', "</table>")).toContain(`>${p.name}</th>`);
  });

  it("follows the list's filters", async () => {
    const html = (await call("/staff/cases", "status=new", staff)).body ?? "";
    expect(countMarks(html)).toBe(2);
    expect(marks(html)).not.toMatch(/<(rect|path) /);
  });

  it("shows a clerk only their parish's cases", async () => {
    const html = (await call("/staff/cases", "sentTo=" + district.code, clerk)).body ?? "";
    expect(countMarks(html)).toBe(2);
    expect(rowOf(html, "cases-by-parish", ashcombe.name)).toEqual(["1", "0", "1", "2"]);
    expect(rowOf(html, "cases-by-parish", `Not in a parish (${district.name})`)).toEqual([
      "0",
      "0",
      "0",
      "0",
    ]);
  });
});

describe("the case page's map", () => {
  it("names the area and its neighbours, gives a scale and a link to OpenStreetMap", async () => {
    const response = await call("/staff/cases/SPD-AAAA-AAA4", "", staff);
    expect(response.statusCode).toBe(200);
    const html = response.body ?? "";
    expect(html).toMatch(/<svg [^>]*role="img" aria-labelledby="case-map-title"/);
    expect(between(html, 'id="case-map-words"', "</figcaption>")).toMatch(
      new RegExp(`Reported point in ${ashcombe.name}, [\\d.]+ k?m from its edge`),
    );
    expect(html).toContain('<g class="scale-bar">');
    expect(html).toMatch(
      /<a class="govuk-link" href="https:\/\/www\.openstreetmap\.org\/\?mlat=[-\d.]+&amp;mlon=[-\d.]+#map=17\/[-\d.]+\/[-\d.]+" rel="noopener noreferrer" id="open-in-osm">Open in OpenStreetMap \(another website\)<\/a>/,
    );
  });
});

describe("the Reports page", () => {
  it("charts the last 12 weeks by default, each chart with its table", async () => {
    const response = await call("/staff/reports", "", staff);
    expect(response.statusCode).toBe(200);
    const html = response.body ?? "";
    expect(html).toContain("4 reports received from 7 September 2026 to 26 November 2026.");
    expect(html).toMatch(/id="from-day" name="from-day" type="text" (inputmode="numeric" )?value="7"/);
    expect(html.match(/<svg [^>]*role="img" aria-labelledby="chart-[a-z]+-title"/g)).toHaveLength(4);
    for (const id of ["destination", "service", "parish", "waits"])
      expect(html).toContain(`id="table-${id}"`);
    expect(rowOf(html, "table-destination", "2 November 2026")).toEqual(["2", "0", "2"]);
    expect(rowOf(html, "table-destination", "9 November 2026")).toEqual(["0", "1", "1"]);
    expect(rowOf(html, "table-service", "16 November 2026")).toEqual(["0", "1", "1"]);
    expect(rowOf(html, "table-parish", ashcombe.name).slice(0, 2)).toEqual([expect.any(String), "2"]);
    // Beside each median, the cases still waiting and the oldest's wait to the clock's now (26
    // November): three have had no action and are open, the oldest received on 2 November.
    expect(rowOf(html, "table-waits", "First action, all cases")).toEqual(["2 hours", "1", "3", "24 days"]);
    expect(rowOf(html, "table-waits", "Closing, all cases")).toEqual(["2 days 2 hours", "1", "3", "24 days"]);
    expect(rowOf(html, "table-waits", "First action, handled by the district")).toEqual([
      "No cases yet",
      "0",
      "1",
      "16 days",
    ]);
    const words = between(html, 'id="waiting-words"', "</ul>");
    expect(words).toContain(
      "<li>3 cases received in these dates have had no action yet: the oldest was received 24 days ago.</li>",
    );
    expect(words).toContain(
      "<li>3 cases received in these dates are not closed: the oldest was received 24 days ago.</li>",
    );
    expect(html).not.toContain('id="reports-cut"');
  });

  it("counts the dates chosen, and says what is wrong with a date", async () => {
    const chosen = await call(
      "/staff/reports",
      "from-day=9&from-month=11&from-year=2026&to-day=15&to-month=11&to-year=2026",
      staff,
    );
    expect(chosen.body).toContain("1 report received from 9 November 2026 to 15 November 2026.");
    const wrong = await call("/staff/reports", "from-day=31&from-month=2&from-year=2026", staff);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain("Received from must be a real date");
    expect(wrong.body).not.toContain("<svg");
  });

  it("is refused to a clerk", async () => {
    const response = await call("/staff/reports", "", clerk);
    expect(response.statusCode).toBe(403);
    expect(response.body).not.toContain("<svg");
  });
});

describe("a list longer than the map holds", () => {
  it("draws the newest cases and says so", async () => {
    const at = demoPostcodes().find((p) => p.expected === "unparished")!;
    for (let i = 0; i < MAP_MAX_CASES; i++) {
      const createdAt = new Date(Date.parse("2026-11-20T00:00:00.000Z") + i * 60_000).toISOString();
      await store.create(aCase(`SPD-BULK-${String(i).padStart(4, "0")}`, createdAt, at, district, "new"), []);
    }
    const html = (await call("/staff/cases", "", staff)).body ?? "";
    expect(countMarks(html)).toBe(MAP_MAX_CASES);
    expect(html).toContain(`Showing the newest ${MAP_MAX_CASES} cases that match.`);
  });
});

describe("reports from a slow store", () => {
  it("count the cases read before the read budget is spent, and say how many", async () => {
    const at = demoPostcodes().find((p) => p.expected === "unparished")!;
    for (let i = 0; i < 2100; i++) {
      const createdAt = new Date(Date.parse("2026-11-21T00:00:00.000Z") + i * 60_000).toISOString();
      await store.create(aCase(`SPD-SLOW-${String(i).padStart(4, "0")}`, createdAt, at, district, "new"), []);
    }
    // Pages of 1,000 that take 4 s each: a third read would start past the 6 s budget.
    readMs = 4000;
    try {
      const slow = (await call("/staff/reports", "", staff)).body ?? "";
      expect(slow).toContain('id="reports-cut"');
      expect(slow).toContain("These figures count only the newest 2,000 reports");
    } finally {
      readMs = 0;
      now = NOW;
    }
    // The same cases from a quick store: all counted, nothing said.
    const quick = (await call("/staff/reports", "", staff)).body ?? "";
    expect(quick).not.toContain('id="reports-cut"');
  });
});
