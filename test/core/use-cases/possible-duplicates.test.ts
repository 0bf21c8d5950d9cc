import { describe, expect, it } from "vitest";
import { type Case, destinationTarget } from "#core/case/case.js";
import { event } from "#core/case/timeline.js";
import { distanceMetres } from "#core/geo.js";
import { createMarkPossibleDuplicates, MAX_MARKED } from "#core/use-cases/possible-duplicates.js";
import { oneCouncil } from "../../helpers/councils.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const KEPT = Date.parse("2030-01-01T00:00:00Z") / 1000;
const ashcombe = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const brookfield = { kind: "parish" as const, code: "E04999002", name: "Brookfield" };
const here = { lat: 52.0, lng: -1.0 };
/** A point `metres` north of `here` (a degree of latitude is about 111.2 km). */
const north = (metres: number) => ({ lat: here.lat + metres / 111_195, lng: here.lng });

function aCase(reference: string, overrides: Partial<Case> = {}, hoursBefore = 0): Case {
  const createdAt = new Date(NOW.getTime() - hoursBefore * 3_600_000).toISOString();
  const destination = overrides.destination ?? ashcombe;
  return {
    reference,
    service: "speeding",
    status: "new",
    delivery: "queued",
    createdAt,
    updatedAt: createdAt,
    answers: {},
    location: here,
    description: "Fast cars",
    destination,
    routing: { ruleId: "r", requested: destinationTarget(destination), area: destination, reason: "test" },
    retainUntil: KEPT,
    ...overrides,
  };
}

async function setup(cases: Case[], options: { radiusMetres?: number } = {}) {
  const caseStore = new MemoryCaseStore({ now: () => NOW });
  for (const c of cases) await caseStore.create(c, []);
  const mark = createMarkPossibleDuplicates(
    { caseStore, clock: { now: () => NOW }, councils: oneCouncil },
    options,
  );
  const marks = async (reference: string) => (await caseStore.get(reference))?.possibleDuplicates ?? [];
  const events = async (reference: string) =>
    (await caseStore.timeline(reference))
      .filter((e) => e.type === "possible-duplicate")
      .map((e) => e.summary);
  return { caseStore, mark, marks, events };
}

describe("Function: distanceMetres", () => {
  it("measures great-circle distances in metres", () => {
    expect(distanceMetres(here, here)).toBe(0);
    expect(distanceMetres(here, north(50))).toBeCloseTo(50, 0);
    // One degree of longitude at 60° N is half what it is at the equator.
    const atEquator = distanceMetres({ lat: 0, lng: 0 }, { lat: 0, lng: 1 });
    expect(distanceMetres({ lat: 60, lng: 0 }, { lat: 60, lng: 1 }) / atEquator).toBeCloseTo(0.5, 3);
    expect(atEquator).toBeCloseTo(111_195, -1);
  });
});

describe("Use case: markPossibleDuplicates", () => {
  it("marks an earlier report of the same service to the same body within 50 m and a day, on both sides", async () => {
    const report = aCase("SPD-NEW0-0001", { location: north(10) });
    const { mark, marks, events } = await setup([aCase("SPD-OLD0-0001", {}, 3), report]);
    expect(await mark(report)).toEqual(["SPD-OLD0-0001"]);
    expect(await marks("SPD-NEW0-0001")).toEqual(["SPD-OLD0-0001"]);
    expect(await marks("SPD-OLD0-0001")).toEqual(["SPD-NEW0-0001"]);
    expect(await events("SPD-NEW0-0001")).toEqual(["Possible duplicate of SPD-OLD0-0001"]);
    expect(await events("SPD-OLD0-0001")).toEqual(["Possible duplicate of SPD-NEW0-0001"]);
  });

  it("marks a report against the most recent few at its spot, however many there are", async () => {
    // Thirty earlier reports at one spot (a campaign, or a client repeating itself), an hour apart.
    const earlier = Array.from({ length: 30 }, (_, i) =>
      aCase(`SPD-OLD0-${String(i + 1).padStart(4, "0")}`, {}, i + 1),
    );
    const report = aCase("SPD-NEW0-0001");
    const { mark, marks } = await setup([...earlier, report]);
    const expected = earlier.slice(0, MAX_MARKED).map((c) => c.reference);
    expect(await mark(report)).toEqual(expected);
    expect(await marks("SPD-NEW0-0001")).toEqual(expected);
    expect(await marks(`SPD-OLD0-${String(MAX_MARKED + 1).padStart(4, "0")}`)).toEqual([]);
  });

  it("leaves out what is farther than the radius, older than a day, later, of another service or another body", async () => {
    const report = aCase("SPD-NEW0-0002");
    const { mark, marks } = await setup([
      aCase("SPD-NEAR-0001", { location: north(49) }, 1),
      aCase("SPD-FAR0-0001", { location: north(51) }, 1),
      aCase("SPD-OLD0-0002", {}, 24.01),
      aCase("SPD-DAY0-0001", {}, 23.99),
      aCase("SPD-LATE-0001", {}, -0.5),
      aCase("SPD-SERV-0001", { service: "street-furniture" }, 1),
      aCase("SPD-BODY-0001", { destination: brookfield }, 1),
      report,
    ]);
    expect(await mark(report)).toEqual(["SPD-DAY0-0001", "SPD-NEAR-0001"]);
    for (const untouched of [
      "SPD-FAR0-0001",
      "SPD-OLD0-0002",
      "SPD-LATE-0001",
      "SPD-SERV-0001",
      "SPD-BODY-0001",
    ])
      expect(await marks(untouched)).toEqual([]);
  });

  it("takes the radius it is given", async () => {
    const report = aCase("SPD-NEW0-0003");
    const { mark } = await setup([aCase("SPD-NEAR-0002", { location: north(80) }, 1), report], {
      radiusMetres: 100,
    });
    expect(await mark(report)).toEqual(["SPD-NEAR-0002"]);
  });

  it("finds nothing, and writes nothing, for a report alone in its place", async () => {
    const report = aCase("SPD-NEW0-0004");
    const { mark, caseStore } = await setup([aCase("SPD-FAR0-0002", { location: north(500) }, 1), report]);
    expect(await mark(report)).toEqual([]);
    expect(await caseStore.timeline("SPD-NEW0-0004")).toEqual([]);
  });

  it("is idempotent: marking again adds no mark and no event", async () => {
    const report = aCase("SPD-NEW0-0005");
    const { mark, marks, events, caseStore } = await setup([aCase("SPD-OLD0-0005", {}, 2), report]);
    await mark(report);
    expect(await mark((await caseStore.get("SPD-NEW0-0005")) as Case)).toEqual(["SPD-OLD0-0005"]);
    // A stale copy of the case (as a retried dispatch may hold) changes nothing either.
    await mark(report);
    expect(await marks("SPD-NEW0-0005")).toEqual(["SPD-OLD0-0005"]);
    expect(await marks("SPD-OLD0-0005")).toEqual(["SPD-NEW0-0005"]);
    expect(await events("SPD-NEW0-0005")).toHaveLength(1);
    expect(await events("SPD-OLD0-0005")).toHaveLength(1);
  });

  it("keeps marks a case already holds and adds one for each new match", async () => {
    const report = aCase("SPD-NEW0-0006");
    const { mark, marks } = await setup([
      aCase("SPD-OLD0-0006", { possibleDuplicates: ["SPD-EARL-0001"] }, 2),
      aCase("SPD-OLD0-0007", {}, 1),
      report,
    ]);
    expect(await mark(report)).toEqual(["SPD-OLD0-0006", "SPD-OLD0-0007"]);
    expect(await marks("SPD-OLD0-0006")).toEqual(["SPD-EARL-0001", "SPD-NEW0-0006"]);
    // Newest first, as the destination index lists them.
    expect(await marks("SPD-NEW0-0006")).toEqual(["SPD-OLD0-0007", "SPD-OLD0-0006"]);
  });

  it("does not mark again a pair staff unlinked", async () => {
    const report = aCase("SPD-NEW0-0008");
    const { mark, caseStore, marks } = await setup([aCase("SPD-OLD0-0008", {}, 2), report]);
    await caseStore.appendEvents("SPD-NEW0-0008", [
      event(NOW, "duplicate-unlinked", "Unlinked", { other: "SPD-OLD0-0008" }, "officer@council.example"),
    ]);
    expect(await mark(report)).toEqual([]);
    expect(await marks("SPD-OLD0-0008")).toEqual([]);
  });
});
