import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { type Case, type CaseStatus, destinationTarget } from "#core/case/case.js";
import { newReference } from "#core/case/reference.js";
import {
  type CasePageQuery,
  type CaseStore,
  caseSortKey,
  MAX_READS_PER_PARTITION,
} from "#core/ports/case-store.js";
import { seededRandom, startDynaliteClient } from "../helpers/dynalite-client.js";
import { MemoryCaseStore, matchesSearch } from "../helpers/memory-case-store.js";
import { TEST_FIRST_COUNCIL } from "../helpers/memory-case-store.js";

// The case log's list: newest first across every filter, cursor pages with no gaps or repeats,
// served by the indexes in a fixed number of queries a page (counted, not timed).

const SEEDED = 1000;
const statuses: CaseStatus[] = ["new", "in-progress", "closed"];
const destinations = [
  { kind: "parish" as const, code: "E04999001", name: "Ashcombe" },
  { kind: "parish" as const, code: "E04999002", name: "Brookfield" },
  { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" },
];

let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
let dynamo: DynamoCaseStore;
const memory = new MemoryCaseStore();
let queries = 0;

function seededCases(): Case[] {
  const random = seededRandom(7);
  return Array.from({ length: SEEDED }, (_, i) => {
    // Some share a millisecond, so ties are broken by reference.
    const createdAt = new Date(Date.UTC(2026, 10, 1) + Math.floor(i / 3) * 60_000).toISOString();
    const destination = destinations[random(3)] ?? destinations[0]!;
    return {
      reference: newReference("SPD", random),
      // Mostly speeding, some street furniture, and a service so rare it thins every page.
      service: i % 97 === 0 ? "rare" : random(4) === 0 ? "street-furniture" : "speeding",
      status: statuses[random(3)] ?? "new",
      // A few whose email did not go: the ones staff look for.
      delivery: i % 37 === 0 ? "failed" : i % 41 === 0 ? "unconfirmed" : "sent",
      createdAt,
      updatedAt: createdAt,
      answers: {},
      // Some postcodes, and a road so rare a search for it thins every page.
      location: {
        lat: 54.5,
        lng: 2.3,
        ...(i % 5 < 2 ? { postcode: i % 5 ? "ZX2 1FD" : "ZX1 5ZB" } : {}),
        ...(i % 53 === 0 ? { roadName: "Mill Lane" } : {}),
      },
      description: `Report ${i}`,
      destination,
      routing: { ruleId: "r", requested: destinationTarget(destination), area: destination, reason: "test" },
      retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    };
  });
}

const ours = { council: TEST_FIRST_COUNCIL };

beforeAll(async () => {
  // Queries are counted as they leave for dynalite: the calls DynamoDB would bill.
  dynalite = await startDynaliteClient("case-log-list", {
    onRequest: (operation) => {
      if (operation === "Query") queries += 1;
    },
  });
  dynamo = new DynamoCaseStore({
    firstCouncil: TEST_FIRST_COUNCIL,
    client: dynalite.client,
    tableName: "case-log-list",
  });
  const cases = seededCases();
  for (let i = 0; i < cases.length; i += 25) {
    await Promise.all(
      cases.slice(i, i + 25).map((c) => Promise.all([dynamo.create(c, []), memory.create(c, [])])),
    );
  }
}, 60_000);
afterAll(() => dynalite?.close());

async function readAll(store: CaseStore, query: Omit<CasePageQuery, "cursor">) {
  const seen: Case[] = [];
  const queriesPerPage: number[] = [];
  let cursor: string | undefined;
  do {
    const before = queries;
    const previous = cursor;
    const page = await store.listCases({ ...query, ...(cursor ? { cursor } : {}) });
    queriesPerPage.push(queries - before);
    seen.push(...page.cases);
    cursor = page.next;
    // A filter may thin a page (reads are bounded), but never beyond the page size.
    expect(page.cases.length).toBeLessThanOrEqual(query.limit);
    if (page.next) expect(page.next < (previous ?? "~")).toBe(true);
  } while (cursor);
  return { seen, queriesPerPage };
}

const expected = (filter: Omit<CasePageQuery, "limit" | "cursor" | "council">) =>
  [...memory.cases.values()]
    .filter(
      (c) =>
        (!filter.status || c.status === filter.status) &&
        (!filter.destination || c.destination.code === filter.destination) &&
        (!filter.destinationKind || c.destination.kind === filter.destinationKind) &&
        (!filter.service || c.service === filter.service) &&
        (!filter.notSent || c.delivery === "failed" || c.delivery === "unconfirmed") &&
        (!filter.from || c.createdAt >= filter.from) &&
        (!filter.to || c.createdAt <= filter.to) &&
        matchesSearch(c, filter),
    )
    .map(caseSortKey)
    .sort()
    .reverse();

describe("listCases over the indexes (dynalite)", () => {
  it.each([
    ["everything", {}],
    ["one status", { status: "in-progress" as const }],
    ["one destination", { destination: "E04999002" }],
    ["a status and a destination", { status: "closed" as const, destination: "E07999999" }],
    ["any parish", { destinationKind: "parish" as const }],
    ["one service", { service: "street-furniture" }],
    ["a rare service in one status", { status: "new" as const, service: "rare" }],
    ["emails not sent", { notSent: true }],
    ["emails not sent to one place", { notSent: true, destination: "E07999999" }],
    ["a date range", { from: "2026-11-01T01:00:00.000Z", to: "2026-11-01T02:30:00.000Z" }],
    [
      "everything at once",
      {
        status: "in-progress" as const,
        destinationKind: "parish" as const,
        service: "speeding",
        from: "2026-11-01T02:00:00.000Z",
      },
    ],
    ["a range with nothing in it", { from: "2027-01-01T00:00:00.000Z", to: "2027-01-31T23:59:59.999Z" }],
    ["a postcode sector", { postcodePrefix: "ZX1 5" }],
    ["a rare road", { road: "mill lane" }],
    [
      "a postcode district or a road, in one status",
      { postcodePrefix: "ZX2 ", road: "mill", status: "new" as const },
    ],
  ])(
    "pages through %s newest first with no gaps or repeats",
    async (_, filter: Omit<CasePageQuery, "limit" | "council">) => {
      const { seen, queriesPerPage } = await readAll(dynamo, { ...ours, ...filter, limit: 25 });
      expect(seen.map(caseSortKey)).toEqual(expected(filter));
      // A fixed bound whatever the data: one index partition for a destination, else one per status.
      const partitions = filter.destination || filter.status ? 1 : 3;
      for (const n of queriesPerPage) expect(n).toBeLessThanOrEqual(partitions * MAX_READS_PER_PARTITION);
      // Unfiltered partitions need one query each.
      if (
        !filter.service &&
        !filter.destinationKind &&
        !filter.notSent &&
        !filter.postcodePrefix &&
        !filter.road &&
        !(filter.status && filter.destination)
      ) {
        for (const n of queriesPerPage) expect(n).toBeLessThanOrEqual(partitions);
      }
    },
  );

  it("agrees with the in-memory store used by unit tests", async () => {
    const { seen } = await readAll(memory, { ...ours, limit: 40 });
    expect(seen.map(caseSortKey)).toEqual(expected({}));
  });

  it("counts every status in one query, from the per-day counters", async () => {
    const before = queries;
    const counts = await dynamo.countByStatus(ours);
    expect(queries - before).toBe(1);
    expect(counts).toEqual(await memory.countByStatus(ours));
    expect(counts.new + counts["in-progress"] + counts.closed).toBe(SEEDED);
    const range = { from: "2026-11-01T00:00:00.000Z", to: "2026-11-01T23:59:59.999Z" };
    expect(await dynamo.countByStatus({ ...ours, ...range })).toEqual(
      await memory.countByStatus({ ...ours, ...range }),
    );
  });

  it("keeps the counters right through status changes: of two at once, exactly one wins", async () => {
    const some = [...memory.cases.values()].slice(0, 30);
    const results = await Promise.all(
      some.map(async (c) => {
        const others = statuses.filter((s) => s !== c.status);
        const outcomes = await Promise.all(
          others.map((to) => dynamo.changeStatus(c.reference, c.status, to)),
        );
        return outcomes.filter(Boolean).length;
      }),
    );
    expect(results).toEqual(some.map(() => 1));
    for (const c of some) {
      const now = await dynamo.get(c.reference);
      await memory.changeStatus(c.reference, c.status, now?.status ?? c.status);
    }
    expect(await dynamo.countByStatus(ours)).toEqual(await memory.countByStatus(ours));
    // A change from a status the case no longer has is refused.
    const first = some[0];
    const current = first && (await dynamo.get(first.reference));
    const stale = statuses.find((s) => s !== current?.status) ?? "new";
    expect(await dynamo.changeStatus(first?.reference ?? "", stale, "closed")).toBeUndefined();
  });

  it("counts by the London day a case arrived, in summer time too", async () => {
    // 23:30 UTC on 9 June is 00:30 BST on 10 June.
    const late = { ...seededCases()[0]!, reference: "SPD-BST0-0001", createdAt: "2026-06-09T23:30:00.000Z" };
    const early = { ...late, reference: "SPD-BST0-0002", createdAt: "2026-06-09T22:30:00.000Z" };
    for (const c of [late, early]) await Promise.all([dynamo.create(c, []), memory.create(c, [])]);
    // 10 June, London time, as the date filter sends it.
    const tenth = { from: "2026-06-09T23:00:00.000Z", to: "2026-06-10T22:59:59.999Z" };
    const counts = await dynamo.countByStatus({ ...ours, ...tenth });
    expect(counts.new + counts["in-progress"] + counts.closed).toBe(1);
    expect(counts).toEqual(await memory.countByStatus({ ...ours, ...tenth }));
  });

  it("gives an empty last page for a cursor from before the date range", async () => {
    const page = await dynamo.listCases({
      ...ours,
      limit: 10,
      from: "2026-11-01T03:00:00.000Z",
      cursor: "2026-11-01T01:00:00.000Z#SPD-AAAA-AAA4",
    });
    expect(page).toEqual({ cases: [] });
  });
});
