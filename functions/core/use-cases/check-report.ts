import type { Case, CaseStatus, Destination } from "../case/case.js";
import { londonDate, londonDayStart } from "../case/london-time.js";
import {
  DEFAULT_PUBLIC_STATUS,
  isPublicStatus,
  PUBLIC_STATUSES,
  type PublicStatus,
} from "../case/public-update.js";
import type { TimelineEvent } from "../case/timeline.js";
import { TooManyRequestsError } from "../errors.js";
import { normalisePostcode } from "../input/postcode.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Queue } from "../ports/queue.js";
import type { ReportLookupCounters } from "../ports/report-lookup-counters.js";

/**
 * How many look-ups one client may make, and how many wrong answers a reference takes in a London
 * day: from one client, and from everyone (a ceiling that still stops a guess spread over many
 * addresses, while one client's guessing cannot lock the reference for its resident).
 */
export interface CheckReportLimits {
  lookupsPerMinute: number;
  lookupsPerHour: number;
  failuresPerReferencePerClientPerDay: number;
  failuresPerReferencePerDay: number;
}

export interface CheckReportDeps {
  caseStore: Pick<CaseStore, "get" | "timeline">;
  counters: ReportLookupCounters;
  clock: Clock;
  limits: CheckReportLimits;
  /** A service's name as the public read it (undefined for a service no longer offered). */
  serviceName: (serviceId: string) => string | undefined;
  /** The body that has the case, as it names itself ("Little Wendle Parish Meeting"). */
  bodyName: (destination: Destination) => string | Promise<string>;
  /** The council whose case it is, named to the resident as the one to contact (else the form's). */
  councilOf?: (report: Pick<Case, "council">) => { name: string; email: string };
  /** Told when a right answer's attempt could not be given back (the answer is shown all the same). */
  onGiveBackError?: (error: unknown) => void;
  /** The dispatch queue: an email address that matches gets the status emailed to it from there. */
  queue: Pick<Queue, "send">;
  /** Told when the status email could not be queued (the page answers the same all the same). */
  onQueueError?: (error: unknown) => void;
}

/** What a resident typed: an already checked reference, and the email address or postcode they gave. */
export interface CheckReportQuery {
  reference: string;
  answer: string;
  /** Who asks, pseudonymously (see `clientOf`); absent for internal callers, who are not limited. */
  client?: string;
}

/**
 * Everything the public may be told about a report, and nothing more: no name, contact details,
 * description, location, notes or staff names. Built field by field, never by copying the case.
 */
export interface PublicReportView {
  reference: string;
  serviceName: string;
  /** ISO instant the report was made. */
  reportedAt: string;
  /** Who has it, as the public are told ("Ashcombe Parish Council"). */
  bodyName: string;
  /** The council whose case it is, to contact about it (where the deployment names it). */
  council?: { name: string; email: string };
  status: PublicStatus;
  statusLabel: string;
  /** The latest public update, when staff have written one. */
  latestUpdate?: { at: string; statusLabel: string; text?: string };
}

/**
 * What the page may say. An email address always gets `emailed-if-given`, whether it was the one
 * given or not: the page must never tell anyone whether a given person made a report.
 */
export type CheckReportOutcome =
  { kind: "found"; report: PublicReportView } | { kind: "not-found" } | { kind: "emailed-if-given" };

/**
 * "Check your report", for whoever knows a report's reference and the email address or postcode
 * given with it. Over a limit (look-ups per client; wrong answers per reference, from the client
 * and from everyone, in a London day) it throws `TooManyRequestsError` before the case is read.
 *
 * - An email address (anything with an `@`) never shows anything on the page: references are public
 *   (Open311 lists them), so a page that answered "yes" to an address would tell anyone whether a
 *   neighbour made a report. The answer is always `emailed-if-given`; when the address is the one
 *   given, a dispatch job emails the public status to that address, so only its owner learns it.
 *   Its attempt is never given back, since a right address that cost nothing would itself show.
 * - A postcode shows the public status on the page. The report's location is public already
 *   (Open311 gives every report's place), and the page shows only public information (the
 *   service, the date, who has it, the public status and words), so a postcode reveals nothing
 *   about who reported. A missing case, a wrong postcode and a case without one all give the same
 *   `not-found`, after the same reads, so a reference cannot be probed either.
 */
export function createCheckReport(deps: CheckReportDeps) {
  return async function checkReport(query: CheckReportQuery): Promise<CheckReportOutcome> {
    const at = deps.clock.now();
    if (query.client) await takeLookup(query.client, at);
    // Counted before the answer is compared, the same on both paths (and for references with no
    // case too, so the limit itself says nothing about whether a reference exists).
    const day = londonDate(at.toISOString());
    await takeAttempt(query.reference, day, query.client, at);
    const found = await deps.caseStore.get(query.reference);
    if (isEmailAnswer(query.answer)) {
      if (found && answersEmail(found, query.answer)) {
        await deps.queue
          .send({ reference: found.reference, statusEmail: true })
          .catch((error: unknown) => deps.onQueueError?.(error));
      }
      return { kind: "emailed-if-given" };
    }
    if (!found || !answersPostcode(found, query.answer)) return { kind: "not-found" };
    // Both counts the attempt was taken in: the client's own (if any) and everyone's.
    const takenIn = query.client === undefined ? [undefined] : [query.client, undefined];
    await Promise.all(
      takenIn.map((client) => deps.counters.giveBackAttempt(query.reference, day, client)),
    ).catch((error: unknown) => deps.onGiveBackError?.(error));
    const timeline = await deps.caseStore.timeline(found.reference);
    const bodyName = await deps.bodyName(found.destination);
    return { kind: "found", report: publicView(found, timeline, bodyName, deps) };
  };

  /**
   * The client's own count first: a client past it is refused without touching the count by
   * everyone, so one client going on guessing cannot use up the reference's ceiling. Either limit
   * refuses until the London day ends.
   */
  async function takeAttempt(reference: string, day: string, client: string | undefined, at: Date) {
    const until = () => Date.parse(nextLondonDayStart(day));
    if (client !== undefined) {
      const byClient = await deps.counters.takeAttempt(reference, day, client);
      if (byClient > deps.limits.failuresPerReferencePerClientPerDay) {
        throw tooMany(until(), at, "per reference per client per day");
      }
    }
    const all = await deps.counters.takeAttempt(reference, day);
    if (all > deps.limits.failuresPerReferencePerDay) throw tooMany(until(), at, "per reference per day");
  }

  async function takeLookup(client: string, at: Date): Promise<void> {
    const counts = await deps.counters.takeLookup(client, at);
    // The longest refusal wins: trying again at the minute's end would meet the hour's.
    const refusals = [
      { ...counts.minute, limit: deps.limits.lookupsPerMinute, scope: "per minute" },
      { ...counts.hour, limit: deps.limits.lookupsPerHour, scope: "per hour" },
    ].filter((w) => w.count > w.limit);
    const longest = refusals.sort((a, b) => b.windowEndsAt.getTime() - a.windowEndsAt.getTime())[0];
    if (longest) throw tooMany(longest.windowEndsAt.getTime(), at, longest.scope);
  }
}

export type CheckReport = ReturnType<typeof createCheckReport>;

/** Midnight in London at the end of London day `day` (`YYYY-MM-DD`), as an ISO instant. */
export function nextLondonDayStart(day: string): string {
  const [year = 0, month = 1, date = 1] = day.split("-").map(Number);
  const next = new Date(Date.UTC(year, month - 1, date + 1));
  return londonDayStart({
    year: next.getUTCFullYear(),
    month: next.getUTCMonth() + 1,
    day: next.getUTCDate(),
  });
}

/** An email address, not a postcode: no postcode has an `@`. */
export function isEmailAnswer(answer: string): boolean {
  return answer.includes("@");
}

/** Whether the answer is the email address given with the report (trimmed, any case). */
export function answersEmail(report: Case, answer: string): boolean {
  const typed = answer.trim().toLowerCase();
  const email = report.reporter?.email?.trim().toLowerCase();
  return Boolean(typed && email && typed === email);
}

/** Whether the answer is the postcode given with the report (any case or spacing). */
export function answersPostcode(report: Case, answer: string): boolean {
  const postcode = normalisePostcode(answer.trim());
  const given = report.location.postcode ? normalisePostcode(report.location.postcode) : undefined;
  return Boolean(postcode && given && postcode === given);
}

/** The public status: the latest public update's, else the default for the case's status. */
function publicView(
  report: Case,
  timeline: readonly TimelineEvent[],
  bodyName: string,
  deps: Pick<CheckReportDeps, "serviceName" | "councilOf">,
): PublicReportView {
  const latest = latestPublicUpdate(timeline);
  const status = latest?.status ?? defaultStatus(report.status);
  return {
    reference: report.reference,
    serviceName: deps.serviceName(report.service) ?? "Report a problem",
    reportedAt: report.createdAt,
    bodyName,
    ...(deps.councilOf ? { council: deps.councilOf(report) } : {}),
    status,
    statusLabel: PUBLIC_STATUSES[status].label,
    ...(latest
      ? {
          latestUpdate: {
            at: latest.at,
            statusLabel: PUBLIC_STATUSES[latest.status].label,
            ...(latest.text ? { text: latest.text } : {}),
          },
        }
      : {}),
  };
}

function defaultStatus(status: CaseStatus): PublicStatus {
  return DEFAULT_PUBLIC_STATUS[status];
}

/**
 * The newest "public-update" event with a status the public may read. Older events carry no
 * `text` (recorded before the timeline kept it): their label alone is shown.
 */
export function latestPublicUpdate(
  timeline: readonly TimelineEvent[],
): { at: string; status: PublicStatus; text?: string } | undefined {
  let latest: { at: string; status: PublicStatus; text?: string } | undefined;
  for (const entry of timeline) {
    if (entry.type !== "public-update") continue;
    const status = entry.data?.status;
    if (typeof status !== "string" || !isPublicStatus(status)) continue;
    // The timeline is oldest first; `>=` keeps the later of two entries in one instant.
    if (latest && entry.at < latest.at) continue;
    const text = typeof entry.data?.text === "string" ? entry.data.text.trim() : "";
    latest = { at: entry.at, status, ...(text ? { text } : {}) };
  }
  return latest;
}

function tooMany(until: number, at: Date, scope: string): TooManyRequestsError {
  return new TooManyRequestsError(Math.max(1, Math.ceil((until - at.getTime()) / 1000)), scope);
}
