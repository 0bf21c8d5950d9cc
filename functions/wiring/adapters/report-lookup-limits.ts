import { createClientLimitCounters } from "#adapters/dynamodb/client-limit-counters.js";
import { createWindowCounters } from "#adapters/dynamodb/window-counters.js";
import type { ReportLookupCounters } from "#core/ports/report-lookup-counters.js";
import { ATTEMPT_WINDOW_SECONDS, type CheckReportLimits } from "#core/use-cases/check-report.js";
import type { Config } from "../../config/env.js";
import type { BaseAdapters } from "./base-adapters.js";

/**
 * "Check your report"'s counters in the reports table: a client's look-ups in the layout of the
 * report limits (one item per client and hour, one write a look-up), named apart from its reports
 * so the two budgets never mix; a reference's answers in a daily window counter. The web function
 * already has the UpdateItem both need.
 */
export function reportLookupCounters(
  config: Config,
  base: Pick<BaseAdapters, "dynamo" | "clock">,
): ReportLookupCounters {
  const table = { client: base.dynamo, tableName: config.TABLE_NAME, now: () => base.clock.now() };
  const clients = createClientLimitCounters(table);
  const windows = createWindowCounters(table);
  const attempts = (reference: string) => `check-report#${reference}`;
  return {
    takeLookup: (client, at) => clients.take(`check-report#${client}`, at),
    takeAttempt: (reference, at) => windows.add(attempts(reference), ATTEMPT_WINDOW_SECONDS, at),
    async giveBackAttempt(reference, at) {
      await windows.add(attempts(reference), ATTEMPT_WINDOW_SECONDS, at, -1);
    },
  };
}

/** The limits of "Check your report", from the settings (limit-settings.ts has the defaults). */
export function checkReportLimits(config: Config): CheckReportLimits {
  return {
    lookupsPerMinute: config.CHECK_REPORT_LOOKUPS_PER_MINUTE,
    lookupsPerHour: config.CHECK_REPORT_LOOKUPS_PER_HOUR,
    failuresPerReferencePerDay: config.CHECK_REPORT_FAILURES_PER_REFERENCE_PER_DAY,
  };
}
