import { ForbiddenError } from "#core/errors.js";
import { page } from "../page-result.js";
import type { CaseLogContext, CaseLogResult } from "./case-log-types.js";

/**
 * The Reports page: charts of reports over time (per week by destination, by service, by parish;
 * median time to first action and to close), each with a table alternative. District staff only.
 */
export async function reportsPage(ctx: CaseLogContext): Promise<CaseLogResult> {
  if (ctx.identity?.role !== "staff") throw new ForbiddenError("Only district staff can see reports.");
  // Groundwork: the charts come with issue 18's reports work.
  return page("message.njk", {
    title: "Reports",
    identity: ctx.identity,
    section: "reports",
    message: "Reports are being built.",
  });
}
