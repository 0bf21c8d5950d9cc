import { SQSClient } from "@aws-sdk/client-sqs";
import { SqsQueue } from "#adapters/queue/sqs-queue.js";
import type { Config } from "../../config/env.js";
import { type Recorded, sdkClientConfig } from "../sdk-clients.js";

/** The dispatch queue through SQS: in AWS, and against the local SQS endpoint under `npm start`. */
export function sqsQueue(config: Config, adapters: { recorded: Recorded }): SqsQueue {
  if (!config.DISPATCH_QUEUE_URL)
    throw new Error("DISPATCH_QUEUE_URL is required to send to the dispatch queue");
  return new SqsQueue({
    client: adapters.recorded(new SQSClient(sdkClientConfig(config, config.SQS_ENDPOINT))),
    queueUrl: config.DISPATCH_QUEUE_URL,
  });
}
