import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BATCH_RETRY, batchGetCases } from "#adapters/dynamodb/batch-get-cases.js";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import type { TableAccess } from "#adapters/dynamodb/table-access.js";
import { UpstreamError } from "#core/errors.js";
import { startDynalite } from "../../../functions/local/start-dynalite.js";
import { type FaultProxy, startFaultProxy } from "../../helpers/fault-proxy.js";
import { TEST_FIRST_COUNCIL } from "../../helpers/memory-case-store.js";
import { aCase } from "../case-store-contract.js";

// BatchGetItem through a proxy in front of dynalite, which can answer a batch as DynamoDB does
// when it reads none of it (throttled): every key back as unprocessed.

const TABLE = "batch-get-test";
const NOW = new Date("2026-11-23T10:00:00Z");
let dynalite: Awaited<ReturnType<typeof startDynalite>>;
let proxy: FaultProxy;
let table: TableAccess;
let store: DynamoCaseStore;
/** The operation of every request the proxy saw, in order. */
const operations: string[] = [];

beforeAll(async () => {
  dynalite = await startDynalite({ tableName: TABLE });
  proxy = await startFaultProxy();
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: proxy.forwardTo(dynalite.url),
      region: "eu-west-2",
      credentials: { accessKeyId: "x", secretAccessKey: "x" },
    }),
  );
  table = { client, tableName: TABLE, now: () => NOW };
  store = new DynamoCaseStore({ firstCouncil: TEST_FIRST_COUNCIL, client, tableName: TABLE, now: () => NOW });
  for (const reference of ["SPD-BTCH-0001", "SPD-BTCH-0002"]) await store.create(aCase(reference), []);
});
afterAll(async () => {
  await proxy?.close();
  await dynalite?.close();
});

const operationOf = (headers: Record<string, string | string[] | undefined>) =>
  String(headers["x-amz-target"]).split(".").at(-1) ?? "";

/** The first `times` BatchGetItem requests are answered with all their keys unprocessed. */
function leaveUnprocessed(times: number) {
  operations.length = 0;
  let left = times;
  proxy.rule((request) => {
    const operation = operationOf(request.headers);
    operations.push(operation);
    if (operation !== "BatchGetItem" || left-- <= 0) return "pass";
    const { RequestItems } = JSON.parse(request.body) as { RequestItems: Record<string, object> };
    return {
      status: 200,
      contentType: "application/x-amz-json-1.0",
      body: JSON.stringify({ Responses: { [TABLE]: [] }, UnprocessedKeys: RequestItems }),
    };
  });
}

/** Records the waits instead of waiting. */
function recordedRetry() {
  const waits: number[] = [];
  return { waits, retry: { ...BATCH_RETRY, sleep: async (ms: number) => waits.push(ms) } };
}

describe("batchGetCases (BatchGetItem against dynalite)", () => {
  it("reads 1,000 references in ten calls of 100", async () => {
    leaveUnprocessed(0);
    const references = [...Array(1000).keys()].map((i) => `SPD-MISS-${String(i).padStart(4, "0")}`);
    references[10] = "SPD-BTCH-0001";
    references[500] = "SPD-BTCH-0002";
    const found = await batchGetCases(table, references);
    expect(found.map((c) => c.reference)).toEqual(["SPD-BTCH-0001", "SPD-BTCH-0002"]);
    expect(operations).toEqual(Array(10).fill("BatchGetItem"));
  });

  it("asks again for keys left unprocessed, waiting longer each time", async () => {
    leaveUnprocessed(2);
    const { waits, retry } = recordedRetry();
    const found = await batchGetCases(table, ["SPD-BTCH-0002", "SPD-BTCH-0001"], retry);
    expect(found.map((c) => c.reference)).toEqual(["SPD-BTCH-0002", "SPD-BTCH-0001"]);
    expect(operations).toEqual(["BatchGetItem", "BatchGetItem", "BatchGetItem"]);
    expect(waits).toEqual([BATCH_RETRY.firstDelayMs, BATCH_RETRY.firstDelayMs * 2]);
  });

  it("gives up after a bounded number of calls, rather than answer as if the cases were not there", async () => {
    leaveUnprocessed(Number.POSITIVE_INFINITY);
    const { waits, retry } = recordedRetry();
    const read = batchGetCases(table, ["SPD-BTCH-0001", "SPD-BTCH-0002"], retry);
    await expect(read).rejects.toBeInstanceOf(UpstreamError);
    await expect(read).rejects.toThrow("2 of 2 cases still unprocessed after 6 BatchGetItem calls");
    expect(operations).toHaveLength(BATCH_RETRY.calls);
    expect(waits).toEqual([25, 50, 100, 200, 400]);
  });
});
