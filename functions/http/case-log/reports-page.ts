import { bodyFor } from "#core/case/bodies.js";
import type { Case } from "#core/case/case.js";
import { londonDate, londonDayEnd, londonDayStart } from "#core/case/london-time.js";
import { ForbiddenError } from "#core/errors.js";
import { serviceName } from "#core/services/answer-words.js";
import {
  addDays,
  type DateText,
  defaultReportRange,
  type Median,
  mondayOf,
  reportFigures,
  weeksBetween,
} from "#core/use-cases/report-figures.js";
import type { FieldError } from "../form-errors.js";
import { page } from "../page-result.js";
import type { CaseLogContext, CaseLogResult } from "./case-log-types.js";
import { councilOfIdentity, readCaseLogFilters } from "./list-filters.js";
import { readBudget } from "./read-budget.js";
import { horizontalBarChart, stackedBarChart } from "./svg/charts.js";

/**
 * The figures count at most this many cases (the newest), read in pages of PAGE while the read
 * budget lasts.
 */
export const REPORT_MAX_CASES = 3000;
const PAGE = 1000;
/** A page thinned by the store's read bound can come back short, so the pages are bounded too. */
const MAX_PAGES = 6;
/** A range longer than this makes charts and tables no one can read. */
const MAX_WEEKS = 106;

/**
 * The Reports page: charts of reports per week by destination, by service and by parish, and the
 * median time to first action and to close, for dates chosen as on the case list (default: the
 * last 12 weeks). Each chart has a table with the same numbers under it. District staff only.
 */
export async function reportsPage(ctx: CaseLogContext): Promise<CaseLogResult> {
  const { deps, identity } = ctx;
  if (identity?.role !== "staff") throw new ForbiddenError("Only council staff can see reports.");
  const budget = readBudget(deps.clock);
  const filters = readCaseLogFilters(ctx);
  const errors: FieldError[] = [...filters.errors];
  const defaults = defaultReportRange(deps.clock.now());
  const to = filters.to ? londonDate(filters.to) : defaults.to;
  const from = filters.from ? londonDate(filters.from) : addDays(mondayOf(to), -77);
  if (errors.length === 0 && weeksBetween(from, to).length > MAX_WEEKS) {
    errors.push({ field: "to-day", message: "Received to must be within 2 years of received from" });
  }
  const typed = Object.values(filters.dates).some((v) => v !== "");
  const dates = typed ? filters.dates : { ...dateFields("from", from), ...dateFields("to", to) };
  const base = { title: "Reports", identity, section: "reports", dates };
  if (errors.length > 0) return page("reports.njk", base, errors);

  const { cases, cut } = await readCases(ctx, from, to, budget);
  const figures = reportFigures(cases, { from, to }, deps.clock.now());
  const weekLabels = figures.weeks.map(shortDate);
  const districtArea = deps.areas.find((a) => a.kind === "district");
  const district = districtArea && bodyFor(districtArea, deps.bodies, deps.councilName).name;
  const bodies = bodySeries(ctx, cases, { from, to });
  const destinationSeries = [
    { name: "Sent to parishes", values: figures.byDestination.parish },
    { name: `Handled by ${district ?? deps.councilName}`, values: figures.byDestination.district },
    ...bodies,
  ];
  const serviceSeries = figures.byService.map((s) => ({
    name: serviceName(deps.services, s.id),
    values: s.counts,
  }));
  const areaRows = figures.byArea.map((a) => ({
    name: a.kind === "district" ? `Not in a parish (${a.name})` : a.name,
    body: bodyFor(a, deps.bodies, deps.councilName).name,
    total: a.total,
  }));
  const waits = [
    { label: "First action, all cases", median: figures.firstAction.all },
    { label: "First action, sent to parishes", median: figures.firstAction.parish },
    { label: "First action, handled by the district", median: figures.firstAction.district },
    { label: "Closing, all cases", median: figures.close.all },
    { label: "Closing, sent to parishes", median: figures.close.parish },
    { label: "Closing, handled by the district", median: figures.close.district },
    // Only where some case went beyond the council, so a council that sends none sees no empty rows.
    ...(bodies.length
      ? [
          { label: "First action, sent to other organisations", median: figures.firstAction.body },
          { label: "Closing, sent to other organisations", median: figures.close.body },
        ]
      : []),
  ];

  const weekRows = (series: ReadonlyArray<{ values: readonly number[] }>) =>
    figures.weeks.map((week, i) => {
      const cells = series.map((s) => s.values[i] ?? 0);
      return { label: longDate(week), cells: [...cells, cells.reduce((a, b) => a + b, 0)].map(String) };
    });
  const charts: ChartSection[] = [
    {
      id: "destination",
      heading: "Reports per week, by where they were sent",
      svg: stackedBarChart({
        id: "chart-destination",
        title: "Reports per week, by where they were sent",
        categories: weekLabels,
        series: destinationSeries,
      }),
      head: ["Week starting", ...destinationSeries.map((s) => s.name), "All"],
      rows: weekRows(destinationSeries),
    },
    {
      id: "service",
      heading: "Reports per week, by service",
      svg: stackedBarChart({
        id: "chart-service",
        title: "Reports per week, by service",
        categories: weekLabels,
        series: serviceSeries,
      }),
      head: ["Week starting", ...serviceSeries.map((s) => s.name), "All"],
      rows: weekRows(serviceSeries),
    },
    {
      id: "parish",
      heading: "Reports by parish",
      svg: horizontalBarChart({
        id: "chart-parish",
        title: "Reports in these dates, by the parish the reported point is in",
        items: areaRows.map((a) => ({ label: a.name, value: a.total })),
      }),
      head: ["Parish", "Answered by", "Reports"],
      rows: areaRows.map((a) => ({
        label: a.name,
        cells: [a.body, String(a.total)],
      })),
      firstTextColumns: 1,
    },
    {
      id: "waits",
      heading: "How long cases wait",
      svg: horizontalBarChart({
        id: "chart-waits",
        title: "Median time to first action and to closing, in days",
        items: waits.map((w) => ({
          label: w.label,
          value: (w.median.median ?? 0) / 86_400_000,
          text: durationWords(w.median),
        })),
      }),
      head: ["Median time to", "Median", "Cases counted", "Still waiting", "Oldest waiting"],
      rows: waits.map((w) => ({
        label: w.label,
        cells: [
          durationWords(w.median),
          String(w.median.count),
          String(w.median.waiting),
          oldestWords(w.median),
        ],
      })),
      firstTextColumns: 1,
      note: "First action is the first change of status by staff. Closing counts only cases closed now, from when they were received to when they were last closed.",
    },
  ];

  return page("reports.njk", {
    ...base,
    range: `${longDate(from)} to ${longDate(to)}`,
    total: figures.total,
    cut,
    // How many the figures count when cut short, by the cap or by the read budget.
    maxCases: cases.length.toLocaleString("en-GB"),
    charts,
    waiting: { firstAction: figures.firstAction.all, close: figures.close.all },
  });
}

/** A chart and the table with its numbers: the first column heads the rows. */
interface ChartSection {
  id: string;
  heading: string;
  svg: string;
  head: string[];
  rows: Array<{ label: string; cells: string[] }>;
  /** How many cells after the label hold words rather than numbers (they are not right-aligned). */
  firstTextColumns?: number;
  note?: string;
}

/**
 * One series per body beyond the council that cases in these dates went to (county highways, a
 * road safety partnership), named as the body names itself, in the order the body data lists them.
 */
function bodySeries(ctx: CaseLogContext, cases: readonly Case[], range: { from: DateText; to: DateText }) {
  const { deps } = ctx;
  const codes = [
    ...new Set(cases.filter((c) => c.destination.kind === "body").map((c) => c.destination.code)),
  ];
  const order = (code: string) => {
    const at = (deps.routingBodies ?? []).findIndex((b) => b.id === code);
    return at < 0 ? Number.MAX_SAFE_INTEGER : at;
  };
  return codes
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((code) => {
      const sent = cases.filter((c) => c.destination.kind === "body" && c.destination.code === code);
      const first = sent[0] as Case;
      return {
        name: `Sent to ${bodyFor(first.destination, deps.bodies, deps.councilName).name}`,
        values: reportFigures(sent, range, deps.clock.now()).byDestination.body,
      };
    })
    .filter((series) => series.values.some((n) => n > 0));
}

/**
 * The cases received from the start of `from` to the end of `to` (London), newest first, bounded
 * by count, pages and time; `cut` if any was left out.
 */
async function readCases(
  ctx: CaseLogContext,
  from: DateText,
  to: DateText,
  budget: ReturnType<typeof readBudget>,
): Promise<{ cases: Case[]; cut: boolean }> {
  const query = {
    council: councilOfIdentity(ctx),
    from: londonDayStart(day(from)),
    to: londonDayEnd(day(to)),
    limit: PAGE,
  };
  const cases: Case[] = [];
  let cursor: string | undefined;
  for (let read = 0; read < MAX_PAGES; read++) {
    const found = await ctx.deps.caseStore.listCases({ ...query, ...(cursor ? { cursor } : {}) });
    cases.push(...found.cases);
    cursor = found.next;
    if (!cursor || cases.length >= REPORT_MAX_CASES || budget.spent()) break;
  }
  return {
    cases: cases.slice(0, REPORT_MAX_CASES),
    cut: cursor !== undefined || cases.length > REPORT_MAX_CASES,
  };
}

function day(date: DateText) {
  const [year, month, d] = date.split("-").map(Number) as [number, number, number];
  return { year, month, day: d };
}

function dateFields(prefix: "from" | "to", date: DateText): Record<string, string> {
  const { year, month, day: d } = day(date);
  return {
    [`${prefix}-day`]: String(d),
    [`${prefix}-month`]: String(month),
    [`${prefix}-year`]: String(year),
  };
}

const format = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" });
const short = format({ day: "numeric", month: "short" });
const long = format({ day: "numeric", month: "long", year: "numeric" });
/** "14 Sep" and "14 September 2026": the date as written, whatever the server's zone. */
const shortDate = (date: DateText) => short.format(new Date(`${date}T00:00:00Z`));
const longDate = (date: DateText) => long.format(new Date(`${date}T00:00:00Z`));

/** "12 days", "Less than a day", "None waiting": how long the oldest waiting case has waited. */
export function oldestWords(m: Median): string {
  if (m.oldestWaitingDays === undefined) return "None waiting";
  if (m.oldestWaitingDays === 0) return "Less than a day";
  return `${m.oldestWaitingDays} ${m.oldestWaitingDays === 1 ? "day" : "days"}`;
}

/** "2 days 4 hours", "3 hours 20 minutes", "No cases yet". */
export function durationWords(m: Median): string {
  if (m.median === undefined) return "No cases yet";
  const minutes = Math.round(m.median / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const unit = (value: number, word: string) => `${value} ${word}${value === 1 ? "" : "s"}`;
  if (days > 0) return hours > 0 ? `${unit(days, "day")} ${unit(hours, "hour")}` : unit(days, "day");
  if (hours > 0) return mins > 0 ? `${unit(hours, "hour")} ${unit(mins, "minute")}` : unit(hours, "hour");
  return unit(mins, "minute");
}
