import type { Case } from "#core/case/case.js";
import type { CaseLogContext, CaseLogResult } from "./case-log-types.js";
import { toCsv } from "./csv.js";
import { readCaseLogFilters, toPageQuery } from "./list-filters.js";

/**
 * The current filter as CSV, newest first, without residents' details. Bounded so it always
 * finishes inside the function's time and Lambda's 6 MB response: at most MAX_CSV_ROWS rows,
 * MAX_CSV_PAGES list reads and about MAX_CSV_BYTES; a cut-short export says so in its file name.
 */
export const MAX_CSV_ROWS = 5000;
const MAX_CSV_PAGES = 20;
const MAX_CSV_BYTES = 4_500_000;

export async function csvData(ctx: CaseLogContext): Promise<CaseLogResult> {
  const filters = readCaseLogFilters(ctx);
  if (filters.errors.length > 0) {
    return {
      kind: "data",
      status: 400,
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify({ error: "invalid filters", issues: filters.errors }),
    };
  }
  const rows: Case[] = [];
  let cursor: string | undefined;
  let pages = 0;
  let bytes = 0;
  do {
    const found = await ctx.deps.caseStore.listCases({
      ...toPageQuery(filters, Math.min(500, MAX_CSV_ROWS - rows.length)),
      ...(cursor ? { cursor } : {}),
    });
    for (const c of found.cases) {
      // Twice the text length covers quoting and multi-byte characters.
      bytes += 2 * (c.description.length + 200);
      if (bytes > MAX_CSV_BYTES) break;
      rows.push(c);
    }
    cursor = found.next;
    pages += 1;
  } while (cursor && rows.length < MAX_CSV_ROWS && pages < MAX_CSV_PAGES && bytes <= MAX_CSV_BYTES);
  const complete = !cursor && bytes <= MAX_CSV_BYTES;
  const body = toCsv(
    [
      "reference",
      "received",
      "service",
      "status",
      "email",
      "sent to",
      "destination code",
      "postcode",
      "road",
      "description",
      "signpost",
    ],
    rows.map((c) => [
      c.reference,
      c.createdAt,
      c.service,
      c.status,
      c.delivery,
      c.destination.name,
      c.destination.code,
      c.location.postcode,
      c.location.roadName,
      c.description,
      c.signpost?.title,
    ]),
  );
  return {
    kind: "data",
    status: 200,
    contentType: "text/csv; charset=utf-8",
    body,
    filename: complete ? "cases.csv" : `cases-newest-${rows.length}-only.csv`,
  };
}
