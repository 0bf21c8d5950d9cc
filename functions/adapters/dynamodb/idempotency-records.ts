import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { ExpressionBuilder } from "./expression-builder.js";
import { idempotencyKey } from "./keys.js";
import type { TableAccess } from "./table-access.js";
import { reportsTable } from "./table-definition.js";

/**
 * Binds a client's idempotency key to a reference with a conditional put, so only the first
 * submission holds it; later ones read back the reference it holds.
 */
export async function claimIdempotencyKey(
  table: TableAccess,
  key: string,
  reference: string,
  expiresAt: number,
): Promise<string> {
  const e = new ExpressionBuilder();
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...idempotencyKey(key), reference, [reportsTable.timeToLiveAttribute]: expiresAt },
        ConditionExpression: `attribute_not_exists(${e.name(reportsTable.partitionKey)})`,
        ...e.attributes(),
      }),
    );
    return reference;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: idempotencyKey(key), ConsistentRead: true }),
    );
    return (Item?.reference as string | undefined) ?? reference;
  }
}
