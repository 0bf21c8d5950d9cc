import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { SNSEvent } from "aws-lambda";
import type { createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { toDeliveryNotice } from "../events/ses-notification.js";
import { sesEventOf } from "../events/sns-records.js";
import { logger } from "../logger.js";

/**
 * SES configuration set → SNS → this function: each delivery, bounce or complaint lands on the
 * case it belongs to, found by the `case-reference` message tag (no body parsing).
 */
export function createDeliveryEventsHandler(deps: {
  recordDeliveryEvent: ReturnType<typeof createRecordDeliveryEvent>;
}) {
  return middy<SNSEvent, void>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async (event) => {
      for (const record of event.Records) {
        const notice = toDeliveryNotice(sesEventOf(record));
        if (!notice) continue;
        const outcome = await deps.recordDeliveryEvent(notice);
        logger.info("Delivery event", { reference: notice.reference, kind: notice.kind, outcome });
      }
    });
}
