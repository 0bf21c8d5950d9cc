import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ContactSnapshot, DirectoryBaseline } from "#core/ports/directory-baseline.js";
import { directoryBaselineKey } from "./keys.js";

/**
 * The last weekly summary's view of one council's directory, as one item: a few hundred parishes
 * at an address and a problem or two each stay far below DynamoDB's 400 KB item limit. No TTL: it
 * is replaced every week, and without it the next summary would compare with the cache instead.
 * `council`: another council's baseline, under its own key (none: the item a one-council
 * deployment has always had, which the first council keeps).
 */
export function createDynamoDirectoryBaseline(options: {
  client: DynamoDBDocumentClient;
  tableName: string;
  council?: string;
}): DirectoryBaseline {
  const key = directoryBaselineKey(options.council);
  return {
    async get() {
      const { Item } = await options.client.send(
        new GetCommand({ TableName: options.tableName, Key: key, ConsistentRead: true }),
      );
      const parishes = Item?.parishes as Record<string, ContactSnapshot> | undefined;
      if (!parishes) return undefined;
      return new Map(
        Object.entries(parishes).map(([code, s]) => [
          code,
          { ...(s.email ? { email: s.email } : {}), problems: s.problems ?? [] },
        ]),
      );
    },
    async put(snapshots, at) {
      await options.client.send(
        new PutCommand({
          TableName: options.tableName,
          Item: { ...key, parishes: Object.fromEntries(snapshots), updatedAt: at },
        }),
      );
    },
  };
}
