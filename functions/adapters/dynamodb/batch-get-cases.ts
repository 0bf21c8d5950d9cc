import { setTimeout as wait } from "node:timers/promises";
import { BatchGetCommand } from "@aws-sdk/lib-dynamodb";
import type { Case } from "#core/case/case.js";
import { UpstreamError } from "#core/errors.js";
import { isExpired, type Item, toCase } from "./case-items.js";
import { caseKey } from "./keys.js";
import type { TableAccess } from "./table-access.js";

/** BatchGetItem refuses more than 100 keys in one request ("Too many items requested"). */
export const BATCH_GET_KEYS = 100;

/**
 * How keys DynamoDB leaves unprocessed are asked for again. A partial answer is not an error: a
 * response over 16 MB, throttling or an internal failure returns the rest as `UnprocessedKeys`,
 * which AWS says to retry with exponential backoff. Size alone needs at most three calls for 100
 * cases (400 KB each at most), so six calls a batch, waiting 25 ms doubling to 400 ms (0.8 s in
 * all), leave room for a brief throttle and still answer the client promptly.
 */
export interface BatchRetry {
  /** Calls one batch of keys may take in all. */
  calls: number;
  /** The wait before the first retry; each later one doubles it. */
  firstDelayMs: number;
  sleep: (ms: number) => Promise<unknown>;
}

export const BATCH_RETRY: BatchRetry = { calls: 6, firstDelayMs: 25, sleep: (ms) => wait(ms) };

/**
 * The live cases of `references` in the order given, each once: BatchGetItem in batches of 100,
 * read side by side, each read consistently as `get` reads one case. Expired items are hidden, as
 * TTL would have deleted them. Throws `UpstreamError` if keys are still unprocessed after the
 * retries, rather than answer as though those cases did not exist.
 */
export async function batchGetCases(
  table: TableAccess,
  references: readonly string[],
  retry: BatchRetry = BATCH_RETRY,
): Promise<Case[]> {
  // BatchGetItem refuses a request naming one key twice.
  const unique = [...new Set(references)];
  const batches: string[][] = [];
  for (let i = 0; i < unique.length; i += BATCH_GET_KEYS) batches.push(unique.slice(i, i + BATCH_GET_KEYS));
  const items = (await Promise.all(batches.map((batch) => readBatch(table, batch, retry)))).flat();
  // Responses come back in no particular order: put them back in the order asked for.
  const now = table.now();
  const found = new Map(
    items.filter((item) => !isExpired(item, now)).map((item) => [String(item.reference), toCase(item)]),
  );
  return unique.flatMap((reference) => found.get(reference) ?? []);
}

async function readBatch(table: TableAccess, references: string[], retry: BatchRetry): Promise<Item[]> {
  const items: Item[] = [];
  let keys: Item[] = references.map((reference) => caseKey(reference));
  for (let call = 1; ; call++) {
    const { Responses, UnprocessedKeys } = await table.client.send(
      new BatchGetCommand({ RequestItems: { [table.tableName]: { Keys: keys, ConsistentRead: true } } }),
    );
    items.push(...(Responses?.[table.tableName] ?? []));
    keys = UnprocessedKeys?.[table.tableName]?.Keys ?? [];
    if (keys.length === 0) return items;
    if (call >= retry.calls) {
      throw new UpstreamError(
        "DynamoDB",
        `${keys.length} of ${references.length} cases still unprocessed after ${call} BatchGetItem calls`,
      );
    }
    await retry.sleep(retry.firstDelayMs * 2 ** (call - 1));
  }
}
