import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

/** A queue's settings, as its CreateQueue attributes would give them. */
export interface LocalQueueSettings {
  /** How long a received message stays hidden before it can be received again (SQS default 30 s). */
  visibilityTimeoutMs: number;
  /** The redrive policy: a message received `maxReceiveCount` times moves to the named queue. */
  redrive?: { deadLetterQueue: string; maxReceiveCount: number };
}

export interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  visibleAt: number;
  /** The receipt handle of the latest receive: the only one that can delete or hide the message. */
  receipt?: string;
}

/** An error SQS returns, by the name its API reference gives it. */
export class SqsError extends Error {
  constructor(
    readonly code: SqsErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export type SqsErrorCode =
  | "QueueDoesNotExist"
  | "ReceiptHandleIsInvalid"
  | "InvalidParameterValue"
  | "EmptyBatchRequest"
  | "TooManyEntriesInBatchRequest"
  | "BatchEntryIdsNotDistinct"
  | "UnsupportedOperation";

interface QueueState {
  settings: LocalQueueSettings;
  messages: StoredMessage[];
}

/** MD5 of the UTF-8 bytes, in hex: what SQS returns and the SDK checks on send and receive. */
export function md5Hex(text: string): string {
  return createHash("md5").update(text, "utf8").digest("hex");
}

/**
 * Named queues with the SQS semantics the functions rely on: at-least-once delivery, a visibility
 * timeout, receipt handles that a later receive makes stale, receive counts, and a redrive policy
 * that moves a message received `maxReceiveCount` times to its dead-letter queue when it comes
 * back. The local SQS endpoint (local-sqs.ts) answers the SQS API over these; with a
 * `persistPath` they survive a restart.
 */
export class LocalSqsQueues {
  readonly #queues = new Map<string, QueueState>();
  readonly #listeners = new Set<(queue: string) => void>();
  readonly #persistPath: string | undefined;
  readonly #now: () => number;

  constructor(options: {
    queues: Record<string, LocalQueueSettings>;
    persistPath?: string;
    now?: () => number;
  }) {
    this.#persistPath = options.persistPath;
    this.#now = options.now ?? Date.now;
    const saved = this.#load();
    for (const [name, settings] of Object.entries(options.queues)) {
      this.#queues.set(name, { settings, messages: saved[name] ?? [] });
    }
    for (const { settings } of this.#queues.values()) {
      const dlq = settings.redrive?.deadLetterQueue;
      if (dlq !== undefined && !this.#queues.has(dlq)) throw new Error(`No dead-letter queue ${dlq}`);
    }
  }

  names(): string[] {
    return [...this.#queues.keys()];
  }

  has(name: string): boolean {
    return this.#queues.has(name);
  }

  settings(name: string): LocalQueueSettings {
    return this.#queue(name).settings;
  }

  send(name: string, body: string, delayMs = 0): StoredMessage {
    const now = this.#now();
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: md5Hex(body),
      sentAt: now,
      receiveCount: 0,
      visibleAt: now + delayMs,
    };
    this.#queue(name).messages.push(message);
    this.#changed(name);
    return message;
  }

  /**
   * Receives up to `max` visible messages, hiding each for `visibilityMs` (the queue's own timeout
   * by default). As SQS does, a message already received `maxReceiveCount` times that comes back
   * is moved to the dead-letter queue instead of being received again.
   */
  receive(name: string, max: number, visibilityMs?: number): StoredMessage[] {
    const queue = this.#queue(name);
    const now = this.#now();
    const hideFor = visibilityMs ?? queue.settings.visibilityTimeoutMs;
    const redrive = queue.settings.redrive;
    const received: StoredMessage[] = [];
    const exhausted: StoredMessage[] = [];
    for (const message of queue.messages) {
      if (received.length >= max) break;
      if (message.visibleAt > now) continue;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        exhausted.push(message);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + hideFor;
      message.receipt = receiptHandle(message);
      received.push(message);
    }
    if (redrive && exhausted.length > 0) {
      queue.messages = queue.messages.filter((m) => !exhausted.includes(m));
      const dlq = this.#queue(redrive.deadLetterQueue);
      dlq.messages.push(...exhausted.map((m) => ({ ...m, visibleAt: now, receipt: undefined })));
      this.#changed(redrive.deadLetterQueue);
    }
    if (received.length > 0 || exhausted.length > 0) this.#save();
    return received;
  }

  /**
   * Deletes the message a receipt handle names. A handle made stale by a later receive, or naming
   * a message already deleted, succeeds without deleting anything, as SQS documents for DeleteMessage.
   */
  delete(name: string, handle: string): void {
    const queue = this.#queue(name);
    const messageId = messageIdOf(handle);
    const index = queue.messages.findIndex((m) => m.messageId === messageId && m.receipt === handle);
    if (index < 0) return;
    queue.messages.splice(index, 1);
    this.#changed(name);
  }

  /** Hides a received message for `ms` from now (0 makes it visible at once). */
  changeVisibility(name: string, handle: string, ms: number): void {
    const queue = this.#queue(name);
    const messageId = messageIdOf(handle);
    const message = queue.messages.find((m) => m.messageId === messageId && m.receipt === handle);
    if (!message) {
      throw new SqsError(
        "InvalidParameterValue",
        `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
      );
    }
    message.visibleAt = this.#now() + ms;
    this.#changed(name);
  }

  /** Visible messages, and hidden ones: received and in flight, or sent with a delay not yet over. */
  depth(name: string): { visible: number; inFlight: number; delayed: number } {
    const now = this.#now();
    const messages = this.#queue(name).messages;
    const hidden = messages.filter((m) => m.visibleAt > now);
    const delayed = hidden.filter((m) => m.receiveCount === 0).length;
    return { visible: messages.length - hidden.length, inFlight: hidden.length - delayed, delayed };
  }

  messages(name: string): readonly StoredMessage[] {
    return this.#queue(name).messages;
  }

  /** When the earliest hidden message of the queue becomes visible again, if any is hidden. */
  nextVisibleAt(name: string): number | undefined {
    const now = this.#now();
    const hidden = this.#queue(name).messages.filter((m) => m.visibleAt > now);
    return hidden.length > 0 ? Math.min(...hidden.map((m) => m.visibleAt)) : undefined;
  }

  /** Removes and returns every message of a queue (local admin: re-drive dead letters as new jobs). */
  takeAll(name: string): StoredMessage[] {
    const queue = this.#queue(name);
    const taken = queue.messages;
    queue.messages = [];
    this.#changed(name);
    return taken;
  }

  /** Moves every message back to `to` with a fresh receive count (SQS "start DLQ redrive"). */
  moveAll(from: string, to: string): number {
    const target = this.#queue(to);
    const now = this.#now();
    const moved = this.takeAll(from).map((m) => ({
      ...m,
      receiveCount: 0,
      visibleAt: now,
      receipt: undefined,
      firstReceivedAt: undefined,
    }));
    target.messages.push(...moved);
    this.#changed(to);
    return moved.length;
  }

  /** Calls `listener` with the queue's name after each send, delete, visibility change or move. */
  onChange(listener: (queue: string) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #queue(name: string): QueueState {
    const queue = this.#queues.get(name);
    if (!queue) throw new SqsError("QueueDoesNotExist", "The specified queue does not exist.");
    return queue;
  }

  #changed(name: string): void {
    this.#save();
    for (const listener of this.#listeners) listener(name);
  }

  #load(): Record<string, StoredMessage[]> {
    const path = this.#persistPath;
    if (!path || !existsSync(path)) return {};
    return (JSON.parse(readFileSync(path, "utf8")) as { queues: Record<string, StoredMessage[]> }).queues;
  }

  #save(): void {
    const path = this.#persistPath;
    if (!path) return;
    const queues = Object.fromEntries([...this.#queues].map(([name, q]) => [name, q.messages]));
    writeFileSync(`${path}.tmp`, JSON.stringify({ queues }));
    renameSync(`${path}.tmp`, path);
  }
}

/** An opaque handle naming one receive of one message: a new one each receive, as in SQS. */
function receiptHandle(message: StoredMessage): string {
  const token = `${message.messageId}:${message.receiveCount}:${randomBytes(12).toString("hex")}`;
  return Buffer.from(token, "utf8").toString("base64url");
}

/** The message a receipt handle names; a handle this endpoint never issued is invalid. */
function messageIdOf(handle: string): string {
  const [messageId, count, nonce] = Buffer.from(handle, "base64url").toString("utf8").split(":");
  if (!messageId || !count || !nonce || !/^\d+$/.test(count) || !/^[0-9a-f]{24}$/.test(nonce)) {
    throw new SqsError(
      "ReceiptHandleIsInvalid",
      `The input receipt handle "${handle}" is not a valid receipt handle.`,
    );
  }
  return messageId;
}
