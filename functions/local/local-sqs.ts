import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type LocalQueueSettings, LocalSqsQueues, SqsError, type SqsErrorCode } from "./sqs-queues.js";

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

/** Each error's HTTP status and its code in the `x-amzn-query-error` header, as the SDK models them. */
const ERRORS: Record<SqsErrorCode, { status: number; queryCode: string }> = {
  QueueDoesNotExist: { status: 400, queryCode: "AWS.SimpleQueueService.NonExistentQueue" },
  ReceiptHandleIsInvalid: { status: 404, queryCode: "ReceiptHandleIsInvalid" },
  InvalidParameterValue: { status: 400, queryCode: "InvalidParameterValue" },
  EmptyBatchRequest: { status: 400, queryCode: "AWS.SimpleQueueService.EmptyBatchRequest" },
  TooManyEntriesInBatchRequest: {
    status: 400,
    queryCode: "AWS.SimpleQueueService.TooManyEntriesInBatchRequest",
  },
  BatchEntryIdsNotDistinct: { status: 400, queryCode: "AWS.SimpleQueueService.BatchEntryIdsNotDistinct" },
  UnsupportedOperation: { status: 400, queryCode: "AWS.SimpleQueueService.UnsupportedOperation" },
};

/** SQS's limits: 256 KiB a message, 10 entries a batch, 20 s of long polling, 12 h of visibility. */
const MAX_MESSAGE_BYTES = 262_144;
const MAX_BATCH = 10;
const MAX_WAIT_SECONDS = 20;
const MAX_VISIBILITY_SECONDS = 43_200;
const MAX_DELAY_SECONDS = 900;

type Input = Record<string, unknown>;

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

function invalid(parameter: string, reason: string): SqsError {
  return new SqsError(
    "InvalidParameterValue",
    `Value for parameter ${parameter} is invalid. Reason: ${reason}`,
  );
}

function text(value: unknown, parameter: string): string {
  if (typeof value !== "string") throw invalid(parameter, "Must be a string.");
  return value;
}

/** A whole number of seconds (or a count) within SQS's range, or undefined when not given. */
function seconds(value: unknown, parameter: string, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(parameter, `Must be a whole number from 0 to ${max}.`);
  }
  return value;
}

function batchEntries(value: unknown): Array<{ Id: string } & Input> {
  const entries = Array.isArray(value) ? (value as Input[]) : [];
  if (entries.length === 0)
    throw new SqsError("EmptyBatchRequest", "There should be at least one entry in the request.");
  if (entries.length > MAX_BATCH) {
    throw new SqsError(
      "TooManyEntriesInBatchRequest",
      `Maximum number of entries per request are ${MAX_BATCH}.`,
    );
  }
  const ids = entries.map((e) => text(e.Id, "Id"));
  if (new Set(ids).size !== ids.length) {
    throw new SqsError(
      "BatchEntryIdsNotDistinct",
      "Two or more batch entries in the request have the same Id.",
    );
  }
  return entries.map((e, i) => ({ ...e, Id: ids[i] as string }));
}

/** The system attributes a ReceiveMessage asked for (old `AttributeNames` or `MessageSystemAttributeNames`). */
function attributeNames(input: Input): Set<string> {
  const names = [input.AttributeNames, input.MessageSystemAttributeNames].flatMap((v) =>
    Array.isArray(v) ? v.map(String) : [],
  );
  return names.includes("All")
    ? new Set(["ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"])
    : new Set(names);
}

function pick(wanted: Set<string>, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => wanted.has(key)));
}

/** An error as SQS's JSON protocol returns it: `__type` in the body, the query code in a header. */
function sqsError(res: ServerResponse, code: SqsErrorCode, message: string): void {
  const { status, queryCode } = ERRORS[code];
  jsonError(res, status, `com.amazonaws.sqs#${code}`, queryCode, message);
}

function jsonError(
  res: ServerResponse,
  status: number,
  type: string,
  queryCode: string,
  message: string,
): void {
  if (res.destroyed || res.headersSent) return;
  res
    .writeHead(status, {
      "content-type": "application/x-amz-json-1.0",
      "x-amzn-requestid": randomUUID(),
      "x-amzn-query-error": `${queryCode};Sender`,
    })
    .end(JSON.stringify({ __type: type, message }));
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) {
    // Read and dropped, so the connection can be reused.
  }
}

async function readJson(req: IncomingMessage): Promise<Input | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // A batch of ten messages at the 256 KiB limit, with room for the JSON around them.
    if (size > 4 * MAX_BATCH * MAX_MESSAGE_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Input) : undefined;
  } catch {
    return undefined;
  }
}
