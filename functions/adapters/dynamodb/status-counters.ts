import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { CaseStatus } from "#core/case/case.js";
import { londonDate } from "#core/case/london-time.js";
import { CASE_STATUSES } from "#core/ports/case-store.js";
import { isExpired } from "./case-items.js";
import { ExpressionBuilder } from "./expression-builder.js";
import { statusCountsKey } from "./keys.js";
import { queryPages } from "./query-pages.js";
import type { TableAccess } from "./table-access.js";
import { reportsTable } from "./table-definition.js";

/** Per-day status counters of each council: one item per council and London day, a number per status. */

/**
 * Moves the counters of the London day a case was received on. The counter item expires with the
 * last case of its day, so only a new case passes `expiresAt`.
 */
export async function moveStatusCounts(
  table: TableAccess,
  council: string,
  createdAt: string,
  changes: Partial<Record<CaseStatus, number>>,
  expiresAt?: number,
): Promise<void> {
  const e = new ExpressionBuilder().add(changes);
  if (expiresAt !== undefined) e.set({ [reportsTable.timeToLiveAttribute]: expiresAt });
  await table.client.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: statusCountsKey(council, londonDate(createdAt)),
      UpdateExpression: e.update(),
      ...e.attributes(),
    }),
  );
}

/** Sums one council's counters of the London days of `from` to `to` (default: every day kept). */
export async function countByStatus(
  table: TableAccess,
  range: { council: string; from?: string; to?: string },
): Promise<Record<CaseStatus, number>> {
  const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
  const first = statusCountsKey(range.council, range.from ? londonDate(range.from) : "0000-00-00");
  const last = statusCountsKey(range.council, range.to ? londonDate(range.to) : "9999-99-99");
  const e = new ExpressionBuilder();
  const { partitionKey: pk, sortKey: sk } = reportsTable;
  const query = {
    KeyConditionExpression: `${e.name(pk)} = ${e.value(first[pk])} AND ${e.name(sk)} BETWEEN ${e.value(first[sk])} AND ${e.value(last[sk])}`,
    ...e.attributes(),
  };
  // Small items, one per day kept (a few hundred): one page in practice.
  for await (const page of queryPages(table, query)) {
    for (const item of page.Items ?? []) {
      if (isExpired(item, table.now())) continue;
      for (const status of CASE_STATUSES) {
        counts[status] += typeof item[status] === "number" ? item[status] : 0;
      }
    }
  }
  return counts;
}
