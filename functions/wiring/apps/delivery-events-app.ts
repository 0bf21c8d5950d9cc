import { DynamoClerkBounces } from "#adapters/dynamodb/dynamo-clerk-bounces.js";
import type { Queue } from "#core/ports/queue.js";
import { createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import type { Config } from "../../config/env.js";
import type { BaseAdapters } from "../adapters/base-adapters.js";
import { digestContents } from "../adapters/send-budget.js";
import { sqsQueue } from "../adapters/sqs-queue.js";
import { councilsFromConfig } from "../councils-from-config.js";

/** SES delivery, bounce and complaint notices onto the cases' timelines (a bounce re-queues). */
export function createDeliveryEventsApp(
  config: Config,
  adapters: BaseAdapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  return {
    recordDeliveryEvent: createRecordDeliveryEvent({
      ...adapters,
      queue,
      digestContents: digestContents(config, adapters),
      councils: councilsFromConfig(config),
      // A clerk's permanent bounce, for the clerk directory page.
      clerkBounces: new DynamoClerkBounces({ client: adapters.dynamo, tableName: config.TABLE_NAME }),
    }),
  };
}
