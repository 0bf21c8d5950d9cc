import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import type { createRequeueAwaiting } from "#core/use-cases/requeue-awaiting.js";
import { logger } from "../logger.js";
import { countCasesGivenUp } from "../metrics.js";

/** Run on a schedule (EventBridge; a timer under `npm start`): queue again cases whose sending stalled. */
export function createRequeueHandler(deps: { requeueAwaiting: ReturnType<typeof createRequeueAwaiting> }) {
  return middy<ScheduledEvent, { requeued: number; givenUp: number }>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async () => {
      const { requeued, givenUp } = await deps.requeueAwaiting();
      // Rare and worth seeing; references only, never residents' details.
      if (requeued.length > 0) {
        logger.warn("Queued cases again", { count: requeued.length, references: requeued });
      }
      if (givenUp.length > 0) {
        countCasesGivenUp(givenUp.length);
        // Failing the run (after the work is done) is what makes the function's error alarm fire;
        // the cases are already marked not sent, so EventBridge's retry finds nothing more to do.
        throw new Error(
          `${givenUp.length} case(s) marked not sent after repeated re-queues: ${givenUp.join(", ")}`,
        );
      }
      return { requeued: requeued.length, givenUp: 0 };
    });
}
