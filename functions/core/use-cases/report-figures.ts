import type { Case, CaseStatus, Destination } from "../case/case.js";
import { londonDate } from "../case/london-time.js";

/**
 * The Reports page's figures, from the cases received in a range of London days: reports per
 * week (weeks start on Monday, London time, so a report at 00:30 BST on a Monday counts in that
 * week), by destination, by service and by the area the point fell in; and the median time to
 * first action and to close. A median of the cases that were acted on (or closed) says nothing of
 * those still waiting, so beside each is how many still wait and how long the oldest has: a body
 * that ignores its cases must not look fast. Pure: the page reads the cases, passes the clock's
 * "now" and draws the charts.
 */

/** What the figures read from a case. */
export type FigureCase = Pick<Case, "createdAt" | "service" | "firstActionAt" | "closedAt"> & {
  status: CaseStatus;
  destination: Pick<Case["destination"], "kind">;
  routing: { area: Pick<Case["routing"]["area"], "code" | "name" | "kind"> };
};

/** A calendar day as `YYYY-MM-DD`. */
export type DateText = string;

export interface Median {
  /** Milliseconds; undefined when no case counts. */
  median?: number;
  /** How many cases it is the median of. */
  count: number;
  /** Cases received in the range still waiting: no first action yet, or not closed now. */
  waiting: number;
  /** Whole days since the oldest waiting case was received; undefined when none waits. */
  oldestWaitingDays?: number;
}

export interface ReportFigures {
  /** The Monday of each week in the range, oldest first. */
  weeks: DateText[];
  total: number;
  /** Per week: cases sent to a parish's body, and cases the district kept. */
  byDestination: { parish: number[]; district: number[]; body: number[] };
  /** Per week for each service seen, most reports first. */
  byService: Array<{ id: string; counts: number[]; total: number }>;
  /** Per week for each area a point fell in, most reports first. */
  byArea: Array<{ code: string; name: string; kind: Destination["kind"]; counts: number[]; total: number }>;
  /** From receipt to the first staff status change, of cases that have had one; and those waiting. */
  firstAction: { all: Median; parish: Median; district: Median; body: Median };
  /** From receipt to closing, of cases closed now; and those not closed. */
  close: { all: Median; parish: Median; district: Median; body: Median };
}

const DAY_MS = 86_400_000;

function toUtcDay(date: DateText): number {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

const fromUtcDay = (ms: number): DateText => new Date(ms).toISOString().slice(0, 10);

/** The date `days` after (or before) `date`: calendar arithmetic, no clock change involved. */
export const addDays = (date: DateText, days: number): DateText => fromUtcDay(toUtcDay(date) + days * DAY_MS);

/** The Monday of the week a date is in. */
export function mondayOf(date: DateText): DateText {
  const weekday = (new Date(toUtcDay(date)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(date, -weekday);
}

/** The Mondays of every week from the one holding `from` to the one holding `to`. */
export function weeksBetween(from: DateText, to: DateText): DateText[] {
  const weeks: DateText[] = [];
  for (let week = mondayOf(from); week <= to; week = addDays(week, 7)) weeks.push(week);
  return weeks;
}

/** The middle value, or the mean of the two middle values of an even count. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The default range: the last 12 weeks, this one included (from its Monday to today, London). */
export function defaultReportRange(now: Date): { from: DateText; to: DateText } {
  const today = londonDate(now.toISOString());
  return { from: addDays(mondayOf(today), -77), to: today };
}

/** A case's wait, done (ms from receipt) or still going (ms since receipt, at "now"). */
interface Waits {
  done: number[];
  waiting: number[];
}

const noWaits = (): Waits => ({ done: [], waiting: [] });

function summary(waits: readonly Waits[]): Median {
  const done = waits.flatMap((w) => w.done);
  const waiting = waits.flatMap((w) => w.waiting);
  const oldest = waiting.length > 0 ? Math.max(...waiting) : undefined;
  return {
    median: median(done),
    count: done.length,
    waiting: waiting.length,
    ...(oldest === undefined ? {} : { oldestWaitingDays: Math.max(0, Math.floor(oldest / DAY_MS)) }),
  };
}

/** `now` is the report's clock: how long the waiting cases have waited is measured to it. */
export function reportFigures(
  cases: readonly FigureCase[],
  range: { from: DateText; to: DateText },
  now: Date,
): ReportFigures {
  const weeks = weeksBetween(range.from, range.to);
  const weekIndex = new Map(weeks.map((w, i) => [w, i]));
  const zeros = () => weeks.map(() => 0);
  const byDestination = { parish: zeros(), district: zeros(), body: zeros() };
  const services = new Map<string, number[]>();
  const areas = new Map<
    string,
    { code: string; name: string; kind: Destination["kind"]; counts: number[] }
  >();
  const waits = {
    first: { parish: noWaits(), district: noWaits(), body: noWaits() },
    close: { parish: noWaits(), district: noWaits(), body: noWaits() },
  };
  const nowMs = now.getTime();
  let total = 0;

  for (const c of cases) {
    const day = londonDate(c.createdAt);
    if (day < range.from || day > range.to) continue;
    const week = weekIndex.get(mondayOf(day));
    if (week === undefined) continue;
    total++;
    const kind = c.destination.kind;
    (byDestination[kind][week] as number)++;
    const service = services.get(c.service) ?? zeros();
    service[week] = (service[week] as number) + 1;
    services.set(c.service, service);
    const { code, name } = c.routing.area;
    const area = areas.get(code) ?? { code, name, kind: c.routing.area.kind, counts: zeros() };
    area.counts[week] = (area.counts[week] as number) + 1;
    areas.set(code, area);

    const received = Date.parse(c.createdAt);
    if (c.firstActionAt) waits.first[kind].done.push(Date.parse(c.firstActionAt) - received);
    else waits.first[kind].waiting.push(nowMs - received);
    if (c.status !== "closed") waits.close[kind].waiting.push(nowMs - received);
    else if (c.closedAt) waits.close[kind].done.push(Date.parse(c.closedAt) - received);
  }

  const sum = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);
  const byTotal = <T extends { total: number }>(a: T & { key: string }, b: T & { key: string }) =>
    b.total - a.total || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const medians = (w: { parish: Waits; district: Waits; body: Waits }) => ({
    all: summary([w.parish, w.district, w.body]),
    parish: summary([w.parish]),
    district: summary([w.district]),
    body: summary([w.body]),
  });
  return {
    weeks,
    total,
    byDestination,
    byService: [...services]
      .map(([id, counts]) => ({ key: id, id, counts, total: sum(counts) }))
      .sort(byTotal)
      .map(({ key: _key, ...rest }) => rest),
    byArea: [...areas.values()]
      .map((a) => ({ key: a.name, ...a, total: sum(a.counts) }))
      .sort(byTotal)
      .map(({ key: _key, ...rest }) => rest),
    firstAction: medians(waits.first),
    close: medians(waits.close),
  };
}
