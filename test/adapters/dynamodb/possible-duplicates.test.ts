import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import type { Case } from "#core/case/case.js";
import { possibleDuplicates } from "../../../functions/wiring/adapters/possible-duplicates.js";
import { oneCouncil } from "../../helpers/councils.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";
import { TEST_FIRST_COUNCIL } from "../../helpers/memory-case-store.js";
import { aCase } from "../case-store-contract.js";

// The finder as dispatch gets it from the wiring, over the DynamoDB store: the destination index's
// date range, the service filter and the conditional list writes, on dynalite.

const NOW = new Date("2026-11-01T12:00:00.000Z");
let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
let store: DynamoCaseStore;

beforeAll(async () => {
  dynalite = await startDynaliteClient("possible-duplicates");
  store = new DynamoCaseStore({
    firstCouncil: TEST_FIRST_COUNCIL,
    client: dynalite.client,
    tableName: dynalite.tableName,
    now: () => NOW,
  });
});
afterAll(() => dynalite?.close());

/** A case `minute` minutes into 1 November, `metres` north of the contract's usual point. */
const at = (reference: string, minute: number, metres = 0, overrides: Partial<Case> = {}) => {
  const base = aCase(reference, overrides, minute);
  return { ...base, location: { ...base.location, lat: base.location.lat + metres / 111_195 } };
};

describe("possible duplicates over DynamoDB", () => {
  it("marks both sides once, and only the near reports of the same service and body", async () => {
    const report = at("SPD-DUPE-0009", 600);
    for (const c of [
      at("SPD-DUPE-0001", 540, 20),
      at("SPD-DUPE-0002", 560, 200),
      at("SPD-DUPE-0003", 580, 0, { service: "street-furniture" }),
      at("SPD-DUPE-0004", 590, 0, {
        destination: { kind: "parish", code: "E04999002", name: "Brookfield" },
      }),
      report,
    ])
      await store.create(c, []);
    const mark = possibleDuplicates({ caseStore: store, clock: { now: () => NOW }, councils: oneCouncil });
    expect(await mark(report)).toEqual(["SPD-DUPE-0001"]);
    // Again with the stale copy, as a retried dispatch would: nothing more.
    expect(await mark(report)).toEqual(["SPD-DUPE-0001"]);
    expect((await store.get("SPD-DUPE-0009"))?.possibleDuplicates).toEqual(["SPD-DUPE-0001"]);
    expect((await store.get("SPD-DUPE-0001"))?.possibleDuplicates).toEqual(["SPD-DUPE-0009"]);
    for (const other of ["SPD-DUPE-0002", "SPD-DUPE-0003", "SPD-DUPE-0004"])
      expect((await store.get(other))?.possibleDuplicates).toBeUndefined();
    const summaries = async (reference: string) =>
      (await store.timeline(reference)).filter((e) => e.type === "possible-duplicate").map((e) => e.summary);
    expect(await summaries("SPD-DUPE-0009")).toEqual(["Possible duplicate of SPD-DUPE-0001"]);
    expect(await summaries("SPD-DUPE-0001")).toEqual(["Possible duplicate of SPD-DUPE-0009"]);
  });
});
