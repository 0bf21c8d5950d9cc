import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ClientLimitCounters } from "#core/ports/client-limits.js";
import { ExpressionBuilder } from "./expression-builder.js";
import { windowCounterKey } from "./keys.js";
import type { TableAccess } from "./table-access.js";
import { reportsTable } from "./table-definition.js";

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** As the window counters: kept a day past its hour, since TTL deletion is lazy. */
const EXPIRY_SLACK_SECONDS = 24 * 60 * 60;

/**
 * Per-client submission counts in the reports table: one item per client and hour (the window
 * counters' layout, named `client#…`), holding the hour's count and each of its minutes' counts.
 * A minute lies wholly inside its hour, so one atomic `ADD` counts both windows: every report costs
 * one write more, not two, and no container can race another between a read and a write.
 */
export function createClientLimitCounters(table: TableAccess): ClientLimitCounters {
  async function add(client: string, at: Date, amount: number) {
    const hourStart = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
    const minuteStart = Math.floor(at.getTime() / MINUTE_MS) * MINUTE_MS;
    const minuteAttribute = `m${String((minuteStart - hourStart) / MINUTE_MS).padStart(2, "0")}`;
    const hourEnds = new Date(hourStart + HOUR_MS);
    const e = new ExpressionBuilder().add({ count: amount, [minuteAttribute]: amount });
    e.set({
      [reportsTable.timeToLiveAttribute]: Math.floor(hourEnds.getTime() / 1000) + EXPIRY_SLACK_SECONDS,
    });
    const result = await table.client.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: windowCounterKey(`client#${client}`, 3600, new Date(hourStart).toISOString()),
        UpdateExpression: e.update(),
        ReturnValues: "UPDATED_NEW",
        ...e.attributes(),
      }),
    );
    const number = (value: unknown) => (typeof value === "number" ? value : amount);
    return {
      hour: { count: number(result.Attributes?.count), windowEndsAt: hourEnds },
      minute: {
        count: number(result.Attributes?.[minuteAttribute]),
        windowEndsAt: new Date(minuteStart + MINUTE_MS),
      },
    };
  }
  return {
    take: (client, at) => add(client, at, 1),
    async giveBack(client, at) {
      await add(client, at, -1);
    },
  };
}
