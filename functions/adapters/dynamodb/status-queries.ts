import type { Case } from "#core/case/case.js";
import { CASE_STATUSES, type CaseListQuery, caseSortKey, type CaseStore } from "#core/ports/case-store.js";
import { ExpressionBuilder } from "./expression-builder.js";
import { indexSortKeyTop, statusPartition } from "./keys.js";
import { collectCases, type QueryInput } from "./query-pages.js";
import type { TableAccess } from "./table-access.js";
import { indexNames, reportsTable } from "./table-definition.js";

/** Reads of the status index by date range: the staff lists by status and the requeue sweep. */

const BY_STATUS = indexNames.byStatus;

/** One council's status partition, created within `[from, to]`, with the expression built so far. */
function statusRange(e: ExpressionBuilder, council: string, status: string, from: string, to: string) {
  const { partitionKey, sortKey } = reportsTable.indexes[BY_STATUS];
  return {
    IndexName: BY_STATUS,
    KeyConditionExpression: `${e.name(partitionKey)} = ${e.value(statusPartition(council, status))} AND ${e.name(sortKey)} BETWEEN ${e.value(from)} AND ${e.value(indexSortKeyTop(to))}`,
  };
}

export function listByStatus(table: TableAccess, query: CaseListQuery): Promise<Case[]> {
  const e = new ExpressionBuilder();
  const input: QueryInput = statusRange(e, query.council, query.status, query.from, query.to);
  if (query.service) input.FilterExpression = `${e.name("service")} = ${e.value(query.service)}`;
  return collectCases(table, { ...input, ...e.attributes() }, query.limit, 2);
}

export async function listAwaitingDispatch(
  table: TableAccess,
  query: Parameters<CaseStore["listAwaitingDispatch"]>[0],
): Promise<Case[]> {
  const perStatus = await Promise.all(
    CASE_STATUSES.map((status) => {
      const e = new ExpressionBuilder();
      const input: QueryInput = statusRange(e, query.council, status, query.from, query.to);
      const since = e.value(query.untouchedSince);
      const delivery = e.name("delivery");
      input.FilterExpression = `${e.name("updatedAt")} < ${since} AND (${delivery} = ${e.value("queued")} OR (${delivery} = ${e.value("sending")} AND ${e.name("sendingSince")} < ${since}))`;
      // Nearly every case has been sent: read in big pages.
      return collectCases(table, { ...input, ...e.attributes() }, query.limit, 1000);
    }),
  );
  return perStatus
    .flat()
    .sort((a, b) => caseSortKey(a).localeCompare(caseSortKey(b)))
    .slice(0, query.limit);
}
