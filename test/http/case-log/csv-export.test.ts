import { describe, expect, it } from "vitest";
import type { Body } from "#core/case/bodies.js";
import type { Case } from "#core/case/case.js";
import type { Clock } from "#core/ports/clock.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import { services } from "#core/services/index.js";
import type { CaseLogContext, CaseLogDeps } from "../../../functions/http/case-log/case-log-types.js";
import { csvData } from "../../../functions/http/case-log/csv-export.js";
import { oneCouncil } from "../../helpers/councils.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// The export as Excel would read it: parsed back as RFC 4180, then checked cell by cell.

/** RFC 4180: fields split by commas, records by CRLF; a quoted field may hold both, and "" is ". */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || record.length > 0) throw new Error("The last record has no CRLF");
  return records;
}

const ashcombe = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const wendle = { kind: "parish" as const, code: "E04999005", name: "Little Wendle" };
const district = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };
const bodies = new Map<string, Body>([
  [wendle.code, { area: wendle.code, name: "Little Wendle Parish Meeting", kind: "parish-meeting" }],
]);
const speeding = services.get("speeding");
const furniture = services.get("street-furniture");
const label = (serviceId: string, question: string, value: string) =>
  services
    .get(serviceId)
    ?.questions.find((q) => q.id === question)
    ?.options.find((o) => o.value === value)?.label;

function aCase(reference: string, createdAt: string, overrides: Partial<Case> = {}): Case {
  return {
    reference,
    service: "speeding",
    status: "new",
    delivery: "sent",
    createdAt,
    updatedAt: createdAt,
    answers: { danger: "no", "road-type": "main-road", outcome: "speed-sign" },
    location: { lat: 54.504368, lng: -2.378002, postcode: "ZX1 5ZB", roadName: "Mill Lane" },
    description: "Cars race past the school – every morning, “fast”.",
    when: "Weekday mornings",
    destination: ashcombe,
    routing: { ruleId: "r", requested: "parish", area: ashcombe, reason: "test" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

// 25 October 2026 is when the clocks go back: the first case is in summer time, the second not.
const summer = aCase("SPD-2222-2221", "2026-10-24T16:05:27.836Z", { status: "in-progress" });
const winter = aCase("SPD-2222-2222", "2026-10-26T17:05:00.000Z", {
  // A district fall-back: the point is in Little Wendle, the case went to the district.
  destination: district,
  routing: { ruleId: "r", requested: "parish", area: wendle, reason: "no clerk" },
  delivery: "failed",
  location: { lat: 54.5, lng: 2.3 },
});
const bench = aCase("SPD-2222-2223", "2026-10-27T09:00:00.000Z", {
  service: "street-furniture",
  answers: { danger: "no", item: "bench", owner: "parish" },
  destination: wendle,
  routing: { ruleId: "r", requested: "parish", area: wendle, reason: "test" },
});
const hostile = aCase("SPD-2222-2224", "2026-10-28T09:00:00.000Z", {
  description: "=cmd|' /C calc'!A0",
  location: { lat: 54.5, lng: 2.3, roadName: "+SUM(1,2)", postcode: "-2+3" },
  when: "@SUM(A1)",
  // An answer the service no longer offers is kept as stored, so it is guarded too.
  answers: { danger: '=HYPERLINK("http://evil.example")' },
});

async function exportOf(
  cases: Case[],
  query = "",
  /** null: no address configured. */
  caseLogUrl: string | null = "https://cases.example.gov.uk/staff/",
  known: ServiceDefinition[] = [...services.values()],
  /** How far the page's clock moves on during each read of the store: a slow store, in effect. */
  readMs = 0,
) {
  let now = Date.parse("2026-11-01T00:00:00Z");
  const clock: Clock = { now: () => new Date(now) };
  const caseStore = new MemoryCaseStore(clock);
  for (const c of cases) await caseStore.create(c, []);
  const list = caseStore.listCases.bind(caseStore);
  caseStore.listCases = async (query) => {
    const found = await list(query);
    now += readMs;
    return found;
  };
  const deps = {
    caseStore,
    services: known,
    bodies,
    areas: [district, ashcombe, wendle],
    councilName: "Exampleshire Vale District Council",
    councils: oneCouncil,
    clock,
    ...(caseLogUrl === null ? {} : { caseLogUrl }),
  } as unknown as CaseLogDeps;
  const ctx = {
    deps,
    request: { query: new URLSearchParams(query) },
    // As the handler scopes it: the person's council resolved.
    identity: { sub: "s", role: "staff", council: oneCouncil.first.id, expiresAt: 0, sessionId: "x" },
  } as unknown as CaseLogContext;
  const result = await csvData(ctx);
  if (result.kind !== "data") throw new Error("not data");
  const [header = [], ...rows] = parseCsv(result.body.replace(/^\uFEFF/, ""));
  const byHeader = rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
  return { result, header, rows: byHeader };
}

describe("the CSV export", () => {
  it("starts with a UTF-8 byte-order mark and has labelled columns, then one per question", async () => {
    const { result, header } = await exportOf([summer, bench]);
    expect(result.body.startsWith("\uFEFF")).toBe(true);
    expect(result.contentType).toBe("text/csv; charset=utf-8");
    const fixed = [
      "Reference",
      "Received (London time)",
      "Service",
      "Status",
      "Email to the council",
      "Sent to",
      "Fallback reason",
      "Parish",
      "Road",
      "Postcode",
      "Latitude",
      "Longitude",
      "When it happens",
      "Description",
      "Signposted to",
    ];
    const questions = [...(speeding?.questions ?? []), ...(furniture?.questions ?? [])].map((q) => q.title);
    expect(header).toEqual([...fixed, ...questions, "Link to the case"]);
  });

  it("tells apart the same question asked by two services", async () => {
    const again = { ...speeding, id: "speeding-again", name: "Report speeding again" } as ServiceDefinition;
    const { header, rows } = await exportOf(
      [summer, { ...bench, service: again.id, answers: { "road-type": "residential" } }],
      "",
      null,
      [speeding as ServiceDefinition, again],
    );
    const roadType = speeding?.questions[1]?.title;
    expect(header).toContain(`${roadType} (${speeding?.name})`);
    expect(header).toContain(`${roadType} (Report speeding again)`);
    expect(rows[0]?.[`${roadType} (Report speeding again)`]).toBe(
      label("speeding", "road-type", "residential"),
    );
    expect(rows[0]?.[`${roadType} (${speeding?.name})`]).toBe("");
  });

  it("gives labels not codes, London times across the change of clocks, and the answers' words", async () => {
    const { rows } = await exportOf([summer, winter, bench]);
    const [benchRow, winterRow, summerRow] = rows;
    expect(summerRow).toMatchObject({
      Reference: "SPD-2222-2221",
      "Received (London time)": "2026-10-24 17:05",
      Service: speeding?.name,
      Status: "In progress",
      "Email to the council": "Sent",
      "Sent to": "Ashcombe Parish Council",
      Parish: "Ashcombe",
      Road: "Mill Lane",
      Postcode: "ZX1 5ZB",
      Latitude: "54.504368",
      // A number, not text guarded as a formula.
      Longitude: "-2.378002",
      "When it happens": "Weekday mornings",
      Description: "Cars race past the school – every morning, “fast”.",
      [speeding?.questions[1]?.title ?? ""]: label("speeding", "road-type", "main-road"),
      [speeding?.questions[2]?.title ?? ""]: label("speeding", "outcome", "speed-sign"),
      "Link to the case": "https://cases.example.gov.uk/staff/cases/SPD-2222-2221",
    });
    expect(summerRow?.[speeding?.questions[1]?.title ?? ""]).not.toBe("main-road");
    expect(winterRow).toMatchObject({
      "Received (London time)": "2026-10-26 17:05",
      Status: "New",
      "Email to the council": "Not sent",
      "Sent to": "Exampleshire Vale District Council",
      // The parish the point fell in, though the district has the case.
      Parish: "Little Wendle",
      Road: "",
      Postcode: "",
      Latitude: "54.5",
      Longitude: "2.3",
    });
    expect(benchRow).toMatchObject({
      "Sent to": "Little Wendle Parish Meeting",
      [furniture?.questions[1]?.title ?? ""]: label("street-furniture", "item", "bench"),
      // A speeding question is empty for a bench.
      [speeding?.questions[1]?.title ?? ""]: "",
    });
  });

  it("keeps a cell Excel would run as a formula as text", async () => {
    const { result, rows } = await exportOf([hostile]);
    const row = rows[0] ?? {};
    expect(row.Description).toBe("'=cmd|' /C calc'!A0");
    expect(row.Road).toBe("'+SUM(1,2)");
    expect(row.Postcode).toBe("'-2+3");
    expect(row["When it happens"]).toBe("'@SUM(A1)");
    expect(row[`${speeding?.questions[0]?.title}`]).toBe('\'=HYPERLINK("http://evil.example")');
    // No cell anywhere starts with a formula character unguarded.
    for (const cell of parseCsv(result.body.replace(/^\uFEFF/, "")).flat()) {
      expect(cell, cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
    }
  });

  it("names the file by its dates and filters, in safe characters", async () => {
    const named = async (query: string) => {
      const { result } = await exportOf([summer], query);
      return result.kind === "data" ? result.filename : undefined;
    };
    expect(await named("")).toBe("cases.csv");
    expect(
      await named(
        "from-day=1&from-month=11&from-year=2026&to-day=30&to-month=11&to-year=2026&sentTo=E04999001&status=closed",
      ),
    ).toBe("cases-2026-11-01-to-2026-11-30-ashcombe-closed.csv");
    expect(await named("sentTo=parishes&email=not-sent&q=Mill%20Lane%20%2F..%2F%22x")).toBe(
      "cases-parishes-email-not-sent-search-mill-lane-x.csv",
    );
  });

  it("links to the case under the case log's configured address, or by path when none is set", async () => {
    const link = async (caseLogUrl: string | null) =>
      (await exportOf([summer], "", caseLogUrl)).rows[0]?.["Link to the case"];
    expect(await link("https://cases.example.gov.uk/staff")).toBe(
      "https://cases.example.gov.uk/staff/cases/SPD-2222-2221",
    );
    expect(await link(null)).toBe("/staff/cases/SPD-2222-2221");
  });

  it("stops reading when the read budget is spent, and says so in the file name", async () => {
    const many = Array.from({ length: 1200 }, (_, i) =>
      aCase(
        `SPD-BULK-${String(i).padStart(4, "0")}`,
        new Date(Date.parse(summer.createdAt) + i * 60_000).toISOString(),
      ),
    );
    // Reads of 500 rows; each one takes 4 s, so a third read would start past the 6 s budget.
    const slow = await exportOf(many, "", null, undefined, 4000);
    expect(slow.result.kind === "data" && slow.result.filename).toBe("cases-newest-1000-only.csv");
    expect(slow.rows).toHaveLength(1000);
    expect(slow.rows[0]?.Reference).toBe("SPD-BULK-1199");
    // The same cases from a quick store: all of them, and a plain name.
    const quick = await exportOf(many, "", null);
    expect(quick.result.kind === "data" && quick.result.filename).toBe("cases.csv");
    expect(quick.rows).toHaveLength(1200);
  });
});
