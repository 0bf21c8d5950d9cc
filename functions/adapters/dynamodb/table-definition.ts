import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The single source of the reports table's keys and indexes. The CDK stack and the local runtime
 * both build their table from this, so they cannot drift apart.
 */
export const reportsTable = {
  partitionKey: "pk",
  sortKey: "sk",
  indexes: {
    /** Cases by staff status, newest first: `STATUS#<status>` / `<createdAt>#<reference>`. */
    byStatus: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    /** Cases by destination (parish or district code), newest first. */
    byDestination: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  },
  /** Epoch seconds; DynamoDB deletes the item after this (retention of personal data). */
  timeToLiveAttribute: "expiresAt",
} as const;

export type IndexName = keyof typeof reportsTable.indexes;

/** Each index's name (its key in `indexes`), for queries to name the index they read. */
export const indexNames = Object.fromEntries(
  Object.keys(reportsTable.indexes).map((name) => [name, name]),
) as {
  [Name in IndexName]: Name;
};

export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, indexes } = reportsTable;
  const keyAttributes = new Set<string>([partitionKey, sortKey]);
  for (const index of Object.values(indexes)) {
    keyAttributes.add(index.partitionKey);
    keyAttributes.add(index.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: [...keyAttributes].map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: "HASH" },
      { AttributeName: sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: Object.entries(indexes).map(([name, index]) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
  };
}
