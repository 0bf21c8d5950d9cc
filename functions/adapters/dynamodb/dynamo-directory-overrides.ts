import { randomUUID } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import {
  type ClerkOverride,
  type DirectoryOverrides,
  type OverrideChange,
  OverrideConflictError,
  type OverrideValues,
} from "#core/ports/directory-overrides.js";
import {
  DIRECTORY_PK,
  OVERRIDE_SORT_PREFIX,
  overrideAuditKey,
  overrideAuditPartition,
  overrideKey,
} from "./keys.js";
import { queryPages } from "./query-pages.js";
import { reportsTable } from "./table-definition.js";

export interface DynamoDirectoryOverridesOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
}

/**
 * Overrides in the directory partition, with no expiry; each change is written to the parish's audit
 * partition first, so no override changes without its entry (a failed change leaves an entry for a
 * change staff were told failed, which the next attempt follows). Reads are consistent: staff see
 * their own change at once.
 *
 * Two staff changing one parish at once: each change names the version it was made against, is
 * refused if the item is at another, and is written on condition that the item is still at the
 * version read, so the second of two changes fails instead of silently undoing the first.
 */
export class DynamoDirectoryOverrides implements DirectoryOverrides {
  readonly #options: DynamoDirectoryOverridesOptions;

  constructor(options: DynamoDirectoryOverridesOptions) {
    this.#options = options;
  }

  async get(parishCode: string): Promise<ClerkOverride | undefined> {
    const item = await this.#item(parishCode);
    return item && isCurrent(item) ? toOverride(item) : undefined;
  }

  async list(): Promise<Map<string, ClerkOverride>> {
    const found = new Map<string, ClerkOverride>();
    for await (const page of this.#query(DIRECTORY_PK, OVERRIDE_SORT_PREFIX, true)) {
      for (const item of page.Items ?? [])
        if (isCurrent(item)) found.set(item.parishCode as string, toOverride(item));
    }
    return found;
  }

  async set(override: ClerkOverride, expectedVersion?: number): Promise<void> {
    const item = await this.#item(override.parishCode);
    const before = item && isCurrent(item) ? toOverride(item) : undefined;
    if (before?.version !== expectedVersion) throw conflict(override.parishCode);
    await this.#audit({
      parishCode: override.parishCode,
      action: "set",
      actor: override.setBy,
      at: override.setAt,
      reason: override.reason,
      ...(before ? { before: valuesOf(before) } : {}),
      after: valuesOf(override),
    });
    await this.#putAfter(item, { ...override, version: versionOf(item) + 1 });
  }

  async remove(
    parishCode: string,
    change: { actor: string; at: string; reason: string },
    expectedVersion?: number,
  ): Promise<boolean> {
    const item = await this.#item(parishCode);
    const before = item && isCurrent(item) ? toOverride(item) : undefined;
    if (!before) return false;
    if (expectedVersion !== undefined && before.version !== expectedVersion) throw conflict(parishCode);
    await this.#audit({ parishCode, action: "removed", ...change, before: valuesOf(before) });
    // Overwritten with a marker rather than deleted: the case log's role may not delete items (it
    // would reach the cases too), and the marker reads as "no override" and keeps the count.
    await this.#putAfter(item, {
      parishCode,
      removedBy: change.actor,
      removedAt: change.at,
      version: versionOf(item) + 1,
    });
    return true;
  }

  /** Writes the parish's item on condition that it is still the one read (none, or its version). */
  async #putAfter(read: Record<string, unknown> | undefined, values: Record<string, unknown>): Promise<void> {
    const parishCode = values.parishCode as string;
    try {
      await this.#options.client.send(
        new PutCommand({
          TableName: this.#options.tableName,
          Item: { ...overrideKey(parishCode), ...values },
          ...(read === undefined
            ? {
                ConditionExpression: "attribute_not_exists(#pk)",
                ExpressionAttributeNames: { "#pk": reportsTable.partitionKey },
              }
            : read.version === undefined
              ? {
                  ConditionExpression: "attribute_exists(#pk) AND attribute_not_exists(#version)",
                  ExpressionAttributeNames: { "#pk": reportsTable.partitionKey, "#version": "version" },
                }
              : {
                  ConditionExpression: "#version = :version",
                  ExpressionAttributeNames: { "#version": "version" },
                  ExpressionAttributeValues: { ":version": read.version },
                }),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw conflict(parishCode, { cause: error });
      throw error;
    }
  }

  async #item(parishCode: string): Promise<Record<string, unknown> | undefined> {
    const { Item } = await this.#options.client.send(
      new GetCommand({
        TableName: this.#options.tableName,
        Key: overrideKey(parishCode),
        ConsistentRead: true,
      }),
    );
    return Item;
  }

  async history(parishCode: string): Promise<OverrideChange[]> {
    const changes: OverrideChange[] = [];
    for await (const page of this.#query(overrideAuditPartition(parishCode), "CHANGE#", false)) {
      for (const item of page.Items ?? []) changes.push(toChange(item));
    }
    return changes;
  }

  async #audit(change: OverrideChange): Promise<void> {
    await this.#options.client.send(
      new PutCommand({
        TableName: this.#options.tableName,
        Item: { ...overrideAuditKey(change.parishCode, change.at, randomUUID()), ...change },
      }),
    );
  }

  #query(partition: string, prefix: string, oldestFirst: boolean) {
    return queryPages(
      { client: this.#options.client, tableName: this.#options.tableName, now: () => new Date() },
      {
        KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
        ExpressionAttributeNames: { "#pk": reportsTable.partitionKey, "#sk": reportsTable.sortKey },
        ExpressionAttributeValues: { ":pk": partition, ":prefix": prefix },
        ScanIndexForward: oldestFirst,
        ConsistentRead: true,
      },
    );
  }
}

const conflict = (parishCode: string, options?: ErrorOptions) =>
  new OverrideConflictError(`The override for ${parishCode} changed since it was read`, options);

/** Items written before versions were counted are version 0. */
const versionOf = (item: Record<string, unknown> | undefined) =>
  typeof item?.version === "number" ? item.version : 0;

/** An override item that has not been removed (a removal leaves a marker with no address). */
const isCurrent = (item: Record<string, unknown>) => typeof item.email === "string" && !item.removedAt;

const text = (item: Record<string, unknown>, name: string) =>
  typeof item[name] === "string" ? item[name] : undefined;

function valuesOf(source: Record<string, unknown> | ClerkOverride): OverrideValues {
  const item = source as Record<string, unknown>;
  const clerkName = text(item, "clerkName");
  const phone = text(item, "phone");
  return {
    councilName: text(item, "councilName") ?? "",
    email: text(item, "email") ?? "",
    ...(clerkName ? { clerkName } : {}),
    ...(phone ? { phone } : {}),
  };
}

function toOverride(item: Record<string, unknown>): ClerkOverride {
  return {
    parishCode: text(item, "parishCode") ?? "",
    ...valuesOf(item),
    reason: text(item, "reason") ?? "",
    setBy: text(item, "setBy") ?? "",
    setAt: text(item, "setAt") ?? "",
    version: versionOf(item),
  };
}

function toChange(item: Record<string, unknown>): OverrideChange {
  return {
    parishCode: text(item, "parishCode") ?? "",
    action: item.action === "removed" ? "removed" : "set",
    actor: text(item, "actor") ?? "",
    at: text(item, "at") ?? "",
    reason: text(item, "reason") ?? "",
    ...(item.before ? { before: valuesOf(item.before as Record<string, unknown>) } : {}),
    ...(item.after ? { after: valuesOf(item.after as Record<string, unknown>) } : {}),
  };
}
