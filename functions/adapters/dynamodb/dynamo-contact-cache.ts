import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { CachedContact, ContactCache } from "#core/ports/contact-cache.js";
import { contactKey } from "./keys.js";
import { reportsTable } from "./table-definition.js";

/** Clerk contacts in the reports table; DynamoDB TTL drops entries nobody has used for 30 days. */
export class DynamoContactCache implements ContactCache {
  constructor(private readonly options: { client: DynamoDBDocumentClient; tableName: string }) {}

  async get(parishCode: string): Promise<CachedContact | undefined> {
    const { Item } = await this.options.client.send(
      new GetCommand({ TableName: this.options.tableName, Key: contactKey(parishCode) }),
    );
    return Item
      ? { contact: (Item.contact as CachedContact["contact"]) ?? null, fetchedAt: Item.fetchedAt as string }
      : undefined;
  }

  async put(parishCode: string, entry: CachedContact): Promise<void> {
    const expiresAt = Math.floor(Date.parse(entry.fetchedAt) / 1000) + 30 * 86_400;
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: {
          ...contactKey(parishCode),
          contact: entry.contact,
          fetchedAt: entry.fetchedAt,
          [reportsTable.timeToLiveAttribute]: expiresAt,
        },
      }),
    );
  }
}
