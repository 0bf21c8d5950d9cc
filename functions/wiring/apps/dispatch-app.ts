import type { Queue } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { createDispatchReport, type DispatchReportDeps } from "#core/use-cases/dispatch-report.js";
import { createEmailReportStatus } from "#core/use-cases/email-report-status.js";
import { createEmailResidentUpdate } from "#core/use-cases/email-resident-update.js";
import { createDeadLetterCases } from "#core/use-cases/redrive.js";
import { worstCaseRecordMs } from "../../config/dispatch-queue-settings.js";
import type { Config } from "../../config/env.js";
import type { Adapters } from "../adapters/all-adapters.js";
import { councilDirectories } from "../adapters/council-directories.js";
import { possibleDuplicates } from "../adapters/possible-duplicates.js";
import { sendBudget } from "../adapters/send-budget.js";
import { sqsQueue } from "../adapters/sqs-queue.js";
import { clerkEmailLinks } from "./clerk-email-links.js";
import { type DispatchRouting, dispatchRouting } from "./dispatch-routing.js";

/** The dispatch queue, which can also delay a failed job's next attempt (SQS ChangeMessageVisibility). */
type DispatchQueue = Queue & { changeVisibility?(receiptHandle: string, seconds: number): Promise<void> };

/**
 * Sends each queued report to its parish clerk, its council's team or another body, from its
 * council's address, and dead-letters what cannot go. `limits` are the daily send caps (per body,
 * per acknowledged address) and the possible-duplicate check, over the same table in AWS and under
 * `npm start`; `routing` the councils and the bodies reports can go to.
 */
export function createDispatchApp(
  config: Config,
  adapters: Adapters,
  queue: DispatchQueue = sqsQueue(config, adapters),
  limits: Pick<DispatchReportDeps, "budget" | "markPossibleDuplicates"> = {
    budget: sendBudget(config, adapters),
    markPossibleDuplicates: possibleDuplicates(adapters, { radiusMetres: config.DUPLICATE_RADIUS_METRES }),
  },
  routing: DispatchRouting = dispatchRouting(config),
) {
  const { directories, settle } = councilDirectories(config, adapters, routing.councils);
  const dispatchReport = createDispatchReport({
    ...adapters,
    ...limits,
    ...routing,
    directories,
    // Signed per send: a re-route or re-drive gets fresh links naming the new body.
    ...clerkEmailLinks(config, adapters),
    services,
    claimLeaseMs: config.SEND_CLAIM_LEASE_SECONDS * 1000,
  });
  const deadLetters = createDeadLetterCases({ ...adapters, queue });
  // Progress emails to residents who asked, under their own daily cap per address.
  const emailResidentUpdate = createEmailResidentUpdate({
    ...adapters,
    ...(limits.budget ? { budget: limits.budget } : {}),
    services,
    councils: routing.councils,
  });
  // Status emails asked for on "Check your report": under the same daily cap per address.
  const emailReportStatus = createEmailReportStatus({
    ...adapters,
    ...(limits.budget ? { budget: limits.budget } : {}),
    services,
    councils: routing.councils,
  });
  return {
    dispatchReport,
    emailResidentUpdate,
    emailReportStatus,
    markNotSent: deadLetters.markNotSent,
    redrive: deadLetters.redrive,
    maxReceiveCount: config.MAX_RECEIVE_COUNT,
    afterBatch: settle,
    backoff: { baseSeconds: config.RETRY_BASE_SECONDS, maxSeconds: config.RETRY_MAX_SECONDS },
    recordBudgetMs: worstCaseRecordMs({
      timeoutMs: config.MODERNGOV_TIMEOUT_MS,
      minIntervalMs: config.MODERNGOV_MIN_INTERVAL_MS,
      lookupDeadlineMs: config.MODERNGOV_LOOKUP_DEADLINE_MS,
    }),
    ...(queue.changeVisibility
      ? {
          delayRetry: (handle: string, seconds: number) =>
            queue.changeVisibility?.(handle, seconds) ?? Promise.resolve(),
        }
      : {}),
  };
}
