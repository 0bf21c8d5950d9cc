import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent } from "aws-lambda";
import type { createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { parseSesEventBody } from "../events/ses-event-body.js";
import { toDeliveryNotice } from "../events/ses-notification.js";
import { logger } from "../logger.js";
import { countDroppedEvent } from "../metrics.js";

/**
 * SES configuration set → SNS → SQS → this function: each delivery, bounce or complaint lands on the
 * case it belongs to, found by the `case-reference` message tag (no body parsing of the email); the
 * `message-kind` tag tells the resident's acknowledgement from the report, so its events never
 * name the resident.
 * A record whose store call fails is reported back alone, so SQS retries only it (and after the
 * queue's receive limit keeps it in the dead-letter queue). A body that is not an SES event can
 * never succeed: it is logged and dropped, not retried.
 */
export function createDeliveryEventsHandler(deps: {
  recordDeliveryEvent: ReturnType<typeof createRecordDeliveryEvent>;
}) {
  return middy<SQSEvent, SQSBatchResponse>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      const batchItemFailures: SQSBatchItemFailure[] = [];
      for (const record of event.Records) {
        const parsed = parseSesEventBody(record.body);
        if (!parsed.ok) {
          logger.error("Dropped a message that is not an SES event", {
            messageId: record.messageId,
            issues: parsed.issues,
          });
          countDroppedEvent();
          continue;
        }
        const notice = toDeliveryNotice(parsed.event);
        if (!notice) continue;
        try {
          const outcome = await deps.recordDeliveryEvent(notice);
          logger.info("Delivery event", { reference: notice.reference, kind: notice.kind, outcome });
        } catch (error) {
          logger.warn("Delivery event not recorded; will retry", {
            messageId: record.messageId,
            reference: notice.reference,
            kind: notice.kind,
            error: error as Error,
          });
          batchItemFailures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures };
    });
}
