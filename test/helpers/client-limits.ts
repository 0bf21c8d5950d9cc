import type { LocalStackOptions } from "../../functions/local/local-stack.js";

/**
 * Per-client limits no test's own traffic meets: every test sends from 127.0.0.1, so under the
 * defaults (a few reports a minute) a file's sixth report would be refused. The files about the
 * limits set their own (test/local/client-limits.test.ts); anything a file sets wins.
 */
export const UNMET_CLIENT_LIMITS: Readonly<Record<string, string>> = {
  CLIENT_REPORTS_PER_MINUTE: "1000000",
  CLIENT_REPORTS_PER_HOUR: "1000000",
  API_KEY_REPORTS_PER_MINUTE: "1000000",
  API_KEY_REPORTS_PER_HOUR: "1000000",
};

/** The options with the unmet limits under any settings of their own. */
export function withUnmetClientLimits(options: LocalStackOptions): LocalStackOptions {
  return { ...options, env: { ...UNMET_CLIENT_LIMITS, ...options.env } };
}
