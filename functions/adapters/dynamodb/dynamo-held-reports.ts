import { DeleteCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { HeldReport, HeldReports } from "#core/ports/held-reports.js";
import { DIGEST_PK, DIGEST_SORT_PREFIX, heldReportKey, heldReportKeyTop } from "./keys.js";
import type { TableAccess } from "./table-access.js";
import { reportsTable } from "./table-definition.js";

const { partitionKey: PK, sortKey: SK } = reportsTable;

/**
 * Holds for the daily digest, one item each in the digest partition (see keys.ts). A hold expires
 * with the retention of the case it names, never sooner: until the digest sends it, the hold is the
 * only thing that puts the case in front of its clerk.
 */
export function createDynamoHeldReports(table: TableAccess, options: { retentionDays: number }) {
  return {
    async hold(held: HeldReport): Promise<void> {
      const expiresAt = Math.floor(table.now().getTime() / 1000) + options.retentionDays * 86_400;
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...heldReportKey(held.day, held.bodyCode, held.reference),
            ...held,
            [reportsTable.timeToLiveAttribute]: expiresAt,
          },
        }),
      );
    },

    async pending(throughDay: string, limit: number): Promise<HeldReport[]> {
      const found: HeldReport[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await table.client.send(
          new QueryCommand({
            TableName: table.tableName,
            KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
            // "day" and "reference" are reserved words in DynamoDB expressions.
            ExpressionAttributeNames: { "#pk": PK, "#sk": SK, "#day": "day", "#ref": "reference" },
            ExpressionAttributeValues: {
              ":pk": DIGEST_PK,
              ":from": DIGEST_SORT_PREFIX,
              ":to": heldReportKeyTop(throughDay),
            },
            ProjectionExpression: "bodyCode, #ref, #day",
            Limit: limit - found.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          found.push({
            bodyCode: String(item.bodyCode),
            reference: String(item.reference),
            day: String(item.day),
          });
        }
        start = page.LastEvaluatedKey;
      } while (start && found.length < limit);
      return found;
    },

    async done(held: HeldReport): Promise<void> {
      await table.client.send(
        new DeleteCommand({
          TableName: table.tableName,
          Key: heldReportKey(held.day, held.bodyCode, held.reference),
        }),
      );
    },
  } satisfies HeldReports & { hold(held: HeldReport): Promise<void> };
}

export type DynamoHeldReports = ReturnType<typeof createDynamoHeldReports>;
