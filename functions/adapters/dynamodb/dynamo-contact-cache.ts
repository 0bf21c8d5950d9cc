import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { CachedContact, ContactCache } from "#core/ports/contact-cache.js";
import type { ClerkLookup } from "#core/ports/directory.js";
import { CONTACT_SORT_PREFIX, contactKey, DIRECTORY_PK } from "./keys.js";
import { queryPages } from "./query-pages.js";
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

/** Clerk look-ups in the reports table; DynamoDB TTL drops entries nobody has refreshed for 30 days. */
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
    const entry = toEntry(Item);
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
          parishCode,
          lookup: entry.lookup,
          fetchedAt: entry.fetchedAt,
          [reportsTable.timeToLiveAttribute]: expiresAt,
        },
      }),
    );
    this.#remember(parishCode, entry);
  }

  async list(): Promise<Map<string, CachedContact>> {
    const found = new Map<string, CachedContact>();
    const pages = queryPages(
      { client: this.#options.client, tableName: this.#options.tableName, now: () => new Date(this.#now()) },
      {
        KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
        ExpressionAttributeNames: { "#pk": reportsTable.partitionKey, "#sk": reportsTable.sortKey },
        ExpressionAttributeValues: { ":pk": DIRECTORY_PK, ":prefix": CONTACT_SORT_PREFIX },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) found.set(item.parishCode as string, toEntry(item));
    }
    return found;
  }

  #remember(parishCode: string, entry: CachedContact): void {
    this.#memo.set(parishCode, { entry, until: this.#now() + (this.#options.memoMs ?? 5 * 60_000) });
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}

function toEntry(item: Record<string, unknown>): CachedContact {
  const lookup = (item.lookup as ClerkLookup | undefined) ?? { problems: [] };
  return { lookup: { ...lookup, problems: lookup.problems ?? [] }, fetchedAt: item.fetchedAt as string };
}
