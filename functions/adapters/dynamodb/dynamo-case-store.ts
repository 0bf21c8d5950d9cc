import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Case, CaseStatus, CaseUpdate, DeliveryState } from "#core/case/case.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import { DuplicateCaseError, NotFoundError } from "#core/errors.js";
import type { CaseListQuery, CasePage, CasePageQuery, CaseStore } from "#core/ports/case-store.js";
import { caseItem, eventItem, isExpired, toCase, toEvent } from "./case-items.js";
import { listCasePage } from "./case-log-page.js";
import { ExpressionBuilder } from "./expression-builder.js";
import { claimIdempotencyKey } from "./idempotency-records.js";
import { caseKey, destinationIndexKeys, EVENT_SORT_PREFIX, statusPartition } from "./keys.js";
import { queryPages } from "./query-pages.js";
import { countByStatus, moveStatusCounts } from "./status-counters.js";
import { listAwaitingDispatch, listByStatus } from "./status-queries.js";
import type { TableAccess } from "./table-access.js";
import { reportsTable } from "./table-definition.js";

export interface DynamoCaseStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  now?: () => Date;
  /** Told when a status counter could not be moved (the case itself was written). */
  onCounterError?: (error: unknown, detail: { reference: string }) => void;
}

const { partitionKey: PK, sortKey: SK } = reportsTable;

/**
 * Cases and their timelines in one DynamoDB table. No transactions (dynalite lacks them): the case
 * item is written with a condition first; events are separate items under the same partition.
 */
export class DynamoCaseStore implements CaseStore {
  readonly #table: TableAccess;
  readonly #onCounterError: NonNullable<DynamoCaseStoreOptions["onCounterError"]>;

  constructor(options: DynamoCaseStoreOptions) {
    this.#table = {
      client: options.client,
      tableName: options.tableName,
      now: options.now ?? (() => new Date()),
    };
    this.#onCounterError = options.onCounterError ?? (() => {});
  }

  async create(report: Case, events: TimelineEvent[]): Promise<void> {
    const e = new ExpressionBuilder();
    try {
      await this.#table.client.send(
        new PutCommand({
          TableName: this.#table.tableName,
          Item: caseItem(report),
          ConditionExpression: `attribute_not_exists(${e.name(PK)})`,
          ...e.attributes(),
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        throw new DuplicateCaseError(`Case ${report.reference} already exists`, { cause: error });
      }
      throw error;
    }
    await this.#count(report, { [report.status]: 1 }, report.retainUntil);
    await this.appendEvents(report.reference, events, report.retainUntil);
  }

  /**
   * No transactions in dynalite, so the counters follow the case write: a failure is reported,
   * never thrown (the case and its timeline are what matter), and leaves a count one out.
   */
  async #count(report: Case, changes: Partial<Record<CaseStatus, number>>, expiresAt?: number) {
    try {
      await moveStatusCounts(this.#table, report.createdAt, changes, expiresAt);
    } catch (error) {
      this.#onCounterError(error, { reference: report.reference });
    }
  }

  async get(reference: string): Promise<Case | undefined> {
    const { Item } = await this.#table.client.send(
      new GetCommand({ TableName: this.#table.tableName, Key: caseKey(reference), ConsistentRead: true }),
    );
    if (!Item || isExpired(Item, this.#table.now())) return undefined;
    return toCase(Item);
  }

  async update(reference: string, update: CaseUpdate): Promise<Case> {
    const updated = await this.#conditionalUpdate(reference, update);
    if (!updated) throw new NotFoundError(`No case ${reference}`);
    return updated;
  }

  async changeStatus(reference: string, from: CaseStatus, to: CaseStatus): Promise<Case | undefined> {
    const current = await this.get(reference);
    if (!current || current.status !== from) return undefined;
    const e = new ExpressionBuilder().set({
      status: to,
      // The index sort key (`<createdAt>#<reference>`) does not change with the status.
      [reportsTable.indexes.byStatus.partitionKey]: statusPartition(to),
      updatedAt: this.#table.now().toISOString(),
    });
    const condition = `attribute_exists(${e.name(PK)}) AND ${e.name("status")} = ${e.value(from)}`;
    const updated = await this.#updateIf(reference, e, condition);
    if (updated && from !== to) await this.#count(current, { [from]: -1, [to]: 1 });
    return updated;
  }

  async transitionDelivery(
    reference: string,
    from: DeliveryState[],
    update: CaseUpdate & { delivery: DeliveryState },
  ): Promise<Case | undefined> {
    return this.#conditionalUpdate(reference, update, from);
  }

  async #conditionalUpdate(
    reference: string,
    update: CaseUpdate,
    fromDelivery?: DeliveryState[],
  ): Promise<Case | undefined> {
    const current = await this.get(reference);
    if (!current) return undefined;
    const e = new ExpressionBuilder().set({
      ...update,
      updatedAt: this.#table.now().toISOString(),
      ...(update.destination && destinationIndexKeys(update.destination.code, current.createdAt, reference)),
    });
    let condition = `attribute_exists(${e.name(PK)})`;
    if (fromDelivery) {
      condition += ` AND ${e.name("delivery")} IN (${fromDelivery.map((state) => e.value(state)).join(", ")})`;
    }
    return this.#updateIf(reference, e, condition);
  }

  /** Applies the `SET`s built in `e` if `condition` holds: the updated case, or undefined if not. */
  async #updateIf(reference: string, e: ExpressionBuilder, condition: string): Promise<Case | undefined> {
    try {
      const { Attributes } = await this.#table.client.send(
        new UpdateCommand({
          TableName: this.#table.tableName,
          Key: caseKey(reference),
          UpdateExpression: e.update(),
          ConditionExpression: condition,
          ...e.attributes(),
          ReturnValues: "ALL_NEW",
        }),
      );
      return toCase(Attributes ?? {});
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async appendEvents(reference: string, events: TimelineEvent[], expiresAt?: number): Promise<void> {
    const retainUntil = expiresAt ?? (await this.get(reference))?.retainUntil;
    // Sequential, so the sort keys (time + sequence) follow the order given.
    for (const event of events) {
      await this.#table.client.send(
        new PutCommand({ TableName: this.#table.tableName, Item: eventItem(reference, event, retainUntil) }),
      );
    }
  }

  async timeline(reference: string): Promise<TimelineEvent[]> {
    const e = new ExpressionBuilder();
    const query = {
      KeyConditionExpression: `${e.name(PK)} = ${e.value(caseKey(reference)[PK])} AND begins_with(${e.name(SK)}, ${e.value(EVENT_SORT_PREFIX)})`,
      ...e.attributes(),
      ConsistentRead: true,
    };
    const events: TimelineEvent[] = [];
    for await (const page of queryPages(this.#table, query)) {
      for (const item of page.Items ?? []) {
        if (!isExpired(item, this.#table.now())) events.push(toEvent(item));
      }
    }
    return events;
  }

  claimIdempotencyKey(key: string, reference: string, expiresAt: number): Promise<string> {
    return claimIdempotencyKey(this.#table, key, reference, expiresAt);
  }

  listByStatus(query: CaseListQuery): Promise<Case[]> {
    return listByStatus(this.#table, query);
  }

  listAwaitingDispatch(query: Parameters<CaseStore["listAwaitingDispatch"]>[0]): Promise<Case[]> {
    return listAwaitingDispatch(this.#table, query);
  }

  listCases(query: CasePageQuery): Promise<CasePage> {
    return listCasePage(this.#table, query);
  }

  countByStatus(range: { from?: string; to?: string } = {}): Promise<Record<CaseStatus, number>> {
    return countByStatus(this.#table, range);
  }
}
