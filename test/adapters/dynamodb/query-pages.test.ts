import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExpressionBuilder } from "#adapters/dynamodb/expression-builder.js";
import { queryPages } from "#adapters/dynamodb/query-pages.js";
import type { TableAccess } from "#adapters/dynamodb/table-access.js";
import { reportsTable } from "#adapters/dynamodb/table-definition.js";
import { startDynaliteClient } from "../../helpers/dynalite-client.js";

// The case log's bound on reads rests on this: pages are fetched only when asked for.

let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
let table: TableAccess;
const sent: string[] = [];
const { partitionKey, sortKey } = reportsTable;

beforeAll(async () => {
  dynalite = await startDynaliteClient("query-pages", { onRequest: (operation) => sent.push(operation) });
  table = { client: dynalite.client, tableName: dynalite.tableName, now: () => new Date() };
  for (let i = 0; i < 10; i++) {
    const item = { [partitionKey]: "PAGES", [sortKey]: `ITEM#${i}` };
    await dynalite.client.send(new PutCommand({ TableName: dynalite.tableName, Item: item }));
  }
});
afterAll(() => dynalite?.close());

function allItems() {
  const e = new ExpressionBuilder();
  return { KeyConditionExpression: `${e.name(partitionKey)} = ${e.value("PAGES")}`, ...e.attributes() };
}

describe("queryPages", () => {
  it("sends no request beyond the page a loop breaks out on", async () => {
    sent.length = 0;
    for await (const page of queryPages(table, allItems(), () => 3)) {
      expect(page.LastEvaluatedKey).toBeDefined();
      break;
    }
    expect(sent).toEqual(["Query"]);
  });

  it("sizes each page as it is sent, and reads to the end when not stopped", async () => {
    sent.length = 0;
    const sizes = [4, 3, 2, 1];
    const pages: number[] = [];
    for await (const page of queryPages(table, allItems(), () => sizes[pages.length] ?? 10)) {
      pages.push(page.Items?.length ?? 0);
    }
    expect(pages).toEqual([4, 3, 2, 1, 0]);
    expect(sent).toHaveLength(5);
  });
});
