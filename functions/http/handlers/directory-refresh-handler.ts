import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import type { DirectoryRefreshRun } from "#core/use-cases/refresh-directory.js";
import { logger } from "../logger.js";

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
  refreshDirectory: () => Promise<DirectoryRefreshRun>;
}) {
  return middy<ScheduledEvent, DirectoryRefreshOutcome>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async () => {
      const run = await deps.refreshDirectory();
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
      });
      // Not a failure of the run (a retry would email the team again): the email says so.
      if (run.checked > 0 && run.unreachable.length === run.checked)
        logger.warn("Clerk directory refresh: Modern.Gov could not be reached for any parish");
      return outcome;
    });
}
