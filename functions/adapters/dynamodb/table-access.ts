import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** What every part of the case store needs to reach the reports table. */
export interface TableAccess {
  /** A real DynamoDBDocumentClient: `paginateQuery` refuses anything else (count calls with middleware). */
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Stamps `updatedAt` and decides which items have expired. */
  now: () => Date;
}
