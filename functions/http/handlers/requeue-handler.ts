import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import type { createRequeueAwaiting } from "#core/use-cases/requeue-awaiting.js";
import { logger } from "../logger.js";

/** Run on a schedule (EventBridge; a timer under `npm start`): queue again cases whose job was lost. */
export function createRequeueHandler(deps: { requeueAwaiting: ReturnType<typeof createRequeueAwaiting> }) {
  return middy<ScheduledEvent, { requeued: number }>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async () => {
      const { requeued } = await deps.requeueAwaiting();
      // A lost job is rare and worth seeing; references only, never residents' details.
      if (requeued.length > 0)
        logger.warn("Queued cases again", { count: requeued.length, references: requeued });
      return { requeued: requeued.length };
    });
}
