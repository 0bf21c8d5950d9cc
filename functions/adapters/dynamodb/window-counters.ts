import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { ExpressionBuilder } from "./expression-builder.js";
import { windowCounterKey } from "./keys.js";
import type { TableAccess } from "./table-access.js";
import { reportsTable } from "./table-definition.js";

/** What one count in a window found: the count including this one, and when the window ends. */
export interface WindowCount {
  count: number;
  windowEndsAt: Date;
}

/** Kept a day past its window: TTL deletion is lazy, and an old window is never read again anyway. */
const EXPIRY_SLACK_SECONDS = 24 * 60 * 60;

/**
 * Counters that hold across every Lambda container: one atomic `ADD` per count (no read first, no
 * race between containers), in fixed windows aligned to the epoch (a minute, an hour, a UTC day).
 * A fixed window lets a client send up to twice its limit across a boundary; limits are set with
 * that in mind, and it costs one write where a sliding window would cost a read and a write.
 */
export function createWindowCounters(table: TableAccess) {
  return {
    /** Adds `amount` (default one) to `name`'s counter for the window holding `at`. */
    async add(name: string, windowSeconds: number, at: Date, amount = 1): Promise<WindowCount> {
      const windowMs = windowSeconds * 1000;
      const start = Math.floor(at.getTime() / windowMs) * windowMs;
      const windowEndsAt = new Date(start + windowMs);
      const e = new ExpressionBuilder().add({ count: amount });
      e.set({
        [reportsTable.timeToLiveAttribute]: Math.floor(windowEndsAt.getTime() / 1000) + EXPIRY_SLACK_SECONDS,
      });
      const result = await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: windowCounterKey(name, windowSeconds, new Date(start).toISOString()),
          UpdateExpression: e.update(),
          ReturnValues: "UPDATED_NEW",
          ...e.attributes(),
        }),
      );
      const count: unknown = result.Attributes?.count;
      return { count: typeof count === "number" ? count : amount, windowEndsAt };
    },
  };
}

export type WindowCounters = ReturnType<typeof createWindowCounters>;
