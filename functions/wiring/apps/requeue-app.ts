import type { Queue } from "#core/ports/queue.js";
import { createRequeueAwaiting, defaultRequeueSettings } from "#core/use-cases/requeue-awaiting.js";
import { requeueStaleMinutes } from "../../config/dispatch-queue-settings.js";
import type { Config } from "../../config/env.js";
import type { BaseAdapters } from "../adapters/base-adapters.js";
import { sqsQueue } from "../adapters/sqs-queue.js";

/** The scheduled safety net that queues again cases whose dispatch job was lost. */
export function createRequeueApp(
  config: Config,
  adapters: BaseAdapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  return {
    requeueAwaiting: createRequeueAwaiting(
      { ...adapters, queue },
      { ...defaultRequeueSettings, staleMinutes: requeueStaleMinutes },
    ),
  };
}
