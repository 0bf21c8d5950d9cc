import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { DispatchJob, Queue } from "#core/ports/queue.js";

/** The dispatch queue in AWS: retries, visibility and dead-lettering are SQS's own (see infra). */
export class SqsQueue implements Queue {
  constructor(private readonly options: { client: SQSClient; queueUrl: string }) {}

  async send(job: DispatchJob): Promise<void> {
    await this.options.client.send(
      new SendMessageCommand({ QueueUrl: this.options.queueUrl, MessageBody: JSON.stringify(job) }),
    );
  }

  /** Back-off for a failed job: it stays hidden for `seconds` before its next attempt. */
  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    await this.options.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.options.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.round(seconds),
      }),
    );
  }
}
