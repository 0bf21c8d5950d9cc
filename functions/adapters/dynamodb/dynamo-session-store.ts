import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { SessionStore } from "#core/ports/session-store.js";
import { sessionKey } from "./keys.js";
import { reportsTable } from "./table-definition.js";

const TTL = reportsTable.timeToLiveAttribute;

/**
 * Form sessions in the reports table, expiring with DynamoDB TTL (and on read, for dynalite).
 * Answers never travel in cookies, so a resident cannot edit them client-side.
 */
export class DynamoSessionStore<T> implements SessionStore<T> {
  constructor(
    private readonly options: { client: DynamoDBDocumentClient; tableName: string; now?: () => Date },
  ) {}

  async get(id: string): Promise<T | undefined> {
    const { Item } = await this.options.client.send(
      new GetCommand({ TableName: this.options.tableName, Key: sessionKey(id), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const now = (this.options.now?.() ?? new Date()).getTime() / 1000;
    const expiresAt: unknown = Item[TTL];
    if (typeof expiresAt === "number" && expiresAt < now) return undefined;
    return Item.data as T;
  }

  async put(id: string, data: T, expiresAt: number): Promise<void> {
    await this.options.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { ...sessionKey(id), data, [TTL]: expiresAt },
      }),
    );
  }
}
