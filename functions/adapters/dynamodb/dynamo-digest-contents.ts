import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { DigestContents } from "#core/ports/held-reports.js";
import { digestContentsKey } from "./keys.js";
import type { TableAccess } from "./table-access.js";
import { reportsTable } from "./table-definition.js";

/** Kept long enough for any bounce or complaint SES reports about the digest (days, not weeks). */
const KEEP_DAYS = 30;

/** One item per digest email: the references it carried. References only, no personal data. */
export function createDynamoDigestContents(table: TableAccess): DigestContents {
  return {
    async record(digest, references) {
      await table.client.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...digestContentsKey(digest),
            references: [...references],
            [reportsTable.timeToLiveAttribute]: Math.floor(table.now().getTime() / 1000) + KEEP_DAYS * 86_400,
          },
        }),
      );
    },

    async referencesOf(digest) {
      const found = await table.client.send(
        new GetCommand({ TableName: table.tableName, Key: digestContentsKey(digest) }),
      );
      const references: unknown = found.Item?.references;
      return Array.isArray(references) ? references.filter((r): r is string => typeof r === "string") : [];
    },
  };
}
