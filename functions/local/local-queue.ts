import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { SQSBatchResponse, SQSEvent, SQSRecord } from "aws-lambda";
import type { DispatchJob, Queue } from "#core/ports/queue.js";

export interface LocalQueueOptions {
  /** How long a received message stays hidden before it can be received again (SQS default 30 s). */
  visibilityTimeoutMs: number;
  /** Receives after which a message moves to the dead-letter list (the redrive policy). */
  maxReceiveCount: number;
  batchSize?: number;
  pollIntervalMs?: number;
  /** When set, messages survive a restart of the local stack. */
  persistPath?: string;
  now?: () => number;
}

export interface LocalMessage {
  messageId: string;
  body: string;
  sentAt: number;
  receiveCount: number;
  visibleAt: number;
}

export type BatchConsumer = (event: SQSEvent) => Promise<SQSBatchResponse | undefined>;

/**
 * An in-process queue with the SQS semantics the dispatch function relies on: at-least-once
 * delivery, a visibility timeout, partial batch failures and a dead-letter list after
 * `maxReceiveCount` receives. It hands the consumer real SQS-shaped events.
 */
export class LocalQueue implements Queue {
  readonly #options: Required<Omit<LocalQueueOptions, "persistPath">> & { persistPath?: string };
  #messages: LocalMessage[] = [];
  #deadLetters: LocalMessage[] = [];
  #consumer: BatchConsumer | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;

  constructor(options: LocalQueueOptions) {
    this.#options = { batchSize: 10, pollIntervalMs: 200, now: Date.now, ...options };
    const path = options.persistPath;
    if (path && existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, "utf8")) as {
        messages: LocalMessage[];
        deadLetters: LocalMessage[];
      };
      this.#messages = saved.messages;
      this.#deadLetters = saved.deadLetters;
    }
  }

  async send(job: DispatchJob): Promise<void> {
    const now = this.#options.now();
    this.#messages.push({
      messageId: randomUUID(),
      body: JSON.stringify(job),
      sentAt: now,
      receiveCount: 0,
      visibleAt: now,
    });
    this.#save();
    this.#schedule(0);
  }

  /** Starts delivering messages to the consumer, as an SQS event source mapping does. */
  start(consumer: BatchConsumer): void {
    this.#consumer = consumer;
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#consumer = undefined;
    clearTimeout(this.#timer);
    await this.#polling;
  }

  get depth(): { visible: number; inFlight: number; deadLetters: number } {
    const now = this.#options.now();
    const visible = this.#messages.filter((m) => m.visibleAt <= now).length;
    return { visible, inFlight: this.#messages.length - visible, deadLetters: this.#deadLetters.length };
  }

  /** SQS ChangeMessageVisibility: hide a received message for `seconds` from now. */
  async changeVisibility(receiptHandle: string, seconds: number): Promise<void> {
    const [messageId, count] = receiptHandle.split("#");
    const message = this.#messages.find((m) => m.messageId === messageId && String(m.receiveCount) === count);
    if (!message) return;
    message.visibleAt = this.#options.now() + seconds * 1000;
    this.#save();
  }

  /** Removes and returns every dead letter (their cases are re-driven with fresh jobs). */
  takeDeadLetters(): LocalMessage[] {
    const taken = this.#deadLetters;
    this.#deadLetters = [];
    this.#save();
    return taken;
  }

  deadLetters(): readonly LocalMessage[] {
    return this.#deadLetters;
  }

  /** Moves dead letters back onto the queue with a fresh receive count (SQS "start DLQ redrive"). */
  redrive(): number {
    const count = this.#deadLetters.length;
    const now = this.#options.now();
    this.#messages.push(...this.#deadLetters.map((m) => ({ ...m, receiveCount: 0, visibleAt: now })));
    this.#deadLetters = [];
    this.#save();
    this.#schedule(0);
    return count;
  }

  /** Resolves once nothing is waiting or in flight (used by tests and a clean shutdown). */
  async drained(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.#messages.length > 0 || this.#polling) {
      if (Date.now() > deadline) throw new Error(`Queue not drained after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  #schedule(delayMs: number): void {
    if (!this.#consumer || this.#polling) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#polling = this.#poll().finally(() => {
        this.#polling = undefined;
        this.#scheduleNext();
      });
    }, delayMs);
    this.#timer.unref();
  }

  #scheduleNext(): void {
    if (this.#messages.length === 0) return;
    const now = this.#options.now();
    const next = Math.min(...this.#messages.map((m) => m.visibleAt));
    // A backlog is worked straight through; otherwise wait for the next message to become visible.
    this.#schedule(next <= now ? 0 : Math.max(next - now, this.#options.pollIntervalMs));
  }

  async #poll(): Promise<void> {
    const consumer = this.#consumer;
    if (!consumer) return;
    const now = this.#options.now();
    const batch: LocalMessage[] = [];
    for (const message of this.#messages) {
      if (batch.length >= this.#options.batchSize) break;
      if (message.visibleAt > now) continue;
      if (message.receiveCount >= this.#options.maxReceiveCount) continue;
      message.receiveCount += 1;
      message.visibleAt = now + this.#options.visibilityTimeoutMs;
      batch.push(message);
    }
    // As SQS does, a message received maxReceiveCount times that comes back again goes to the DLQ.
    const exhausted = this.#messages.filter(
      (m) => m.visibleAt <= now && m.receiveCount >= this.#options.maxReceiveCount,
    );
    if (exhausted.length > 0) {
      this.#deadLetters.push(...exhausted);
      this.#messages = this.#messages.filter((m) => !exhausted.includes(m));
    }
    this.#save();
    if (batch.length === 0) return;

    let failed: Set<string>;
    try {
      const response = await consumer({ Records: batch.map((m) => toRecord(m, now)) });
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch {
      failed = new Set(batch.map((m) => m.messageId));
    }
    const done = new Set(batch.filter((m) => !failed.has(m.messageId)));
    this.#messages = this.#messages.filter((m) => !done.has(m));
    this.#save();
  }

  #save(): void {
    const path = this.#options.persistPath;
    if (!path) return;
    writeFileSync(
      `${path}.tmp`,
      JSON.stringify({ messages: this.#messages, deadLetters: this.#deadLetters }),
    );
    renameSync(`${path}.tmp`, path);
  }
}

function toRecord(message: LocalMessage, now: number): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: `${message.messageId}#${message.receiveCount}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receiveCount),
      SentTimestamp: String(message.sentAt),
      SenderId: "local",
      ApproximateFirstReceiveTimestamp: String(now),
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:local:000000000000:signpost-dispatch",
    awsRegion: "local",
  };
}
