import { PutCommand } from "@aws-sdk/lib-dynamodb";
import type { PublicStatus, PublicUpdate } from "#core/case/public-update.js";
import type { PublicUpdates } from "#core/ports/public-updates.js";
import { isExpired } from "./case-items.js";
import { publicUpdateKey, publicUpdateKeyFrom, publicUpdateKeyTop, publicUpdatesPartition } from "./keys.js";
import { queryPages } from "./query-pages.js";
import type { TableAccess } from "./table-access.js";
import { reportsTable } from "./table-definition.js";

const { partitionKey: PK, sortKey: SK, timeToLiveAttribute: TTL } = reportsTable;

/**
 * Public updates in the reports table, one item each in their council's partition (see keys.ts),
 * expiring with their case. dynalite never expires items, and DynamoDB may keep them a while past
 * their time, so reads drop the expired ones too. An update without a council (its case is from
 * before councils) is `firstCouncil`'s, as the case store has it.
 */
export function createDynamoPublicUpdates(table: TableAccess, firstCouncil: string): PublicUpdates {
  return {
    async add(update) {
      const council = update.council ?? firstCouncil;
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...publicUpdateKey(council, update.at, update.updateId),
            ...(update.council ? { council: update.council } : {}),
            updateId: update.updateId,
            reference: update.reference,
            status: update.status,
            text: update.text,
            at: update.at,
            [TTL]: update.retainUntil,
          },
          // An update id is never reused; a clash is a bug, not something to overwrite.
          ConditionExpression: "attribute_not_exists(#sk)",
          ExpressionAttributeNames: { "#sk": SK },
        }),
      );
    },

    async list({ council, from, to, limit }) {
      const found: PublicUpdate[] = [];
      // DynamoDB refuses a BETWEEN whose bounds are the wrong way round.
      if (limit <= 0 || from > to) return found;
      const pages = queryPages(
        table,
        {
          KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
          ExpressionAttributeNames: { "#pk": PK, "#sk": SK },
          ExpressionAttributeValues: {
            ":pk": publicUpdatesPartition(council),
            ":from": publicUpdateKeyFrom(from),
            ":to": publicUpdateKeyTop(to),
          },
          ScanIndexForward: true,
        },
        () => Math.min(Math.max(limit - found.length, 1), 1000),
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          if (found.length < limit && !isExpired(item, table.now())) found.push(toPublicUpdate(item));
        }
        if (found.length >= limit) break;
      }
      return found;
    },
  };
}

function toPublicUpdate(item: Record<string, unknown>): PublicUpdate {
  return {
    updateId: String(item.updateId),
    ...(typeof item.council === "string" ? { council: item.council } : {}),
    reference: String(item.reference),
    status: String(item.status) as PublicStatus,
    text: String(item.text),
    at: String(item.at),
    retainUntil: Number(item[TTL]),
  };
}
