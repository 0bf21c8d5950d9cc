import { createHash } from "node:crypto";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSqs, startLocalSqs } from "../../functions/local/local-sqs.js";

// The local SQS endpoint answers SQS's JSON protocol (AWS JSON 1.0) as the SQS Developer Guide
// and API reference describe it, checked with the real SDK client and with raw requests.

let sqs: LocalSqs;
let client: SQSClient;
beforeAll(async () => {
  sqs = await startLocalSqs({
    queues: {
      // Long visibility: a message comes back only when a test says so.
      jobs: { visibilityTimeoutMs: 3_600_000 },
      // Redrive after two receives; receives here ask for no visibility at all.
      retried: {
        visibilityTimeoutMs: 3_600_000,
        redrive: { deadLetterQueue: "retried-dlq", maxReceiveCount: 2 },
      },
      "retried-dlq": { visibilityTimeoutMs: 3_600_000 },
      other: { visibilityTimeoutMs: 3_600_000 },
    },
  });
  client = new SQSClient({
    endpoint: sqs.endpoint,
    region: "eu-west-2",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});
afterAll(async () => {
  client.destroy();
  await sqs.close();
});

const md5 = (text: string) => createHash("md5").update(text, "utf8").digest("hex");
const url = (name: string) => sqs.queueUrl(name);
const receive = async (name: string, extra: { VisibilityTimeout?: number; WaitTimeSeconds?: number } = {}) =>
  (
    await client.send(
      new ReceiveMessageCommand({
        QueueUrl: url(name),
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ["All"],
        ...extra,
      }),
    )
  ).Messages ?? [];
const send = (name: string, body: string) =>
  client.send(new SendMessageCommand({ QueueUrl: url(name), MessageBody: body }));
const rawCall = (target: string, body: unknown) =>
  fetch(sqs.endpoint, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.0", "x-amz-target": target },
    body: JSON.stringify(body),
  });

describe("the local SQS endpoint", () => {
  it("answers GetQueueUrl with <endpoint>/000000000000/<name> for each queue", async () => {
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: "other" }));
    expect(QueueUrl).toBe(`${sqs.endpoint}/000000000000/other`);
    await expect(client.send(new GetQueueUrlCommand({ QueueName: "missing" }))).rejects.toMatchObject({
      name: "QueueDoesNotExist",
    });
  });

  it("returns SQS's JSON error shape and query-compatible code for a queue that does not exist", async () => {
    const response = await rawCall("AmazonSQS.SendMessage", { QueueUrl: url("missing"), MessageBody: "x" });
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.0");
    expect(response.headers.get("x-amzn-query-error")).toBe("AWS.SimpleQueueService.NonExistentQueue;Sender");
    expect(await response.json()).toEqual({
      __type: "com.amazonaws.sqs#QueueDoesNotExist",
      message: "The specified queue does not exist.",
    });
  });

  it("rejects an operation it does not know", async () => {
    const response = await rawCall("AmazonSQS.PurgeQueue", { QueueUrl: url("jobs") });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toMatch(/UnknownOperationException$/);
  });

  it("returns the MD5 of the UTF-8 body on send and receive (the SDK checks both)", async () => {
    const body = JSON.stringify({ reference: "SPD-MD55-MD54", note: "Café – ☕ 🚧" });
    const sent = await send("other", body);
    expect(sent.MD5OfMessageBody).toBe(md5(body));
    const [message] = await receive("other");
    expect(message).toMatchObject({ MessageId: sent.MessageId, Body: body, MD5OfBody: md5(body) });
    await client.send(
      new DeleteMessageCommand({ QueueUrl: url("other"), ReceiptHandle: message?.ReceiptHandle }),
    );
  });

  it("keeps queues apart", async () => {
    await send("other", "for other");
    expect(await receive("jobs")).toEqual([]);
    const [message] = await receive("other");
    expect(message?.Body).toBe("for other");
    await client.send(
      new DeleteMessageCommand({ QueueUrl: url("other"), ReceiptHandle: message?.ReceiptHandle }),
    );
  });

  it("hides a received message, and a new receive makes the old receipt handle stale", async () => {
    await send("jobs", "job");
    const [first] = await receive("jobs");
    expect(first?.Attributes).toMatchObject({ ApproximateReceiveCount: "1", SenderId: "000000000000" });
    expect(await receive("jobs")).toEqual([]);

    await client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: url("jobs"),
        ReceiptHandle: first?.ReceiptHandle,
        VisibilityTimeout: 0,
      }),
    );
    const [second] = await receive("jobs");
    expect(second?.MessageId).toBe(first?.MessageId);
    expect(second?.Attributes?.ApproximateReceiveCount).toBe("2");
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);

    // The stale handle can no longer change the visibility, and deleting with it deletes nothing.
    await expect(
      client.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url("jobs"),
          ReceiptHandle: first?.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      ),
    ).rejects.toThrow(/Message does not exist or is not available for visibility timeout change/);
    await client.send(
      new DeleteMessageCommand({ QueueUrl: url("jobs"), ReceiptHandle: first?.ReceiptHandle }),
    );
    expect(sqs.queues.messages("jobs")).toHaveLength(1);
    await client.send(
      new DeleteMessageCommand({ QueueUrl: url("jobs"), ReceiptHandle: second?.ReceiptHandle }),
    );
    expect(sqs.queues.messages("jobs")).toHaveLength(0);
  });

  it("answers ReceiptHandleIsInvalid (404) for a handle it never issued", async () => {
    await expect(
      client.send(new DeleteMessageCommand({ QueueUrl: url("jobs"), ReceiptHandle: "made-up" })),
    ).rejects.toMatchObject({ name: "ReceiptHandleIsInvalid", $metadata: { httpStatusCode: 404 } });
  });

  it("deletes a batch entry by entry, reporting the ones that fail", async () => {
    await send("jobs", "a");
    const [message] = await receive("jobs");
    const result = await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url("jobs"),
        Entries: [
          { Id: "good", ReceiptHandle: message?.ReceiptHandle },
          { Id: "bad", ReceiptHandle: "made-up" },
        ],
      }),
    );
    expect(result.Successful).toEqual([{ Id: "good" }]);
    expect(result.Failed).toEqual([
      expect.objectContaining({ Id: "bad", Code: "ReceiptHandleIsInvalid", SenderFault: true }),
    ]);
    expect(sqs.queues.messages("jobs")).toHaveLength(0);
    await expect(
      client.send(new DeleteMessageBatchCommand({ QueueUrl: url("jobs"), Entries: [] })),
    ).rejects.toMatchObject({ name: "EmptyBatchRequest" });
  });

  it("rejects values outside SQS's ranges", async () => {
    await expect(
      client.send(new ReceiveMessageCommand({ QueueUrl: url("jobs"), MaxNumberOfMessages: 11 })),
    ).rejects.toThrow(/MaxNumberOfMessages is invalid/);
    await expect(
      client.send(new ReceiveMessageCommand({ QueueUrl: url("jobs"), WaitTimeSeconds: 21 })),
    ).rejects.toThrow(/WaitTimeSeconds is invalid/);
    await expect(
      client.send(new SendMessageCommand({ QueueUrl: url("jobs"), MessageBody: "" })),
    ).rejects.toThrow(/MessageBody is invalid/);
  });

  it("moves a message received maxReceiveCount times to the dead-letter queue when it comes back", async () => {
    await send("retried", "poison");
    expect(await receive("retried", { VisibilityTimeout: 0 })).toHaveLength(1);
    expect(await receive("retried", { VisibilityTimeout: 0 })).toHaveLength(1);
    expect(await receive("retried", { VisibilityTimeout: 0 })).toEqual([]);
    const [dead] = await receive("retried-dlq");
    expect(dead?.Body).toBe("poison");

    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url("retried"), AttributeNames: ["All"] }),
    );
    expect(Attributes).toMatchObject({
      QueueArn: "arn:aws:sqs:eu-west-2:000000000000:retried",
      ApproximateNumberOfMessages: "0",
      VisibilityTimeout: "3600",
    });
    expect(JSON.parse(Attributes?.RedrivePolicy ?? "")).toEqual({
      deadLetterTargetArn: "arn:aws:sqs:eu-west-2:000000000000:retried-dlq",
      maxReceiveCount: 2,
    });
  });

  it("holds back a message sent with a delay, counting it as delayed", async () => {
    await client.send(
      new SendMessageCommand({ QueueUrl: url("other"), MessageBody: "later", DelaySeconds: 900 }),
    );
    expect(await receive("other")).toEqual([]);
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: url("other"),
        AttributeNames: ["ApproximateNumberOfMessagesDelayed", "ApproximateNumberOfMessagesNotVisible"],
      }),
    );
    expect(Attributes).toEqual({
      ApproximateNumberOfMessagesDelayed: "1",
      ApproximateNumberOfMessagesNotVisible: "0",
    });
    sqs.queues.takeAll("other");
  });

  it("long-polls: a waiting receive answers as soon as a message is sent", async () => {
    const waiting = receive("jobs", { WaitTimeSeconds: 20 });
    await expect.poll(() => sqs.longPolls).toBe(1);
    await send("jobs", "awaited");
    const [message] = await waiting;
    expect(message?.Body).toBe("awaited");
    await client.send(
      new DeleteMessageCommand({ QueueUrl: url("jobs"), ReceiptHandle: message?.ReceiptHandle }),
    );
  });
});
