import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from "aws-lambda";
import { z } from "zod";
import type { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import { logger } from "../logger.js";

const jobSchema = z.object({ reference: z.string().min(1).max(40) });

/**
 * The dispatch queue consumer. Each record is sent independently; failures are reported as partial
 * batch failures so only they are retried, and after the queue's maxReceiveCount they dead-letter.
 */
export function createDispatchHandler(deps: { dispatchReport: ReturnType<typeof createDispatchReport> }) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const batchItemFailures: SQSBatchItemFailure[] = [];
      for (const record of event.Records) {
        try {
          const job = jobSchema.parse(JSON.parse(record.body));
          const result = await deps.dispatchReport(job.reference);
          logger.info("Dispatched", { reference: job.reference, outcome: result.outcome });
        } catch (error) {
          logger.warn("Dispatch failed; will retry", {
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            error: error as Error,
          });
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    });
}
