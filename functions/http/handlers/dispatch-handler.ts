import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import * as z from "zod";
import { PUBLIC_STATUSES, type PublicStatus } from "#core/case/public-update.js";
import type { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import type { EmailReportStatus } from "#core/use-cases/email-report-status.js";
import type { createEmailResidentUpdate } from "#core/use-cases/email-resident-update.js";
import type { createDeadLetterCases } from "#core/use-cases/redrive.js";
import { backoffSeconds } from "../../config/dispatch-queue-settings.js";
import { logger } from "../logger.js";
import { countReportFailed, countReportHeld, countReportRefused, countReportSent } from "../metrics.js";

const jobSchema = z.object({
  reference: z.string().min(1).max(40),
  /** A public update to email the resident who asked for progress (see core/ports/queue.ts). */
  residentUpdate: z
    .object({
      updateId: z.string().min(1).max(100),
      status: z.enum(Object.keys(PUBLIC_STATUSES) as [PublicStatus, ...PublicStatus[]]),
      // Staff text is at most 2,000 characters; the bound leaves room for what SQS may carry.
      text: z.string().max(10_000),
    })
    .optional(),
  /** Email the report's status to the address given with it, as asked on "Check your report". */
  statusEmail: z.literal(true).optional(),
});

/**
 * The dispatch queue consumer. Each record is sent independently; failures are reported as partial
 * batch failures so only they are retried, and after the queue's maxReceiveCount they dead-letter.
 * A report the mail provider can never send is not a failure here: the use case has marked it not
 * sent for staff, and retrying it could only fail again.
 */
export interface DispatchHandlerDeps {
  dispatchReport: ReturnType<typeof createDispatchReport>;
  /** Emails a resident a public update (jobs with `residentUpdate`); such jobs fail without it. */
  emailResidentUpdate?: ReturnType<typeof createEmailResidentUpdate>;
  /** Emails a report's status to its address (jobs with `statusEmail`); such jobs fail without it. */
  emailReportStatus?: EmailReportStatus;
  markNotSent: ReturnType<typeof createDeadLetterCases>["markNotSent"];
  /** The queue's redrive count: the attempt that reaches it and fails marks the case not sent. */
  maxReceiveCount: number;
  /** Pushes a failed message's next attempt back (SQS ChangeMessageVisibility). */
  delayRetry?: (receiptHandle: string, seconds: number) => Promise<void>;
  /** Work to finish before the invocation ends (background cache refreshes). */
  afterBatch?: () => Promise<void>;
  /** Back-off: base × 2^(attempt−1) seconds, capped. */
  backoff?: { baseSeconds: number; maxSeconds: number };
  /**
   * The longest one record can take. A record is started only with this much of the invocation
   * left; otherwise it is handed back unstarted, so a timeout never stops a send half-way.
   */
  recordBudgetMs?: number;
}

/** A record not started for want of time: not a failed attempt, so no back-off. */
class HandedBackError extends Error {
  override name = "HandedBackError";
}

/** A handed-back record comes back at once, to an invocation with time for it. */
const HAND_BACK_SECONDS = 0;

export function createDispatchHandler(deps: DispatchHandlerDeps) {
  /** One record: send it, or record the failed attempt and rethrow so the batch reports it. */
  async function dispatchRecord(record: SQSRecord, context: Context): Promise<void> {
    if (context.getRemainingTimeInMillis() < (deps.recordBudgetMs ?? 0)) return handBack(record);
    try {
      const job = jobSchema.parse(JSON.parse(record.body));
      if (job.residentUpdate) return await residentUpdate(job.reference, job.residentUpdate);
      if (job.statusEmail) return await statusEmail(job.reference);
      const result = await deps.dispatchReport(job.reference);
      if (result.outcome === "sent") countReportSent(result.destination);
      // Refused as invalid: already marked not sent for staff, so not a failed record to retry.
      if (result.outcome === "failed") countReportRefused();
      if (result.outcome === "held") countReportHeld(result.destination);
      logger.info("Dispatched", { reference: job.reference, outcome: result.outcome });
    } catch (error) {
      await afterFailure(record, error);
      throw error;
    }
  }

  /** A progress email: why it was or was not sent goes to the logs (no address in them). */
  async function residentUpdate(
    reference: string,
    update: NonNullable<z.infer<typeof jobSchema>["residentUpdate"]>,
  ): Promise<void> {
    if (!deps.emailResidentUpdate) throw new Error("Resident updates are not wired into dispatch");
    const outcome = await deps.emailResidentUpdate(reference, update);
    logger.info(outcome === "sent" ? "Emailed the resident an update" : "Resident update not sent", {
      reference,
      updateId: update.updateId,
      outcome,
    });
  }

  /** A status email asked for on "Check your report": the outcome goes to the logs (no address). */
  async function statusEmail(reference: string): Promise<void> {
    if (!deps.emailReportStatus) throw new Error("Status emails are not wired into dispatch");
    const outcome = await deps.emailReportStatus(reference);
    logger.info(outcome === "sent" ? "Emailed a report's status" : "Report status not emailed", {
      reference,
      outcome,
    });
  }

  /**
   * Reports the record as failed without starting it. SQS still counts the receive (hence the spare
   * receive in the schedule); on the last one it is dead-lettered as a failure would be.
   */
  async function handBack(record: SQSRecord): Promise<never> {
    const error = new HandedBackError("Not enough time left in the invocation to start it");
    const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
    if (attempt >= deps.maxReceiveCount) await afterFailure(record, error);
    else {
      logger.info("Handed back unstarted", { messageId: record.messageId, attempt });
      await deps.delayRetry?.(record.receiptHandle, HAND_BACK_SECONDS).catch(() => undefined);
    }
    throw error;
  }

  async function afterFailure(record: SQSRecord, error: unknown): Promise<void> {
    const attempt = Number(record.attributes.ApproximateReceiveCount) || 1;
    const job = jobOf(record.body);
    const reference = job?.reference;
    // A progress or status email's failure is on the case's timeline already, and is no report's failure:
    // the report's own delivery state is left alone.
    const forReport = !job?.residentUpdate && !job?.statusEmail;
    const lastAttempt = attempt >= deps.maxReceiveCount;
    if (forReport) countReportFailed(lastAttempt);
    logger.warn(lastAttempt ? "Dispatch failed; dead-lettering" : "Dispatch failed; will retry", {
      messageId: record.messageId,
      reference,
      ...(job?.residentUpdate ? { updateId: job.residentUpdate.updateId } : {}),
      attempt,
      error: error as Error,
    });
    try {
      if (lastAttempt && reference && forReport) await deps.markNotSent(reference, attempt, describe(error));
      else if (deps.delayRetry)
        await deps.delayRetry(record.receiptHandle, backoffSeconds(attempt, deps.backoff));
    } catch (followUp) {
      // The retry still happens at the queue's own pace; the failure above is what matters.
      logger.warn("Could not record the failed attempt", {
        messageId: record.messageId,
        error: followUp as Error,
      });
    }
  }

  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event, context) => {
      // A fresh processor per invocation, so no batch's state can leak into another.
      const response = await processPartialResponse(
        event,
        (record: SQSRecord) => dispatchRecord(record, context),
        new BatchProcessor(EventType.SQS),
        {
          context,
          // One at a time, as before: sends look up the council directory, which is rate-limited.
          processInParallel: false,
          // A batch where every record failed is still a list of failures, not an invocation error.
          throwOnFullBatchFailure: false,
        },
      );
      await deps.afterBatch?.().catch(() => undefined);
      return { batchItemFailures: [...response.batchItemFailures] };
    });
}

function jobOf(body: string): z.infer<typeof jobSchema> | undefined {
  try {
    return jobSchema.parse(JSON.parse(body));
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
