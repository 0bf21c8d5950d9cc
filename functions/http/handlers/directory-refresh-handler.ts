import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import type { DirectoryRefreshOptions, DirectoryRefreshRun } from "#core/use-cases/refresh-directory.js";
import { logger } from "../logger.js";

/**
 * One look-up already under way at the deadline can take Modern.Gov about 25 seconds to fail; the
 * summary and the baseline take a few more. Two minutes leaves room for both.
 */
const FINISH_BUDGET_MS = 120_000;

export interface DirectoryRefreshOutcome {
  checked: number;
  changed: number;
  unreachable: number;
  emailed: boolean;
}

/**
 * Run on a schedule (EventBridge Scheduler, Mondays at 06:00 London time; a weekly timer or the
 * local command under `npm start`): refresh every parish's clerk contact and email the district
 * team what changed.
 */
export function createDirectoryRefreshHandler(deps: {
  refreshDirectory: (options?: DirectoryRefreshOptions) => Promise<DirectoryRefreshRun>;
  /** Kept back from the function's time for the last look-up, the summary and the baseline. */
  finishBudgetMs?: number;
}) {
  const finishBudgetMs = deps.finishBudgetMs ?? FINISH_BUDGET_MS;
  return middy<ScheduledEvent, DirectoryRefreshOutcome>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (_event, context) => {
      const run = await deps.refreshDirectory({
        timeLeftMs: () => context.getRemainingTimeInMillis() - finishBudgetMs,
      });
      const outcome = {
        checked: run.checked,
        changed: run.changes.length,
        unreachable: run.unreachable.length,
        emailed: run.emailed !== undefined,
      };
      // Parish codes and counts only: the clerks' addresses are in the email, not the logs.
      logger.info("Clerk directory refresh", {
        ...outcome,
        changes: run.changes.map((c) => `${c.parish.code}:${c.kind}`),
        unreachableParishes: run.unreachable.map((u) => u.parish.code),
        ...(run.stopped ? { stopped: run.stopped } : {}),
      });
      // Not a failure of the run (a retry would email the team again): the email says so.
      if (run.checked > 0 && run.unreachable.length === run.checked)
        logger.warn("Clerk directory refresh: Modern.Gov could not be reached for any parish");
      return outcome;
    });
}
