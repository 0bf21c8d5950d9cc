import { createClientLimitCounters } from "#adapters/dynamodb/client-limit-counters.js";
import { createWindowCounters } from "#adapters/dynamodb/window-counters.js";
import type { ReportLookupCounters } from "#core/ports/report-lookup-counters.js";
import type { CheckReportLimits } from "#core/use-cases/check-report.js";
import type { Config } from "../../config/env.js";
import type { BaseAdapters } from "./base-adapters.js";

const DAY_SECONDS = 86_400;

/**
 * "Check your report"'s counters in the reports table: a client's look-ups in the layout of the
 * report limits (one item per client and hour, one write a look-up), named apart from its reports
 * so the two budgets never mix; a reference's attempts in daily window counters, one for everyone
 * and one per client. The window counters align days to UTC midnight, so (as the send budget does)
 * every count of one London day is made at that date's UTC midnight: one item per London day. The
 * web function already has the UpdateItem these need.
 */
export function reportLookupCounters(
  config: Config,
  base: Pick<BaseAdapters, "dynamo" | "clock">,
): ReportLookupCounters {
  const table = { client: base.dynamo, tableName: config.TABLE_NAME, now: () => base.clock.now() };
  const clients = createClientLimitCounters(table);
  const windows = createWindowCounters(table);
  const add = async (reference: string, day: string, client: string | undefined, amount: number) => {
    const name = client ? `check-report#${reference}#${client}` : `check-report#${reference}`;
    return (await windows.add(name, DAY_SECONDS, new Date(`${day}T00:00:00.000Z`), amount)).count;
  };
  return {
    takeLookup: (client, at) => clients.take(`check-report#${client}`, at),
    takeAttempt: (reference, day, client) => add(reference, day, client, 1),
    async giveBackAttempt(reference, day, client) {
      await add(reference, day, client, -1);
    },
  };
}

/** The limits of "Check your report", from the settings (limit-settings.ts has the defaults). */
export function checkReportLimits(config: Config): CheckReportLimits {
  return {
    lookupsPerMinute: config.CHECK_REPORT_LOOKUPS_PER_MINUTE,
    lookupsPerHour: config.CHECK_REPORT_LOOKUPS_PER_HOUR,
    failuresPerReferencePerClientPerDay: config.CHECK_REPORT_FAILURES_PER_REFERENCE_PER_CLIENT_PER_DAY,
    failuresPerReferencePerDay: config.CHECK_REPORT_FAILURES_PER_REFERENCE_PER_DAY,
  };
}
