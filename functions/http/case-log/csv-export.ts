import { bodyFor } from "#core/case/bodies.js";
import type { Case } from "#core/case/case.js";
import { londonDate } from "#core/case/london-time.js";
import { answerWords, serviceName } from "#core/services/answer-words.js";
import { type CaseLogContext, type CaseLogResult, canSee } from "./case-log-types.js";
import { csvRow, spreadsheetTime, UTF8_BOM } from "./csv.js";
import { deliveryLabels, statusLabels } from "./labels.js";
import {
  ANY_BODY,
  ANY_PARISH,
  councilOfIdentity,
  type ListFilters,
  readCaseLogFilters,
  toPageQuery,
} from "./list-filters.js";
import { staffPaths } from "./paths.js";
import { readBudget } from "./read-budget.js";

/**
 * The current filter and search as CSV for Excel, newest first, in the words the case log uses
 * and without residents' details. Bounded so it always finishes inside the function's time and
 * Lambda's 6 MB response: at most MAX_CSV_ROWS rows, MAX_CSV_PAGES list reads, MAX_CSV_BYTES and
 * no read started after the read budget is spent; a cut-short export says so in its file name.
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
  const { rows, complete } = await casesToExport(ctx, filters);
  const columns = exportColumns(ctx, rows);
  let body = UTF8_BOM + csvRow(columns.map((c) => c.header));
  let bytes = payloadBytes(body);
  let written = 0;
  for (const c of rows) {
    const line = csvRow(columns.map((column) => column.value(c)));
    bytes += payloadBytes(line);
    if (bytes > MAX_CSV_BYTES) break;
    body += line;
    written += 1;
  }
  return {
    kind: "data",
    status: 200,
    contentType: "text/csv; charset=utf-8",
    body,
    filename: csvFileName(ctx, filters, complete && written === rows.length ? undefined : written),
  };
}

/** Bytes of text inside Lambda's JSON response, where quotes and line ends are escaped. */
const payloadBytes = (text: string) => Buffer.byteLength(JSON.stringify(text)) - 2;

/** The cases the filters find, newest first, within the bounds; `complete` if none was left out. */
async function casesToExport(
  ctx: CaseLogContext,
  filters: ListFilters,
): Promise<{ rows: Case[]; complete: boolean }> {
  // A reference is looked up, as the list does: the one case, if this person may see it.
  if (filters.search?.kind === "reference") {
    const found = await ctx.deps.caseStore.get(filters.search.reference);
    return {
      rows: found && ctx.identity && canSee(ctx.identity, found, ctx.deps.councils) ? [found] : [],
      complete: true,
    };
  }
  const budget = readBudget(ctx.deps.clock);
  const rows: Case[] = [];
  let cursor: string | undefined;
  let pages = 0;
  // A rough size, so the reads stop once the file would be too big anyway.
  let estimate = 0;
  do {
    const found = await ctx.deps.caseStore.listCases({
      ...toPageQuery(filters, Math.min(500, MAX_CSV_ROWS - rows.length), councilOfIdentity(ctx)),
      ...(cursor ? { cursor } : {}),
    });
    for (const c of found.cases) {
      estimate += c.description.length + 600;
      rows.push(c);
    }
    cursor = found.next;
    pages += 1;
  } while (
    cursor &&
    rows.length < MAX_CSV_ROWS &&
    pages < MAX_CSV_PAGES &&
    estimate <= MAX_CSV_BYTES &&
    !budget.spent()
  );
  return { rows, complete: !cursor };
}

interface Column {
  header: string;
  value: (c: Case) => string | number | undefined;
}

/** The columns, in the order an officer reads a case; then one per question; then the link. */
function exportColumns(ctx: CaseLogContext, rows: readonly Case[]): Column[] {
  const { deps } = ctx;
  return [
    { header: "Reference", value: (c) => c.reference },
    { header: "Received (London time)", value: (c) => spreadsheetTime(c.createdAt) },
    { header: "Service", value: (c) => serviceName(deps.services, c.service) },
    { header: "Status", value: (c) => statusLabels[c.status] ?? c.status },
    { header: "Email to the council", value: (c) => deliveryLabels[c.delivery]?.text ?? c.delivery },
    { header: "Sent to", value: (c) => bodyFor(c.destination, deps.bodies, deps.councilName).name },
    // Why a case came to the council (or went further) when the role asked for had no body there.
    { header: "Fallback reason", value: (c) => c.routing.fallback?.why },
    // Where the point fell, whoever the case went to: a district fall-back still names its parish.
    {
      header: "Parish",
      value: (c) => (c.routing.area.kind === "parish" ? c.routing.area.name : "Not in a parish"),
    },
    { header: "Road", value: (c) => c.location.roadName },
    { header: "Postcode", value: (c) => c.location.postcode },
    { header: "Latitude", value: (c) => round(c.location.lat) },
    { header: "Longitude", value: (c) => round(c.location.lng) },
    { header: "When it happens", value: (c) => c.when },
    { header: "Description", value: (c) => c.description },
    { header: "Signposted to", value: (c) => c.signpost?.title },
    ...questionColumns(ctx, rows),
    { header: "Link to the case", value: (c) => caseLink(deps.caseLogUrl, c.reference) },
  ];
}

/**
 * One column per question of the services in the export, headed with the question as residents
 * were asked it and holding the answer's label. Two services asking the same words get a column
 * each, told apart by the service's name.
 */
function questionColumns(ctx: CaseLogContext, rows: readonly Case[]): Column[] {
  const { services } = ctx.deps;
  const used = new Set(rows.map((c) => c.service));
  const keys = new Map<string, { service: string; questionId: string; question: string }>();
  // The services' own order, then each one's questions in the order it asks them.
  const ordered = [
    ...services.filter((s) => used.has(s.id)).map((s) => s.id),
    ...[...used].filter((id) => !services.some((s) => s.id === id)),
  ];
  for (const serviceId of ordered) {
    const service = services.find((s) => s.id === serviceId);
    const asked = service?.questions.map((q) => ({ questionId: q.id, question: q.title })) ?? [];
    const stored = rows
      .filter((c) => c.service === serviceId)
      .flatMap((c) => answerWords(service, c.answers))
      .map(({ questionId, question }) => ({ questionId, question }));
    for (const q of [...asked, ...stored]) {
      const key = `${serviceId}\u0000${q.questionId}`;
      if (!keys.has(key)) keys.set(key, { service: serviceId, ...q });
    }
  }
  const texts = [...keys.values()].map((k) => k.question);
  return [...keys.values()].map((k) => {
    const shared = texts.filter((t) => t === k.question).length > 1;
    const service = services.find((s) => s.id === k.service);
    return {
      header: shared ? `${k.question} (${serviceName(services, k.service)})` : k.question,
      value: (c: Case) =>
        c.service === k.service
          ? answerWords(service, c.answers).find((a) => a.questionId === k.questionId)?.answer
          : undefined,
    };
  });
}

/**
 * The case's address under the case log's configured public URL, or its path where none is set;
 * never the host the request came to, which behind CloudFront is API Gateway's own.
 */
export function caseLink(caseLogUrl: string | undefined, reference: string): string {
  const path = staffPaths.case(reference);
  if (!caseLogUrl) return path;
  const base = caseLogUrl.endsWith("/") ? caseLogUrl : `${caseLogUrl}/`;
  return new URL(path.replace(/^\/staff\//, ""), base).toString();
}

/** Six decimal places: about 10 cm, more than any report is accurate to. */
const round = (n: number) => Math.round(n * 1e6) / 1e6;

/**
 * "cases-2026-11-01-to-2026-11-30-ashcombe-closed.csv": the dates and filters in words a file name
 * can hold (lower-case letters, digits and hyphens only), and "-newest-N-only" when cut short.
 */
export function csvFileName(ctx: CaseLogContext, filters: ListFilters, cutTo?: number): string {
  const from = filters.from && londonDate(filters.from);
  const to = filters.to && londonDate(filters.to);
  const area =
    ctx.deps.areas.find((a) => a.code === filters.sentTo) ??
    ctx.deps.routingBodies?.find((b) => b.id === filters.sentTo);
  const search = filters.search?.kind === "reference" ? filters.search.reference : filters.searchText;
  const parts = [
    "cases",
    from && to ? `${from}-to-${to}` : from ? `from-${from}` : to ? `to-${to}` : "",
    filters.sentTo === ANY_PARISH
      ? "parishes"
      : filters.sentTo === ANY_BODY
        ? "other-organisations"
        : (area?.name ?? ""),
    filters.service ?? "",
    filters.status ?? "",
    filters.notSent ? "email-not-sent" : "",
    filters.search ? `search-${search}` : "",
  ];
  const name = parts
    .map((part) =>
      part
        .normalize("NFKD")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, ""),
    )
    .filter(Boolean)
    .join("-")
    .slice(0, 120)
    .replace(/-+$/, "");
  // The cut-short marker is never cut itself.
  return `${name}${cutTo !== undefined ? `-newest-${cutTo}-only` : ""}.csv`;
}
