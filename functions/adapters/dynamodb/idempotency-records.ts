import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { ExpressionBuilder } from "./expression-builder.js";
import { idempotencyKey } from "./keys.js";
import type { TableAccess } from "./table-access.js";
import { reportsTable } from "./table-definition.js";

/** What a key is bound to: a reference, and for a report submission the hash of its body. */
export interface IdempotencyClaim {
  reference: string;
  bodyHash?: string;
}

/**
 * Binds a client's idempotency key to a reference with a conditional put, so only the first
 * submission holds it; later ones read back the claim that holds it. A record past its expiry
 * counts as free (DynamoDB deletes expired items only within days, and dynalite never does).
 */
export async function claimIdempotencyKey(
  table: TableAccess,
  key: string,
  claim: IdempotencyClaim,
  expiresAt: number,
): Promise<IdempotencyClaim> {
  const e = new ExpressionBuilder();
  const ttl = e.name(reportsTable.timeToLiveAttribute);
  const now = e.value(Math.floor(table.now().getTime() / 1000));
  try {
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...idempotencyKey(key),
          reference: claim.reference,
          ...(claim.bodyHash ? { bodyHash: claim.bodyHash } : {}),
          [reportsTable.timeToLiveAttribute]: expiresAt,
        },
        ConditionExpression: `attribute_not_exists(${e.name(reportsTable.partitionKey)}) OR ${ttl} < ${now}`,
        ...e.attributes(),
      }),
    );
    return claim;
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const { Item } = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: idempotencyKey(key), ConsistentRead: true }),
    );
    if (typeof Item?.reference !== "string") return claim;
    return {
      reference: Item.reference,
      ...(typeof Item.bodyHash === "string" ? { bodyHash: Item.bodyHash } : {}),
    };
  }
}
