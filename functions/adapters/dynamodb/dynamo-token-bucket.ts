import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { PacingBusyError, type RequestPacing } from "#core/ports/request-pacing.js";
import { pacingKey } from "./keys.js";
import { reportsTable } from "./table-definition.js";

export interface DynamoTokenBucketOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** One token per this many milliseconds per host (MODERNGOV_MIN_INTERVAL_MS). */
  minIntervalMs: number;
  /**
   * Added to every interval: two containers' calls to DynamoDB and then to the host take different
   * times, so turns exactly `minIntervalMs` apart could reach the host a little closer. Default 50.
   */
  marginMs?: number;
  /**
   * Longest a caller waits for its turn before giving up with `PacingBusyError` (the look-up then
   * stops as if the host were unreachable: a cached contact is used, or the district), so a
   * bucket booked far ahead never hangs dispatch. Default five intervals (at least a second): the
   * functions that ask at once (two dispatch containers, the digest, the weekly refresh, the case
   * log) each get a turn within that when they take turns fairly.
   */
  maxWaitMs?: number;
  /** Epoch milliseconds (tests inject a simulated clock). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** The upstream a give-up is reported under, as the Modern.Gov adapter names its own failures. */
const UPSTREAM = "Modern.Gov";
/** Kept a day past its last turn: TTL deletion is lazy, and a stale turn is harmless anyway. */
const EXPIRY_SLACK_SECONDS = 24 * 60 * 60;

/**
 * One request per `minIntervalMs` per host across every container, in the reports table. A token
 * bucket of capacity one is the same thing as the instant its next token is due (`nextAt`): a
 * token is there when `nextAt <= now`, and taking it moves `nextAt` to `now + minIntervalMs` (plus the margin).
 *
 * Taking is one conditional UpdateItem on `nextAt` (optimistic concurrency: the condition is the
 * version check, and DynamoDB applies conditional writes to one item one at a time), so two
 * containers can never both take the token of one interval. Only a refused take reads the item,
 * to learn how long to sleep. Conditional writes only: dynalite has no transactions.
 *
 * Containers compare their own clocks with `nextAt`: Lambda's are NTP-synchronised, so skew is
 * milliseconds against a one-second interval.
 */
export class DynamoTokenBucket implements RequestPacing {
  readonly #options: DynamoTokenBucketOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  /** The next turn this container booked per host: it sleeps until then instead of asking first. */
  readonly #booked = new Map<string, number>();

  constructor(options: DynamoTokenBucketOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async waitTurn(host: string, signal?: AbortSignal): Promise<void> {
    const maxWaitMs = this.#options.maxWaitMs ?? Math.max(5 * this.#options.minIntervalMs, 1000);
    const giveUpAt = this.#now() + maxWaitMs;
    let dueAt = this.#booked.get(host) ?? 0;
    for (;;) {
      const wait = dueAt - this.#now();
      if (wait > 0) {
        if (this.#now() + wait > giveUpAt) {
          throw new PacingBusyError(UPSTREAM, host, maxWaitMs);
        }
        await this.#sleepUnless(wait, signal);
      }
      // A caller that stopped waiting (its look-up ran out of time) must not take a turn it won't use.
      signal?.throwIfAborted();
      const now = this.#now();
      if (await this.#take(host, now)) {
        this.#booked.set(host, now + this.#intervalMs);
        return;
      }
      // Another container took this interval's token: read when the next one is due.
      dueAt = Math.max(await this.#nextAt(host), now + 1);
    }
  }

  get #intervalMs(): number {
    return this.#options.minIntervalMs + (this.#options.marginMs ?? 50);
  }

  async #sleepUnless(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (!signal) return this.#sleep(ms);
    signal.throwIfAborted();
    let abandon: (() => void) | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      abandon = () => reject(signal.reason as Error);
      signal.addEventListener("abort", abandon, { once: true });
    });
    try {
      await Promise.race([this.#sleep(ms), aborted]);
    } finally {
      if (abandon) signal.removeEventListener("abort", abandon);
    }
  }

  async #take(host: string, now: number): Promise<boolean> {
    const nextAt = now + this.#intervalMs;
    try {
      await this.#options.client.send(
        new UpdateCommand({
          TableName: this.#options.tableName,
          Key: pacingKey(host),
          UpdateExpression: "SET #next = :next, #ttl = :ttl",
          ConditionExpression: "attribute_not_exists(#next) OR #next <= :now",
          ExpressionAttributeNames: { "#next": "nextAt", "#ttl": reportsTable.timeToLiveAttribute },
          ExpressionAttributeValues: {
            ":next": nextAt,
            ":now": now,
            ":ttl": Math.floor(nextAt / 1000) + EXPIRY_SLACK_SECONDS,
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async #nextAt(host: string): Promise<number> {
    const { Item } = await this.#options.client.send(
      new GetCommand({ TableName: this.#options.tableName, Key: pacingKey(host), ConsistentRead: true }),
    );
    const nextAt: unknown = Item?.nextAt;
    return typeof nextAt === "number" ? nextAt : 0;
  }
}
