import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { CachedContact, ContactCache } from "#core/ports/contact-cache.js";
import { contactKey } from "./keys.js";
import { reportsTable } from "./table-definition.js";

export interface DynamoContactCacheOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /**
   * How long this process reuses an entry it has read or written without reading the table again.
   * Entries stay fresh for a day, so a few minutes' lag behind another process's refresh is harmless,
   * and a warm dispatch function sends a parish's reports with no read. Default 5 minutes.
   */
  memoMs?: number;
  now?: () => number;
}

/** Clerk contacts in the reports table; DynamoDB TTL drops entries nobody has used for 30 days. */
export class DynamoContactCache implements ContactCache {
  readonly #options: DynamoContactCacheOptions;
  readonly #memo = new Map<string, { entry: CachedContact; until: number }>();

  constructor(options: DynamoContactCacheOptions) {
    this.#options = options;
  }

  async get(parishCode: string): Promise<CachedContact | undefined> {
    const memo = this.#memo.get(parishCode);
    if (memo && memo.until > this.#now()) return memo.entry;
    const { Item } = await this.#options.client.send(
      new GetCommand({ TableName: this.#options.tableName, Key: contactKey(parishCode) }),
    );
    if (!Item) return undefined;
    const entry = {
      contact: (Item.contact as CachedContact["contact"]) ?? null,
      fetchedAt: Item.fetchedAt as string,
    };
    this.#remember(parishCode, entry);
    return entry;
  }

  async put(parishCode: string, entry: CachedContact): Promise<void> {
    const expiresAt = Math.floor(Date.parse(entry.fetchedAt) / 1000) + 30 * 86_400;
    await this.#options.client.send(
      new PutCommand({
        TableName: this.#options.tableName,
        Item: {
          ...contactKey(parishCode),
          contact: entry.contact,
          fetchedAt: entry.fetchedAt,
          [reportsTable.timeToLiveAttribute]: expiresAt,
        },
      }),
    );
    this.#remember(parishCode, entry);
  }

  #remember(parishCode: string, entry: CachedContact): void {
    this.#memo.set(parishCode, { entry, until: this.#now() + (this.#options.memoMs ?? 5 * 60_000) });
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
