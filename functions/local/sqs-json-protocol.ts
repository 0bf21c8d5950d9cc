import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SqsError, type SqsErrorCode } from "./sqs-queues.js";

// SQS's JSON protocol (AWS JSON 1.0) as the local SQS endpoint speaks it: parameter checks within
// SQS's limits, request bodies, and errors in SQS's shape.

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
export const MAX_MESSAGE_BYTES = 262_144;
export const MAX_BATCH = 10;
export const MAX_WAIT_SECONDS = 20;
export const MAX_VISIBILITY_SECONDS = 43_200;
export const MAX_DELAY_SECONDS = 900;

export type Input = Record<string, unknown>;

export function invalid(parameter: string, reason: string): SqsError {
  return new SqsError(
    "InvalidParameterValue",
    `Value for parameter ${parameter} is invalid. Reason: ${reason}`,
  );
}

export function text(value: unknown, parameter: string): string {
  if (typeof value !== "string") throw invalid(parameter, "Must be a string.");
  return value;
}

/** A whole number of seconds (or a count) within SQS's range, or undefined when not given. */
export function seconds(value: unknown, parameter: string, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0 || value > max) {
    throw invalid(parameter, `Must be a whole number from 0 to ${max}.`);
  }
  return value;
}

export function batchEntries(value: unknown): Array<{ Id: string } & Input> {
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
export function attributeNames(input: Input): Set<string> {
  const names = [input.AttributeNames, input.MessageSystemAttributeNames].flatMap((v) =>
    Array.isArray(v) ? v.map(String) : [],
  );
  return names.includes("All")
    ? new Set(["ApproximateReceiveCount", "SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"])
    : new Set(names);
}

export function pick(wanted: Set<string>, values: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => wanted.has(key)));
}

/** An error as SQS's JSON protocol returns it: `__type` in the body, the query code in a header. */
export function sqsError(res: ServerResponse, code: SqsErrorCode, message: string): void {
  const { status, queryCode } = ERRORS[code];
  jsonError(res, status, `com.amazonaws.sqs#${code}`, queryCode, message);
}

export function jsonError(
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

export async function drain(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) {
    // Read and dropped, so the connection can be reused.
  }
}

export async function readJson(req: IncomingMessage): Promise<Input | undefined> {
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
