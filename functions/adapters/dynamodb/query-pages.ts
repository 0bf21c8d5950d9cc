import {
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
} from "@aws-sdk/lib-dynamodb";
import type { Case } from "#core/case/case.js";
import { isExpired, toCase } from "./case-items.js";
import type { TableAccess } from "./table-access.js";

export type QueryInput = Omit<QueryCommandInput, "TableName" | "Limit" | "ExclusiveStartKey">;

/**
 * The pages of one query. `pageLimit`, when given, sizes each page as it is sent, so a read asks
 * only for what is still missing. The paginator sends the next request only when the loop asks for
 * the next page: breaking out of `for await` reads nothing more.
 */
export function queryPages(
  table: TableAccess,
  input: QueryInput,
  pageLimit?: () => number,
): AsyncIterable<QueryCommandOutput> {
  const withLimit = pageLimit && {
    withCommand: (command: { input: object }) =>
      new QueryCommand({ ...(command.input as QueryCommandInput), Limit: pageLimit() }),
  };
  return paginateQuery({ client: table.client, ...withLimit }, { ...input, TableName: table.tableName });
}

/**
 * Runs an index query newest first, page after page, until `wanted` unexpired cases are found.
 * Each page asks for `overRead` times what is still missing, since a filter may drop some.
 */
export async function collectCases(
  table: TableAccess,
  input: Omit<QueryInput, "ScanIndexForward">,
  wanted: number,
  overRead: number,
): Promise<Case[]> {
  const found: Case[] = [];
  const pageLimit = () => Math.min(Math.max(wanted - found.length, 1) * overRead, 1000);
  for await (const page of queryPages(table, { ...input, ScanIndexForward: false }, pageLimit)) {
    for (const item of page.Items ?? []) {
      if (!isExpired(item, table.now()) && found.length < wanted) found.push(toCase(item));
    }
    if (found.length >= wanted) break;
  }
  return found;
}
