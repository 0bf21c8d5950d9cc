import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import type { CouncilDirectoryRefresh } from "#core/use-cases/refresh-directories.js";
import type { DirectoryRefreshOptions, DirectoryRefreshRun } from "#core/use-cases/refresh-directory.js";
import { logger } from "../logger.js";

/**
 * One look-up already under way at the deadline can take Modern.Gov about 25 seconds to fail; the
 * summaries and the baselines take a few more. Two minutes leaves room for both.
 */
const FINISH_BUDGET_MS = 120_000;

export interface DirectoryRefreshOutcome {
  /** Over every council. */
  checked: number;
  changed: number;
  unreachable: number;
  /** Whether any council's summary was sent. */
  emailed: boolean;
}

/**
 * Run on a schedule (EventBridge Scheduler, Mondays at 06:00 London time; a weekly timer or the
 * local command under `npm start`): refresh each council's parishes' clerk contacts through its own
 * Modern.Gov and email each council's team what changed. A council whose run failed is logged,
 * named, and fails the function once every other council is done (the error alarm fires); the
 * others' summaries have been sent and their baselines moved on, so a retry does not repeat them.
 */
export function createDirectoryRefreshHandler(deps: {
  refreshDirectories: (options?: DirectoryRefreshOptions) => Promise<CouncilDirectoryRefresh[]>;
  /** Kept back from the function's time for the last look-up, the summaries and the baselines. */
  finishBudgetMs?: number;
}) {
  const finishBudgetMs = deps.finishBudgetMs ?? FINISH_BUDGET_MS;
  return middy<ScheduledEvent, DirectoryRefreshOutcome>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (_event, context) => {
      const results = await deps.refreshDirectories({
        timeLeftMs: () => context.getRemainingTimeInMillis() - finishBudgetMs,
      });
      const outcome: DirectoryRefreshOutcome = { checked: 0, changed: 0, unreachable: 0, emailed: false };
      for (const { council, run, error } of results) {
        if (error) {
          logger.error("Clerk directory refresh failed for one council; the others went ahead", {
            council: council.id,
            error,
          });
          continue;
        }
        outcome.checked += run.checked;
        outcome.changed += run.changes.length;
        outcome.unreachable += run.unreachable.length;
        outcome.emailed ||= run.emailed !== undefined;
        logRun(council.id, run);
      }
      const failed = results.filter((r) => r.error).map((r) => r.council.id);
      if (failed.length > 0)
        throw new Error(`Clerk directory refresh failed for ${failed.join(", ")} (the other councils' ran)`);
      return outcome;
    });
}

/** Parish codes and counts only: the clerks' addresses are in the email, not the logs. */
function logRun(council: string, run: DirectoryRefreshRun): void {
  logger.info("Clerk directory refresh", {
    council,
    checked: run.checked,
    changed: run.changes.length,
    unreachable: run.unreachable.length,
    emailed: run.emailed !== undefined,
    changes: run.changes.map((c) => `${c.parish.code}:${c.kind}`),
    unreachableParishes: run.unreachable.map((u) => u.parish.code),
    ...(run.stopped ? { stopped: run.stopped } : {}),
  });
  // Not a failure of the run (a retry would email the team again): the council's email says so.
  if (run.checked > 0 && run.unreachable.length === run.checked)
    logger.warn("Clerk directory refresh: Modern.Gov could not be reached for any parish", { council });
}
