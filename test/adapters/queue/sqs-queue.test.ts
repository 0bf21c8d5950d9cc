import { createHash } from "node:crypto";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SqsQueue } from "#adapters/queue/sqs-queue.js";
import { type LocalSqs, startLocalSqs } from "../../../functions/local/local-sqs.js";

// The dispatch queue adapter and the real SQS SDK client against the local SQS endpoint, which
// answers SQS's JSON protocol: what the functions send is what SQS would be sent.

let sqs: LocalSqs;
let client: SQSClient;
let queueUrl: string;
beforeAll(async () => {
  sqs = await startLocalSqs({ queues: { jobs: { visibilityTimeoutMs: 60_000 } } });
  client = new SQSClient({
    endpoint: sqs.endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  queueUrl = sqs.queueUrl("jobs");
});
afterAll(async () => {
  client.destroy();
  await sqs.close();
});

const receive = async () =>
  (
    await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ["All"],
      }),
    )
  ).Messages ?? [];

describe("SqsQueue", () => {
  it("sends a job as a JSON message body, whose MD5 the SDK checks both ways", async () => {
    const queue = new SqsQueue({ client, queueUrl });
    await queue.send({ reference: "SPD-AAAA-AAA4" });
    const [message, ...rest] = await receive();
    expect(rest).toEqual([]);
    expect(message?.Body).toBe('{"reference":"SPD-AAAA-AAA4"}');
    expect(message?.MD5OfBody).toBe(
      createHash("md5")
        .update(message?.Body ?? "")
        .digest("hex"),
    );
    await client.send(
      new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message?.ReceiptHandle }),
    );
  });

  it("hides a received job for the seconds given, and shows it again at 0", async () => {
    const queue = new SqsQueue({ client, queueUrl });
    await queue.send({ reference: "SPD-BBBB-BBB4" });
    const [first] = await receive();
    await queue.changeVisibility(first?.ReceiptHandle ?? "", 0);
    const [again] = await receive();
    expect(again?.Body).toBe(first?.Body);
    expect(again?.Attributes?.ApproximateReceiveCount).toBe("2");
    await queue.changeVisibility(again?.ReceiptHandle ?? "", 3600);
    expect(await receive()).toEqual([]);
  });

  it("rounds a delay to the whole seconds SQS takes", async () => {
    const queue = new SqsQueue({ client, queueUrl });
    await queue.send({ reference: "SPD-CCCC-CCC4" });
    const [message] = await receive();
    const handle = message?.ReceiptHandle ?? "";
    // SQS rejects a fractional visibility timeout; the adapter rounds it first.
    await expect(
      client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: handle,
          VisibilityTimeout: 2.6,
        }),
      ),
    ).rejects.toThrow(/VisibilityTimeout is invalid/);
    await expect(queue.changeVisibility(handle, 2.6)).resolves.toBeUndefined();
  });

  it("passes on SQS's error for a queue that does not exist, so the job is not taken as queued", async () => {
    const missing = new SqsQueue({ client, queueUrl: sqs.queueUrl("no-such-queue") });
    await expect(missing.send({ reference: "X" })).rejects.toMatchObject({
      name: "QueueDoesNotExist",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("passes on SQS's error for a receipt handle it never issued", async () => {
    await expect(
      new SqsQueue({ client, queueUrl }).changeVisibility("not-a-handle", 5),
    ).rejects.toMatchObject({
      name: "ReceiptHandleIsInvalid",
    });
  });
});
