import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { newReference } from "#core/case/reference.js";
import { services } from "#core/services/index.js";
import type { Open311Deps } from "#http/open311/open311-types.js";
import { MAX_REQUEST_IDS, searchRequests } from "#http/open311/search-requests.js";
import { aCase } from "../../adapters/case-store-contract.js";
import { oneCouncil } from "../../helpers/councils.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";
import { TEST_FIRST_COUNCIL } from "../../helpers/memory-case-store.js";

// A status check of 1,000 ids costs ten BatchGetItem calls (100 keys each) and nothing else,
// counted as the requests leave for dynalite.

const NOW = new Date("2026-11-23T10:00:00Z");
let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
let deps: Open311Deps;
const calls: string[] = [];

/** Valid references (their check characters hold), a different one for each seed. */
const reference = (seed: number) => {
  let rest = seed;
  return newReference("SPD", (max) => {
    const digit = rest % max;
    rest = Math.floor(rest / max);
    return digit;
  });
};

beforeAll(async () => {
  dynalite = await startDynaliteClient("search-ids", { onRequest: (operation) => calls.push(operation) });
  const caseStore = new DynamoCaseStore({
    firstCouncil: TEST_FIRST_COUNCIL,
    client: dynalite.client,
    tableName: "search-ids",
    now: () => NOW,
  });
  for (const seed of [3, 700, 999]) await caseStore.create(aCase(reference(seed)), []);
  deps = {
    services,
    caseStore,
    clock: { now: () => NOW },
    councils: oneCouncil,
  } as unknown as Open311Deps;
});
afterAll(() => dynalite?.close());

async function check(ids: string[]) {
  calls.length = 0;
  const response = await searchRequests({
    deps,
    event: {} as APIGatewayProxyEventV2,
    params: {},
    format: "json",
    query: { service_request_id: ids.join(",") },
    keyCouncil: () => undefined,
  });
  return (JSON.parse(String(response.body)) as Array<{ service_request_id: string }>).map(
    (r) => r.service_request_id,
  );
}

describe("Open311 status check of many ids (against dynalite)", () => {
  it("reads 1,000 ids in ten BatchGetItem calls, answering each stored case once in the order asked", async () => {
    const ids = [...Array(MAX_REQUEST_IDS).keys()].map((seed) => reference(seed)).reverse();
    // Named again in lower case and with a stray id: still one read of each case.
    const found = await check([...ids, reference(700).toLowerCase(), "not-a-reference"]);
    expect(found).toEqual([reference(999), reference(700), reference(3)]);
    expect(calls).toEqual(Array(10).fill("BatchGetItem"));
  });

  it("reads nothing when the check names more than 1,000 cases", async () => {
    const ids = [...Array(MAX_REQUEST_IDS + 1).keys()].map((seed) => reference(seed));
    await expect(check(ids)).rejects.toThrow(`give at most ${MAX_REQUEST_IDS} ids`);
    expect(calls).toEqual([]);
  });
});
