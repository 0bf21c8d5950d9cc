import { ChangeMessageVisibilityCommand, SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { SqsQueue } from "#adapters/queue/sqs-queue.js";

// The SQS requests the dispatch queue adapter builds, captured by a stub client (no network).

const QUEUE_URL = "https://sqs.eu-west-2.amazonaws.com/111122223333/signpost-dispatch";

function stubClient() {
  const sent: unknown[] = [];
  const client = { send: async (command: unknown) => void sent.push(command) } as unknown as SQSClient;
  return { client, sent };
}

describe("SqsQueue", () => {
  it("sends a job as a JSON message body", async () => {
    const { client, sent } = stubClient();
    await new SqsQueue({ client, queueUrl: QUEUE_URL }).send({ reference: "SPD-AAAA-AAA4" });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeInstanceOf(SendMessageCommand);
    expect((sent[0] as SendMessageCommand).input).toEqual({
      QueueUrl: QUEUE_URL,
      MessageBody: '{"reference":"SPD-AAAA-AAA4"}',
    });
  });

  it("delays a message's next attempt by whole seconds", async () => {
    const { client, sent } = stubClient();
    const queue = new SqsQueue({ client, queueUrl: QUEUE_URL });
    await queue.changeVisibility("receipt-1", 8);
    await queue.changeVisibility("receipt-2", 2.6);
    expect(sent.every((c) => c instanceof ChangeMessageVisibilityCommand)).toBe(true);
    expect(sent.map((c) => (c as ChangeMessageVisibilityCommand).input)).toEqual([
      { QueueUrl: QUEUE_URL, ReceiptHandle: "receipt-1", VisibilityTimeout: 8 },
      { QueueUrl: QUEUE_URL, ReceiptHandle: "receipt-2", VisibilityTimeout: 3 },
    ]);
  });

  it("passes on the client's error so the job is not taken as queued", async () => {
    const client = {
      send: async () => {
        throw new Error("AWS.SimpleQueueService.NonExistentQueue");
      },
    } as unknown as SQSClient;
    await expect(new SqsQueue({ client, queueUrl: QUEUE_URL }).send({ reference: "X" })).rejects.toThrow(
      /NonExistentQueue/,
    );
  });
});
