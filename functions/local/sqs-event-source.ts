import {
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";

export type BatchConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined | void>;

export interface SqsEventSourceOptions {
  /** An SQS client for the queue's endpoint (built with the consuming function's recorder, if any). */
  client: SQSClient;
  queueUrl: string;
  /** The queue's ARN, as each record's `eventSourceARN` names it. */
  queueArn: string;
  region: string;
  batchSize: number;
  consumer: BatchConsumer;
  /** Long-poll wait of each ReceiveMessage (Lambda's pollers use 20 s). */
  waitTimeSeconds?: number;
}

/** Wait after a failed ReceiveMessage before polling again. */
const RECEIVE_RETRY_MS = 100;

/**
 * What Lambda's SQS event source mapping does, locally: long-poll the queue through the SQS API,
 * hand each batch to the function as an SQSEvent, then delete the records that succeeded. With
 * `ReportBatchItemFailures` (as the CDK stack sets it) the ids in `batchItemFailures` stay on the
 * queue; a consumer that throws, or names an id not in the batch, fails the whole batch. A failed
 * record comes back when its visibility timeout (or the one the function set) ends. One poller, one
 * batch at a time.
 */
export class SqsEventSource {
  readonly #options: SqsEventSourceOptions;
  #abort = new AbortController();
  #running: Promise<void> | undefined;
  #stopped = false;
  #busy = false;

  constructor(options: SqsEventSourceOptions) {
    this.#options = options;
  }

  start(): void {
    this.#running ??= this.#poll();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#abort.abort();
    await this.#running;
  }

  /** True while a batch is with the consumer or its successes are being deleted. */
  get busy(): boolean {
    return this.#busy;
  }

  async #poll(): Promise<void> {
    const { client, queueUrl, batchSize, waitTimeSeconds = 20 } = this.#options;
    while (!this.#stopped) {
      let messages: Message[];
      try {
        const output = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: waitTimeSeconds,
            MessageSystemAttributeNames: ["All"],
          }),
          { abortSignal: this.#abort.signal },
        );
        messages = output.Messages ?? [];
      } catch {
        if (this.#stopped) return;
        await new Promise((resolve) => setTimeout(resolve, RECEIVE_RETRY_MS));
        continue;
      }
      if (messages.length === 0) continue;
      this.#busy = true;
      try {
        await this.#deliver(messages);
      } finally {
        this.#busy = false;
      }
    }
  }

  async #deliver(messages: Message[]): Promise<void> {
    const records = messages.map((m) => this.#record(m));
    const ids = new Set(records.map((r) => r.messageId));
    let failed: Set<string>;
    try {
      const response = await this.#options.consumer({ Records: records });
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
      // Lambda takes a failure it cannot match to a record as a failure of the whole batch.
      if ([...failed].some((id) => !ids.has(id))) failed = ids;
    } catch {
      failed = ids;
    }
    for (const record of records.filter((r) => !failed.has(r.messageId))) {
      // A delete that fails leaves the message to come back: at-least-once, as in AWS.
      await this.#options.client
        .send(
          new DeleteMessageCommand({ QueueUrl: this.#options.queueUrl, ReceiptHandle: record.receiptHandle }),
        )
        .catch(() => undefined);
    }
  }

  #record(message: Message): SQSRecord {
    const attributes = message.Attributes ?? {};
    return {
      messageId: message.MessageId ?? "",
      receiptHandle: message.ReceiptHandle ?? "",
      body: message.Body ?? "",
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? "1",
        SentTimestamp: attributes.SentTimestamp ?? "",
        SenderId: attributes.SenderId ?? "",
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? "",
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? "",
      eventSource: "aws:sqs",
      eventSourceARN: this.#options.queueArn,
      awsRegion: this.#options.region,
    };
  }
}
