import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Case, CaseStatus, CaseUpdate, DeliveryState } from "#core/case/case.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import { NotFoundError } from "#core/errors.js";
import {
  CASE_STATUSES,
  type CaseListQuery,
  type CasePage,
  type CasePageQuery,
  type CaseStore,
  caseSortKey,
  DuplicateCaseError,
} from "#core/ports/case-store.js";
import { reportsTable } from "./table-definition.js";
import { caseKey, destinationIndexKeys, eventKey, idempotencyKey, statusIndexKeys } from "./keys.js";

export interface DynamoCaseStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  now?: () => Date;
}

type CaseItem = Case & { pk: string; sk: string; expiresAt: number };

/**
 * Cases and their timelines in one DynamoDB table. No transactions (dynalite lacks them): the case
 * item is written with a condition first; events are separate items under the same partition.
 */
export class DynamoCaseStore implements CaseStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #now: () => Date;

  constructor(options: DynamoCaseStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#now = options.now ?? (() => new Date());
  }

  async create(report: Case, events: TimelineEvent[]): Promise<void> {
    const item: CaseItem = {
      ...caseKey(report.reference),
      ...statusIndexKeys(report.status, report.createdAt, report.reference),
      ...destinationIndexKeys(report.destination.code, report.createdAt, report.reference),
      ...report,
      expiresAt: report.retainUntil,
    };
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: item,
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new DuplicateCaseError(`Case ${report.reference} already exists`, { cause: error });
      }
      throw error;
    }
    await this.appendEvents(report.reference, events, report.retainUntil);
  }

  async get(reference: string): Promise<Case | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({ TableName: this.#table, Key: caseKey(reference), ConsistentRead: true }),
    );
    if (!Item || this.#expired(Item)) return undefined;
    return toCase(Item as CaseItem);
  }

  async update(reference: string, update: CaseUpdate): Promise<Case> {
    const updated = await this.#conditionalUpdate(reference, update);
    if (!updated) throw new NotFoundError(`No case ${reference}`);
    return updated;
  }

  async transitionDelivery(
    reference: string,
    from: DeliveryState[],
    update: CaseUpdate & { delivery: DeliveryState },
  ): Promise<Case | undefined> {
    return this.#conditionalUpdate(reference, update, from);
  }

  async #conditionalUpdate(reference: string, update: CaseUpdate, fromDelivery?: DeliveryState[]) {
    const current = await this.get(reference);
    if (!current) return undefined;
    const fields: Record<string, unknown> = { ...update, updatedAt: this.#now().toISOString() };
    if (update.status) Object.assign(fields, statusIndexKeys(update.status, current.createdAt, reference));
    if (update.destination) {
      Object.assign(fields, destinationIndexKeys(update.destination.code, current.createdAt, reference));
    }
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([field, value], i) => {
        names[`#f${i}`] = field;
        values[`:v${i}`] = value;
        return `#f${i} = :v${i}`;
      });
    let condition = "attribute_exists(pk)";
    if (fromDelivery) {
      names["#delivery"] = "delivery";
      const options = fromDelivery.map((state, i) => {
        values[`:from${i}`] = state;
        return `:from${i}`;
      });
      condition += ` AND #delivery IN (${options.join(", ")})`;
    }
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: caseKey(reference),
          UpdateExpression: `SET ${sets.join(", ")}`,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: "ALL_NEW",
        }),
      );
      return toCase(Attributes as CaseItem);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async appendEvents(reference: string, events: TimelineEvent[], expiresAt?: number): Promise<void> {
    const retainUntil = expiresAt ?? (await this.get(reference))?.retainUntil;
    // Sequential, so the sort keys (time + sequence) follow the order given.
    for (const e of events) {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...eventKey(reference, e.at), ...e, ...(retainUntil ? { expiresAt: retainUntil } : {}) },
        }),
      );
    }
  }

  async timeline(reference: string): Promise<TimelineEvent[]> {
    const events: TimelineEvent[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :events)",
          ExpressionAttributeValues: { ":pk": caseKey(reference).pk, ":events": "EVENT#" },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (this.#expired(item)) continue;
        const { at, type, actor, summary, data } = item as TimelineEvent;
        events.push({ at, type, actor, summary, ...(data ? { data } : {}) });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return events;
  }

  async claimIdempotencyKey(key: string, reference: string, expiresAt: number): Promise<string> {
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...idempotencyKey(key), reference, expiresAt },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return reference;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const { Item } = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: idempotencyKey(key), ConsistentRead: true }),
      );
      return (Item?.reference as string | undefined) ?? reference;
    }
  }

  async listByStatus(query: CaseListQuery): Promise<Case[]> {
    const index = reportsTable.indexes.byStatus;
    return this.#collectCases(
      {
        IndexName: "byStatus",
        // Sort keys are `<createdAt>#<reference>`: "~" sorts after every reference character.
        KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
        ...(query.service ? { FilterExpression: "#service = :service" } : {}),
        ExpressionAttributeNames: {
          "#pk": index.partitionKey,
          "#sk": index.sortKey,
          ...(query.service ? { "#service": "service" } : {}),
        },
        ExpressionAttributeValues: {
          ":pk": statusIndexKeys(query.status, "", "").gsi1pk,
          ":from": query.from,
          ":to": `${query.to}#~`,
          ...(query.service ? { ":service": query.service } : {}),
        },
      },
      query.limit,
      2,
    );
  }

  async listCases(query: CasePageQuery): Promise<CasePage> {
    // One index partition to read (a destination), or one per status, merged newest first. Sort keys
    // (`<createdAt>#<reference>`) are unique, so "older than the cursor" pages without gaps.
    const partitions = query.destination
      ? [{ index: "byDestination" as const, pk: destinationIndexKeys(query.destination, "", "").gsi2pk }]
      : (query.status ? [query.status] : CASE_STATUSES).map((status) => ({
          index: "byStatus" as const,
          pk: statusIndexKeys(status, "", "").gsi1pk,
        }));
    const statusFilter = query.destination ? query.status : undefined;
    const pages = await Promise.all(
      partitions.map((p) => this.#newest(p.index, p.pk, query.limit + 1, query.cursor, statusFilter)),
    );
    const merged = pages.flat().sort((a, b) => caseSortKey(b).localeCompare(caseSortKey(a)));
    const cases = merged.slice(0, query.limit);
    const last = cases.at(-1);
    return { cases, ...(merged.length > query.limit && last ? { next: caseSortKey(last) } : {}) };
  }

  /** Up to `wanted` unexpired cases of one index partition, older than `before`, newest first. */
  async #newest(
    indexName: "byStatus" | "byDestination",
    pk: string,
    wanted: number,
    before: string | undefined,
    status: CaseStatus | undefined,
  ): Promise<Case[]> {
    const index = reportsTable.indexes[indexName];
    return this.#collectCases(
      {
        IndexName: indexName,
        KeyConditionExpression: before ? "#pk = :pk AND #sk < :before" : "#pk = :pk",
        ...(status ? { FilterExpression: "#status = :status" } : {}),
        ExpressionAttributeNames: {
          "#pk": index.partitionKey,
          ...(before ? { "#sk": index.sortKey } : {}),
          ...(status ? { "#status": "status" } : {}),
        },
        ExpressionAttributeValues: {
          ":pk": pk,
          ...(before ? { ":before": before } : {}),
          ...(status ? { ":status": status } : {}),
        },
      },
      wanted,
      status ? 3 : 1,
    );
  }

  /**
   * Runs an index query newest first, page after page, until `wanted` unexpired cases are found.
   * Each page asks for `overRead` times what is still missing, since a filter may drop some.
   */
  async #collectCases(
    query: Omit<QueryCommandInput, "TableName" | "Limit" | "ExclusiveStartKey" | "ScanIndexForward">,
    wanted: number,
    overRead: number,
  ): Promise<Case[]> {
    const found: Case[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          ...query,
          TableName: this.#table,
          ScanIndexForward: false,
          Limit: Math.min(Math.max(wanted - found.length, 1) * overRead, 1000),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (!this.#expired(item) && found.length < wanted) found.push(toCase(item as CaseItem));
      }
      start = page.LastEvaluatedKey;
    } while (start && found.length < wanted);
    return found;
  }

  async countByStatus(): Promise<Record<CaseStatus, number>> {
    const counts = await Promise.all(
      CASE_STATUSES.map(async (status) => {
        let count = 0;
        let start: Record<string, unknown> | undefined;
        do {
          const page = await this.#client.send(
            new QueryCommand({
              TableName: this.#table,
              IndexName: "byStatus",
              KeyConditionExpression: "#pk = :pk",
              ExpressionAttributeNames: { "#pk": reportsTable.indexes.byStatus.partitionKey },
              ExpressionAttributeValues: { ":pk": statusIndexKeys(status, "", "").gsi1pk },
              Select: "COUNT",
              ExclusiveStartKey: start,
            }),
          );
          count += page.Count ?? 0;
          start = page.LastEvaluatedKey;
        } while (start);
        return [status, count] as const;
      }),
    );
    return Object.fromEntries(counts) as Record<CaseStatus, number>;
  }

  /** DynamoDB deletes expired items within days, and dynalite never does: hide them on read. */
  #expired(item: Record<string, unknown>): boolean {
    return typeof item.expiresAt === "number" && item.expiresAt * 1000 < this.#now().getTime();
  }
}

function toCase(item: CaseItem): Case {
  const { pk: _pk, sk: _sk, expiresAt: _ttl, ...rest } = item as CaseItem & Record<string, unknown>;
  for (const key of ["gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"]) delete (rest as Record<string, unknown>)[key];
  return rest as Case;
}
