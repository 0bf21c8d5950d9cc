import type { LocalStackOptions } from "../../functions/local/local-stack.js";

/**
 * Limits no test's own traffic meets: every test sends from 127.0.0.1, so under the defaults (a few
 * reports a minute) a file's sixth report would be refused; and most files send many reports to one
 * parish from one resident address, past the daily caps on emails per body and acknowledgements per
 * address. The files about the limits set their own (test/local/client-limits.test.ts,
 * test/local/digest.test.ts); anything a file sets wins.
 */
export const UNMET_LIMITS: Readonly<Record<string, string>> = {
  CLIENT_REPORTS_PER_MINUTE: "1000000",
  CLIENT_REPORTS_PER_HOUR: "1000000",
  API_KEY_REPORTS_PER_MINUTE: "1000000",
  API_KEY_REPORTS_PER_HOUR: "1000000",
  BODY_EMAILS_PER_DAY: "1000000",
  ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY: "1000000",
  PROGRESS_EMAILS_PER_ADDRESS_PER_DAY: "1000000",
  CHECK_REPORT_LOOKUPS_PER_MINUTE: "1000000",
  CHECK_REPORT_LOOKUPS_PER_HOUR: "1000000",
  CHECK_REPORT_FAILURES_PER_REFERENCE_PER_CLIENT_PER_DAY: "1000000",
  CHECK_REPORT_FAILURES_PER_REFERENCE_PER_DAY: "1000000",
};

/** The options with the unmet limits under any settings of their own. */
export function withUnmetLimits(options: LocalStackOptions): LocalStackOptions {
  return { ...options, env: { ...UNMET_LIMITS, ...options.env } };
}
