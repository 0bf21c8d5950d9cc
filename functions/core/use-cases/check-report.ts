import type { Case, CaseStatus, Destination } from "../case/case.js";
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
import type { ReportLookupCounters } from "../ports/report-lookup-counters.js";

/** How many look-ups one client may make, and how many wrong answers a reference takes a day. */
export interface CheckReportLimits {
  lookupsPerMinute: number;
  lookupsPerHour: number;
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
  /** Told when a right answer's attempt could not be given back (the answer is shown all the same). */
  onGiveBackError?: (error: unknown) => void;
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
  status: PublicStatus;
  statusLabel: string;
  /** The latest public update, when staff have written one. */
  latestUpdate?: { at: string; statusLabel: string; text?: string };
}

export type CheckReportOutcome = { kind: "found"; report: PublicReportView } | { kind: "not-found" };

const DAY_SECONDS = 86_400;

/**
 * "Check your report": a report's public status for whoever knows its reference and the email
 * address or postcode given with it. A missing case, a wrong answer and a case without that detail
 * all give the same `not-found`, after the same reads, so neither a reference nor an address can
 * be probed. Over a limit (look-ups per client, wrong answers per reference a day) it throws
 * `TooManyRequestsError` before the case is read.
 */
export function createCheckReport(deps: CheckReportDeps) {
  return async function checkReport(query: CheckReportQuery): Promise<CheckReportOutcome> {
    const at = deps.clock.now();
    if (query.client) await takeLookup(query.client, at);
    // Counted before the answer is compared (and for references with no case too, so the limit
    // itself says nothing about whether a reference exists).
    const attempt = await deps.counters.takeAttempt(query.reference, at);
    if (attempt.count > deps.limits.failuresPerReferencePerDay) {
      throw tooMany(attempt.windowEndsAt.getTime(), at, "per reference per day");
    }
    const found = await deps.caseStore.get(query.reference);
    if (!found || !answers(found, query.answer)) return { kind: "not-found" };
    await deps.counters
      .giveBackAttempt(query.reference, at)
      .catch((error: unknown) => deps.onGiveBackError?.(error));
    const timeline = await deps.caseStore.timeline(found.reference);
    const bodyName = await deps.bodyName(found.destination);
    return { kind: "found", report: publicView(found, timeline, bodyName, deps) };
  };

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

/** The days a reference's wrong answers are counted in (the counters' window). */
export const ATTEMPT_WINDOW_SECONDS = DAY_SECONDS;

/**
 * Whether the answer is the email address (trimmed, any case) or the postcode (any case or
 * spacing) given with the report. A case without that detail matches nothing.
 */
export function answers(report: Case, answer: string): boolean {
  const typed = answer.trim();
  if (!typed) return false;
  const email = report.reporter?.email?.trim().toLowerCase();
  if (email && typed.toLowerCase() === email) return true;
  const postcode = normalisePostcode(typed);
  const given = report.location.postcode ? normalisePostcode(report.location.postcode) : undefined;
  return Boolean(postcode && given && postcode === given);
}

/** The public status: the latest public update's, else the default for the case's status. */
function publicView(
  report: Case,
  timeline: readonly TimelineEvent[],
  bodyName: string,
  deps: Pick<CheckReportDeps, "serviceName">,
): PublicReportView {
  const latest = latestPublicUpdate(timeline);
  const status = latest?.status ?? defaultStatus(report.status);
  return {
    reference: report.reference,
    serviceName: deps.serviceName(report.service) ?? "Report a problem",
    reportedAt: report.createdAt,
    bodyName,
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
