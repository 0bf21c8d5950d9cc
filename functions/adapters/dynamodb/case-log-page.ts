import type { Case } from "#core/case/case.js";
import {
  CASE_STATUSES,
  type CasePage,
  type CasePageQuery,
  caseSortKey,
  MAX_READS_PER_PARTITION,
} from "#core/ports/case-store.js";
import { isExpired, toCase } from "./case-items.js";
import { ExpressionBuilder } from "./expression-builder.js";
import {
  destinationPartition,
  indexSortKeyTop,
  SEARCH_POSTCODE,
  SEARCH_ROAD,
  statusPartition,
} from "./keys.js";
import { queryPages } from "./query-pages.js";
import type { TableAccess } from "./table-access.js";
import { type IndexName, indexNames, reportsTable } from "./table-definition.js";

/** One page of one council's case log, merged from the index partitions it spans. */
export async function listCasePage(table: TableAccess, query: CasePageQuery): Promise<CasePage> {
  // One destination partition, or one status partition per status, each read newest first.
  const partitions = query.destination
    ? [{ index: indexNames.byDestination, pk: destinationPartition(query.council, query.destination) }]
    : (query.status ? [query.status] : CASE_STATUSES).map((status) => ({
        index: indexNames.byStatus,
        pk: statusPartition(query.council, status),
      }));
  const reads = await Promise.all(partitions.map((p) => readPartition(table, p.index, p.pk, query)));
  // Every partition has been seen down to its `seenTo` (or to its end). Only cases at or above
  // the highest of those are certain to be in order across partitions: the rest wait for the
  // next page, which starts below that line.
  const line = reads
    .filter((r) => r.seenTo !== undefined)
    .map((r) => r.seenTo as string)
    .sort()
    .at(-1);
  const merged = reads
    .flatMap((r) => r.cases)
    .filter((c) => line === undefined || caseSortKey(c) >= line)
    .sort((a, b) => caseSortKey(b).localeCompare(caseSortKey(a)));
  const cases = merged.slice(0, query.limit);
  const last = cases.at(-1);
  const next = merged.length > query.limit && last ? caseSortKey(last) : line;
  return { cases, ...(next ? { next } : {}) };
}

/**
 * Up to `limit + 1` matching cases of one index partition, newest first, below the cursor and
 * within the date range, in at most MAX_READS_PER_PARTITION queries. `seenTo` is the sort key the
 * reads reached when the partition has more.
 */
async function readPartition(
  table: TableAccess,
  indexName: IndexName,
  pk: string,
  query: CasePageQuery,
): Promise<{ cases: Case[]; seenTo?: string }> {
  const index = reportsTable.indexes[indexName];
  const wanted = query.limit + 1;
  const rangeTop = query.to ? indexSortKeyTop(query.to) : undefined;
  const below = query.cursor && (!rangeTop || query.cursor <= rangeTop) ? query.cursor : undefined;
  const top = below ?? rangeTop;
  // A cursor from before the date range (an old bookmark): nothing older is in range.
  if (query.from && top && top < query.from) return { cases: [] };
  const e = new ExpressionBuilder();
  let keyCondition = `${e.name(index.partitionKey)} = ${e.value(pk)}`;
  if (query.from && top) {
    // BETWEEN is inclusive: the cursor's own case comes back and is dropped below.
    keyCondition += ` AND ${e.name(index.sortKey)} BETWEEN ${e.value(query.from)} AND ${e.value(top)}`;
  } else if (query.from) {
    keyCondition += ` AND ${e.name(index.sortKey)} >= ${e.value(query.from)}`;
  } else if (top) {
    keyCondition += ` AND ${e.name(index.sortKey)} ${below ? "<" : "<="} ${e.value(top)}`;
  }
  const filters = caseLogFilters(e, indexName, query);
  const cases: Case[] = [];
  // A filter drops some of what is read, so read more than is missing; BETWEEN also returns the
  // cursor's own case. A search matches few cases, so each of its reads takes all DynamoDB gives
  // (1 MB at most): the reads stay bounded, and a page searches as far back as it can.
  const searching = Boolean(query.postcodePrefix || query.road);
  const pageLimit = () =>
    searching
      ? 1000
      : Math.min((wanted - cases.length) * (filters.length ? 4 : 1) + (below && query.from ? 1 : 0), 1000);
  const pages = queryPages(
    table,
    {
      IndexName: indexName,
      KeyConditionExpression: keyCondition,
      ...(filters.length ? { FilterExpression: filters.join(" AND ") } : {}),
      ...e.attributes(),
      ScanIndexForward: false,
    },
    pageLimit,
  );
  let start: Record<string, unknown> | undefined;
  let reads = 0;
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      if (below && caseSortKey(item as Case) >= below) continue;
      if (!isExpired(item, table.now()) && cases.length < wanted) cases.push(toCase(item));
    }
    start = page.LastEvaluatedKey;
    reads += 1;
    if (!start || cases.length >= wanted || reads >= MAX_READS_PER_PARTITION) break;
  }
  const seenTo = start ? (start[index.sortKey] as string) : undefined;
  // Reads that stopped early (enough found) reached the last case kept.
  const lastKept = cases.at(-1);
  const reached = cases.length >= wanted && lastKept ? caseSortKey(lastKept) : seenTo;
  return { cases, ...(start || cases.length >= wanted ? { seenTo: reached } : {}) };
}

/** The filters the index key cannot serve: each one thins what a query returns. */
function caseLogFilters(e: ExpressionBuilder, indexName: IndexName, query: CasePageQuery): string[] {
  const filters: string[] = [];
  if (query.status && indexName === indexNames.byDestination) {
    filters.push(`${e.name("status")} = ${e.value(query.status)}`);
  }
  if (query.destinationKind && indexName === indexNames.byStatus) {
    filters.push(`${e.path("destination", "kind")} = ${e.value(query.destinationKind)}`);
  }
  if (query.service) filters.push(`${e.name("service")} = ${e.value(query.service)}`);
  if (query.notSent) {
    filters.push(`${e.name("delivery")} IN (${e.value("failed")}, ${e.value("unconfirmed")})`);
  }
  const search = searchFilter(e, query);
  if (search) filters.push(search);
  return filters;
}

/**
 * The search, on the search attributes written at create. A case stored before them has none:
 * its postcode is compared as stored (intake has always stored it in the searched form), and its
 * road name as typed, in lower case and in title case ("mill lane", "Mill Lane"), since a
 * filter cannot ignore case.
 */
function searchFilter(e: ExpressionBuilder, query: CasePageQuery): string | undefined {
  const either: string[] = [];
  if (query.postcodePrefix) {
    const prefix = e.value(query.postcodePrefix);
    either.push(
      `begins_with(${e.name(SEARCH_POSTCODE)}, ${prefix})`,
      `(attribute_not_exists(${e.name(SEARCH_POSTCODE)}) AND begins_with(${e.path("location", "postcode")}, ${prefix}))`,
    );
  }
  if (query.road) {
    const asStored = e.path("location", "roadName");
    const forms = [...new Set([query.road, titleCase(query.road)])].map(
      (form) => `contains(${asStored}, ${e.value(form)})`,
    );
    either.push(
      `contains(${e.name(SEARCH_ROAD)}, ${e.value(query.road)})`,
      `(attribute_not_exists(${e.name(SEARCH_ROAD)}) AND (${forms.join(" OR ")}))`,
    );
  }
  return either.length ? `(${either.join(" OR ")})` : undefined;
}

const titleCase = (text: string) =>
  text.replace(/(^|\s)(\p{Ll})/gu, (_, space: string, letter: string) => space + letter.toUpperCase());
