import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { ClerkBounce, ClerkBounces } from "#core/ports/clerk-bounces.js";
import { BOUNCE_SORT_PREFIX, clerkBounceKey, DIRECTORY_PK } from "./keys.js";
import { queryPages } from "./query-pages.js";
import { reportsTable } from "./table-definition.js";

export interface DynamoClerkBouncesOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** How long a bounce counts as recent (DynamoDB TTL drops it after). Default 90 days. */
  keepDays?: number;
  now?: () => Date;
}

/**
 * Each parish's latest clerk bounce, one item a parish in the directory partition. Written with
 * UpdateItem (it creates the item), which the delivery-events function already may call, and only
 * when the bounce is not older than the one kept.
 */
export class DynamoClerkBounces implements ClerkBounces {
  readonly #options: DynamoClerkBouncesOptions;

  constructor(options: DynamoClerkBouncesOptions) {
    this.#options = options;
  }

  async record(bounce: ClerkBounce): Promise<void> {
    const expiresAt = Math.floor(Date.parse(bounce.at) / 1000) + this.#keepDays() * 86_400;
    const values: Record<string, unknown> = { ...bounce, [reportsTable.timeToLiveAttribute]: expiresAt };
    const names = Object.keys(values);
    try {
      await this.#options.client.send(
        new UpdateCommand({
          TableName: this.#options.tableName,
          Key: clerkBounceKey(bounce.parishCode),
          UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(", ")}${bounce.detail ? "" : " REMOVE #detail"}`,
          // Delivery events arrive in any order: an older bounce never replaces a newer one. (Both
          // are ISO 8601 UTC times, which compare as strings; the same event again may rewrite.)
          ConditionExpression: "attribute_not_exists(#at) OR #at <= :at",
          ExpressionAttributeNames: {
            ...Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
            ...(bounce.detail ? {} : { "#detail": "detail" }),
            "#at": "at",
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((name, i) => [`:v${i}`, values[name]])),
            ":at": bounce.at,
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async list(): Promise<Map<string, ClerkBounce>> {
    const now = (this.#options.now ?? (() => new Date()))();
    const found = new Map<string, ClerkBounce>();
    const pages = queryPages(
      { client: this.#options.client, tableName: this.#options.tableName, now: () => now },
      {
        KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
        ExpressionAttributeNames: { "#pk": reportsTable.partitionKey, "#sk": reportsTable.sortKey },
        ExpressionAttributeValues: { ":pk": DIRECTORY_PK, ":prefix": BOUNCE_SORT_PREFIX },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        // DynamoDB deletes expired items some time after they expire (dynalite never does).
        if (Number(item[reportsTable.timeToLiveAttribute]) * 1000 <= now.getTime()) continue;
        found.set(item.parishCode as string, {
          parishCode: item.parishCode as string,
          address: item.address as string,
          at: item.at as string,
          reference: item.reference as string,
          ...(typeof item.detail === "string" ? { detail: item.detail } : {}),
        });
      }
    }
    return found;
  }

  #keepDays(): number {
    return this.#options.keepDays ?? 90;
  }
}
