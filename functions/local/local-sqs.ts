import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  attributeNames,
  batchEntries,
  drain,
  type Input,
  invalid,
  jsonError,
  MAX_BATCH,
  MAX_DELAY_SECONDS,
  MAX_MESSAGE_BYTES,
  MAX_VISIBILITY_SECONDS,
  MAX_WAIT_SECONDS,
  pick,
  readJson,
  seconds,
  sqsError,
  text,
} from "./sqs-json-protocol.js";
import { type LocalQueueSettings, LocalSqsQueues, SqsError } from "./sqs-queues.js";

/**
 * A local stand-in for SQS (`npm start` and tests). It answers the part of the SQS API the
 * functions and the local event source mapping call, in SQS's JSON protocol (AWS JSON 1.0, as
 * @aws-sdk/client-sqs speaks it), so the real `SqsQueue` adapter and SQS SDK client work against it
 * unchanged: SendMessage, ReceiveMessage (with long polling), DeleteMessage, DeleteMessageBatch,
 * ChangeMessageVisibility, GetQueueUrl and GetQueueAttributes. Queue URLs are
 * `<endpoint>/000000000000/<name>`. Never deployed.
 */

/** The account the local queues belong to (the one recorded ARNs name too). */
export const LOCAL_ACCOUNT = "000000000000";

export interface LocalSqs {
  /** SQS's API endpoint (the functions' SQS_ENDPOINT). */
  endpoint: string;
  queueUrl(name: string): string;
  queueArn(name: string): string;
  /** The queues themselves, for local admin and tests (depth, dead letters, redrive). */
  queues: LocalSqsQueues;
  /** How many ReceiveMessage calls are long-polling now (tests wait for one before sending). */
  readonly longPolls: number;
  close: () => Promise<void>;
}

export interface LocalSqsOptions {
  queues: Record<string, LocalQueueSettings>;
  port?: number;
  /** When set, messages survive a restart. */
  persistPath?: string;
  /** The region queue ARNs name (the functions' AWS_REGION). */
  region?: string;
  /**
   * How long one second of an SQS call lasts here, in milliseconds (default 1000). Tests run retry
   * schedules of whole seconds, as SQS takes them, at a thousandth of the speed with 1.
   */
  secondMs?: number;
}

export async function startLocalSqs(options: LocalSqsOptions): Promise<LocalSqs> {
  const queues = new LocalSqsQueues({
    queues: options.queues,
    ...(options.persistPath ? { persistPath: options.persistPath } : {}),
  });
  const region = options.region ?? "eu-west-2";
  const secondMs = options.secondMs ?? 1000;
  const pollers = new Set<() => void>();
  let closing = false;

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof SqsError) return sqsError(res, error.code, error.message);
      return jsonError(res, 500, "com.amazonaws.sqs#InternalFailure", "InternalFailure", "Internal error");
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const queueUrl = (name: string) => `${endpoint}/${LOCAL_ACCOUNT}/${name}`;
  const queueArn = (name: string) => `arn:aws:sqs:${region}:${LOCAL_ACCOUNT}:${name}`;

  /** The queue a QueueUrl names: this endpoint's path `/<account>/<name>`, whatever the host. */
  const queueOf = (input: Input): string => {
    let path = "";
    try {
      path = new URL(text(input.QueueUrl, "QueueUrl")).pathname;
    } catch (error) {
      if (error instanceof SqsError) throw error;
    }
    const [, account, name, ...rest] = path.split("/");
    if (account !== LOCAL_ACCOUNT || !name || rest.length > 0 || !queues.has(name)) {
      throw new SqsError("QueueDoesNotExist", "The specified queue does not exist.");
    }
    return name;
  };

  const operations: Record<string, (input: Input, res: ServerResponse) => unknown> = {
    SendMessage(input) {
      const name = queueOf(input);
      if (input.MessageAttributes !== undefined || input.MessageSystemAttributes !== undefined) {
        throw new SqsError(
          "UnsupportedOperation",
          "Message attributes are not supported by the local endpoint.",
        );
      }
      const body = text(input.MessageBody, "MessageBody");
      if (body.length === 0 || Buffer.byteLength(body, "utf8") > MAX_MESSAGE_BYTES) {
        throw invalid(
          "MessageBody",
          body.length === 0 ? "Must not be empty." : "Message must be shorter than 262144 bytes.",
        );
      }
      const delay = seconds(input.DelaySeconds, "DelaySeconds", MAX_DELAY_SECONDS) ?? 0;
      const message = queues.send(name, body, delay * secondMs);
      return { MessageId: message.messageId, MD5OfMessageBody: message.md5OfBody };
    },
    async ReceiveMessage(input, res) {
      const name = queueOf(input);
      const max = seconds(input.MaxNumberOfMessages, "MaxNumberOfMessages", MAX_BATCH) ?? 1;
      if (max < 1) throw invalid("MaxNumberOfMessages", "Must be between 1 and 10, if provided.");
      const visibility = seconds(input.VisibilityTimeout, "VisibilityTimeout", MAX_VISIBILITY_SECONDS);
      const wait = seconds(input.WaitTimeSeconds, "WaitTimeSeconds", MAX_WAIT_SECONDS) ?? 0;
      const deadline = Date.now() + wait * 1000;
      let received = queues.receive(name, max, visibility === undefined ? undefined : visibility * secondMs);
      // Long polling: answer as soon as a message is sent or comes back, or when the wait is over.
      while (received.length === 0 && Date.now() < deadline && !closing && !res.destroyed) {
        const next = queues.nextVisibleAt(name);
        await changeOf(name, Math.min(deadline, next ?? deadline) - Date.now(), res);
        if (closing || res.destroyed) return {};
        received = queues.receive(name, max, visibility === undefined ? undefined : visibility * secondMs);
      }
      if (received.length === 0) return {};
      const wanted = attributeNames(input);
      return {
        Messages: received.map((m) => ({
          MessageId: m.messageId,
          ReceiptHandle: m.receipt,
          MD5OfBody: m.md5OfBody,
          Body: m.body,
          ...(wanted.size > 0
            ? {
                Attributes: pick(wanted, {
                  ApproximateReceiveCount: String(m.receiveCount),
                  SentTimestamp: String(m.sentAt),
                  SenderId: LOCAL_ACCOUNT,
                  ApproximateFirstReceiveTimestamp: String(m.firstReceivedAt ?? m.sentAt),
                }),
              }
            : {}),
        })),
      };
    },
    DeleteMessage(input) {
      queues.delete(queueOf(input), text(input.ReceiptHandle, "ReceiptHandle"));
      return {};
    },
    DeleteMessageBatch(input) {
      const name = queueOf(input);
      const entries = batchEntries(input.Entries);
      const Successful: Array<{ Id: string }> = [];
      const Failed: Array<{ Id: string; SenderFault: boolean; Code: string; Message: string }> = [];
      for (const entry of entries) {
        try {
          queues.delete(name, text(entry.ReceiptHandle, "ReceiptHandle"));
          Successful.push({ Id: entry.Id });
        } catch (error) {
          if (!(error instanceof SqsError)) throw error;
          Failed.push({ Id: entry.Id, SenderFault: true, Code: error.code, Message: error.message });
        }
      }
      return { Successful, Failed };
    },
    ChangeMessageVisibility(input) {
      const name = queueOf(input);
      const handle = text(input.ReceiptHandle, "ReceiptHandle");
      const timeout = seconds(input.VisibilityTimeout, "VisibilityTimeout", MAX_VISIBILITY_SECONDS);
      if (timeout === undefined) throw invalid("VisibilityTimeout", "Must be provided.");
      queues.changeVisibility(name, handle, timeout * secondMs);
      return {};
    },
    GetQueueUrl(input) {
      const name = text(input.QueueName, "QueueName");
      const owner = input.QueueOwnerAWSAccountId;
      if (!queues.has(name) || (owner !== undefined && owner !== LOCAL_ACCOUNT)) {
        throw new SqsError("QueueDoesNotExist", "The specified queue does not exist.");
      }
      return { QueueUrl: queueUrl(name) };
    },
    GetQueueAttributes(input) {
      const name = queueOf(input);
      const settings = queues.settings(name);
      const depth = queues.depth(name);
      const redrive = settings.redrive;
      const all: Record<string, string> = {
        QueueArn: queueArn(name),
        ApproximateNumberOfMessages: String(depth.visible),
        ApproximateNumberOfMessagesNotVisible: String(depth.inFlight),
        ApproximateNumberOfMessagesDelayed: String(depth.delayed),
        VisibilityTimeout: String(Math.round(settings.visibilityTimeoutMs / secondMs)),
        ...(redrive
          ? {
              RedrivePolicy: JSON.stringify({
                deadLetterTargetArn: queueArn(redrive.deadLetterQueue),
                maxReceiveCount: redrive.maxReceiveCount,
              }),
            }
          : {}),
      };
      const names = Array.isArray(input.AttributeNames) ? (input.AttributeNames as unknown[]) : [];
      const wanted = names.includes("All") ? new Set(Object.keys(all)) : new Set(names.map(String));
      return { Attributes: pick(wanted, all) };
    },
  };

  /** Resolves when the queue changes, after `ms`, or when the caller goes away or the server closes. */
  function changeOf(name: string, ms: number, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        res.off("close", done);
        pollers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      const unsubscribe = queues.onChange((changed) => {
        if (changed === name) done();
      });
      res.on("close", done);
      pollers.add(done);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = String(req.headers["x-amz-target"] ?? "");
    const name = target.startsWith("AmazonSQS.") ? target.slice("AmazonSQS.".length) : "";
    const operation = Object.hasOwn(operations, name) ? operations[name] : undefined;
    if (req.method !== "POST" || !operation) {
      await drain(req);
      return jsonError(
        res,
        400,
        "com.amazon.coral.service#UnknownOperationException",
        "UnknownOperation",
        `Unknown operation ${target}`,
      );
    }
    const input = await readJson(req);
    if (!input) {
      return jsonError(
        res,
        400,
        "com.amazon.coral.service#SerializationException",
        "MalformedInput",
        "The request body is not valid JSON.",
      );
    }
    const output = await operation(input, res);
    if (res.destroyed) return;
    res
      .writeHead(200, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": randomUUID() })
      .end(JSON.stringify(output));
  }

  return {
    endpoint,
    queueUrl,
    queueArn,
    queues,
    get longPolls() {
      return pollers.size;
    },
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const poller of [...pollers]) poller();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
