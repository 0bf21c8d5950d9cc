import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { Case, CaseStatus, CaseUpdate, DeliveryState } from "#core/case/case.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import { DuplicateCaseError, NotFoundError } from "#core/errors.js";
import type {
  CaseListQuery,
  CasePage,
  CasePageQuery,
  CaseStore,
  CouncilRange,
  SubmissionKey,
} from "#core/ports/case-store.js";
import { batchGetCases } from "./batch-get-cases.js";
import {
  CASE_BODY_HASH,
  CASE_EVENTS,
  CASE_IDEMPOTENCY_KEY,
  caseEvents,
  caseItem,
  eventItem,
  isExpired,
  type Item,
  timelineOf,
  toCase,
} from "./case-items.js";
import { listCasePage } from "./case-log-page.js";
import { ExpressionBuilder } from "./expression-builder.js";
import { claimIdempotencyKey, type IdempotencyClaim } from "./idempotency-records.js";
import { caseKey, destinationPartition, statusPartition } from "./keys.js";
import { queryPages } from "./query-pages.js";
import { countByStatus, moveStatusCounts } from "./status-counters.js";
import { listAwaitingDispatch, listByStatus } from "./status-queries.js";
import type { TableAccess } from "./table-access.js";
import { reportsTable } from "./table-definition.js";

export interface DynamoCaseStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /**
   * The id of the deployment's first council (core/councils): a case stored without `council` is
   * its case, and is indexed and counted under it. The case record itself is stored as given.
   */
  firstCouncil: string;
  now?: () => Date;
  /** Told when a status counter could not be moved (the case itself was written). */
  onCounterError?: (error: unknown, detail: { reference: string }) => void;
}

const { partitionKey: PK } = reportsTable;

/**
 * Cases and their timelines in one DynamoDB table. No transactions (dynalite lacks them), so each
 * change is one conditional write to the case item, carrying the events that go with it; staff text
 * goes in separate event items under the same partition, and the timeline reads both in one query.
 */
export class DynamoCaseStore implements CaseStore {
  readonly #table: TableAccess;
  readonly #onCounterError: NonNullable<DynamoCaseStoreOptions["onCounterError"]>;
  readonly #firstCouncil: string;

  constructor(options: DynamoCaseStoreOptions) {
    this.#firstCouncil = options.firstCouncil;
    this.#table = {
      client: options.client,
      tableName: options.tableName,
      now: options.now ?? (() => new Date()),
    };
    this.#onCounterError = options.onCounterError ?? (() => {});
  }

  /**
   * The case write and its day's counter run side by side, so the counter costs the resident no
   * round trip; if the case write fails, the count is taken back.
   */
  async create(report: Case, events: TimelineEvent[], options: SubmissionKey = {}): Promise<void> {
    const e = new ExpressionBuilder();
    const council = this.#councilOf(report);
    const counted = this.#count(council, report, { [report.status]: 1 }, report.retainUntil);
    try {
      await this.#table.client.send(
        new PutCommand({
          TableName: this.#table.tableName,
          Item: caseItem(report, council, events, options),
          ConditionExpression: `attribute_not_exists(${e.name(PK)})`,
          ...e.attributes(),
        }),
      );
    } catch (error) {
      if (await counted) await this.#count(council, report, { [report.status]: -1 });
      if (error instanceof ConditionalCheckFailedException) {
        throw new DuplicateCaseError(`Case ${report.reference} already exists`, {
          cause: error,
          ...(options.idempotencyKey ? { existing: await this.#keyOf(report.reference) } : {}),
        });
      }
      throw error;
    }
    await counted;
  }

  /**
   * The key a stored case was made under, the hash of its body, and when: only a keyed submission's
   * duplicate reads it (dynalite has no `ReturnValuesOnConditionCheckFailure` to save the read).
   */
  async #keyOf(reference: string): Promise<DuplicateCaseError["existing"]> {
    const { Item } = await this.#table.client.send(
      new GetCommand({ TableName: this.#table.tableName, Key: caseKey(reference), ConsistentRead: true }),
    );
    if (!Item || isExpired(Item, this.#table.now())) return undefined;
    const key: unknown = Item[CASE_IDEMPOTENCY_KEY];
    const bodyHash: unknown = Item[CASE_BODY_HASH];
    return {
      createdAt: String(Item.createdAt),
      ...(typeof key === "string" ? { idempotencyKey: key } : {}),
      ...(typeof bodyHash === "string" ? { bodyHash } : {}),
    };
  }

  /**
   * No transactions in dynalite, so the counters are a write of their own: a failure is reported,
   * never thrown (the case and its timeline are what matter), and leaves a count one out. True if
   * the counter moved.
   */
  async #count(
    council: string,
    report: Pick<Case, "createdAt" | "reference">,
    changes: Partial<Record<CaseStatus, number>>,
    expiresAt?: number,
  ): Promise<boolean> {
    try {
      await moveStatusCounts(this.#table, council, report.createdAt, changes, expiresAt);
      return true;
    } catch (error) {
      this.#onCounterError(error, { reference: report.reference });
      return false;
    }
  }

  async get(reference: string): Promise<Case | undefined> {
    const { Item } = await this.#table.client.send(
      new GetCommand({ TableName: this.#table.tableName, Key: caseKey(reference), ConsistentRead: true }),
    );
    if (!Item || isExpired(Item, this.#table.now())) return undefined;
    return toCase(Item);
  }

  getMany(references: readonly string[]): Promise<Case[]> {
    return batchGetCases(this.#table, references);
  }

  async update(reference: string, update: CaseUpdate, events: TimelineEvent[] = []): Promise<Case> {
    const updated = await this.#conditionalUpdate(reference, update, events);
    if (!updated) throw new NotFoundError(`No case ${reference}`);
    return updated;
  }

  /** The council a case is indexed and counted under: its own, else the first council. */
  #councilOf(report: { council?: string }): string {
    return report.council ?? this.#firstCouncil;
  }

  /**
   * The council of a stored case, for a write that moves one of its index partitions (a write
   * cannot build a key from another attribute). A case's council never changes, so reading it
   * first cannot race; undefined if there is no such case.
   */
  async #storedCouncil(reference: string): Promise<string | undefined> {
    const { Item } = await this.#table.client.send(
      new GetCommand({
        TableName: this.#table.tableName,
        Key: caseKey(reference),
        ConsistentRead: true,
        ProjectionExpression: "#council, #pk",
        ExpressionAttributeNames: { "#council": "council", "#pk": PK },
      }),
    );
    if (!Item) return undefined;
    return this.#councilOf(Item as { council?: string });
  }

  /**
   * One conditional write: the status, its index key and `updatedAt`, if the status is still
   * `from` (after a read of the case's council, for the index key).
   */
  async changeStatus(reference: string, from: CaseStatus, to: CaseStatus): Promise<Case | undefined> {
    const council = await this.#storedCouncil(reference);
    if (council === undefined) return undefined;
    const now = this.#table.now().toISOString();
    const e = new ExpressionBuilder().set({
      status: to,
      // The index sort key (`<createdAt>#<reference>`) does not change with the status.
      [reportsTable.indexes.byStatus.partitionKey]: statusPartition(council, to),
      updatedAt: now,
      ...(to === "closed" ? { closedAt: now } : {}),
    });
    // The first status change is the case's first action; later ones leave it.
    e.setExpression(
      `${e.name("firstActionAt")} = if_not_exists(${e.name("firstActionAt")}, ${e.value(now)})`,
    );
    const condition = `${this.#live(e)} AND ${e.name("status")} = ${e.value(from)}`;
    const updated = await this.#updateIf(reference, e, condition);
    if (updated && from !== to) await this.#count(council, updated, { [from]: -1, [to]: 1 });
    return updated;
  }

  async transitionDelivery(
    reference: string,
    from: DeliveryState[],
    update: CaseUpdate & { delivery: DeliveryState },
    events: TimelineEvent[] = [],
    only: { destination?: string } = {},
  ): Promise<Case | undefined> {
    return this.#conditionalUpdate(reference, update, events, from, only.destination);
  }

  /** One write, no read first: the condition finds the case (and its delivery state). */
  async #conditionalUpdate(
    reference: string,
    update: CaseUpdate,
    events: TimelineEvent[],
    fromDelivery?: DeliveryState[],
    fromDestination?: string,
  ): Promise<Case | undefined> {
    // Only a move of destination needs the case's council (its index partition moves).
    const council = update.destination ? await this.#storedCouncil(reference) : undefined;
    if (update.destination && council === undefined) return undefined;
    const e = new ExpressionBuilder().set({
      ...update,
      updatedAt: this.#table.now().toISOString(),
      // The destination index's sort key (`<createdAt>#<reference>`) stays; its partition moves.
      ...(update.destination &&
        council !== undefined && {
          [reportsTable.indexes.byDestination.partitionKey]: destinationPartition(
            council,
            update.destination.code,
          ),
        }),
    });
    this.#withEvents(e, reference, events);
    let condition = this.#live(e);
    if (fromDelivery) {
      condition += ` AND ${e.name("delivery")} IN (${fromDelivery.map((state) => e.value(state)).join(", ")})`;
    }
    if (fromDestination !== undefined) {
      condition += ` AND ${e.path("destination", "code")} = ${e.value(fromDestination)}`;
    }
    return this.#updateIf(reference, e, condition);
  }

  /** One write: the list and its events, if the list is still what the caller read. */
  async setPossibleDuplicates(
    reference: string,
    expected: readonly string[],
    next: readonly string[],
    events: TimelineEvent[] = [],
  ): Promise<Case | undefined> {
    const e = new ExpressionBuilder().set({
      possibleDuplicates: [...next],
      updatedAt: this.#table.now().toISOString(),
    });
    this.#withEvents(e, reference, events);
    // Element by element: DynamoDB compares whole lists with `=`, but dynalite does not.
    const list = e.name("possibleDuplicates");
    const unchanged =
      expected.length === 0
        ? `(attribute_not_exists(${list}) OR size(${list}) = ${e.value(0)})`
        : [
            `size(${list}) = ${e.value(expected.length)}`,
            ...expected.map((reference, i) => `${list}[${i}] = ${e.value(reference)}`),
          ].join(" AND ");
    return this.#updateIf(reference, e, `${this.#live(e)} AND ${unchanged}`);
  }

  async recordEvents(reference: string, events: TimelineEvent[]): Promise<Case | undefined> {
    const e = new ExpressionBuilder();
    this.#withEvents(e, reference, events);
    return this.#updateIf(reference, e, this.#live(e));
  }

  /** Appends `events` to the case item's list (an empty list is left as it is). */
  #withEvents(e: ExpressionBuilder, reference: string, events: TimelineEvent[]): void {
    if (events.length === 0) return;
    const list = e.name(CASE_EVENTS);
    e.setExpression(
      `${list} = list_append(if_not_exists(${list}, ${e.value([])}), ${e.value(caseEvents(reference, events))})`,
    );
  }

  /** The condition that the case exists and is not past its retention date (hidden as if deleted). */
  #live(e: ExpressionBuilder): string {
    const ttl = e.name(reportsTable.timeToLiveAttribute);
    const now = e.value(this.#table.now().getTime() / 1000);
    return `attribute_exists(${e.name(PK)}) AND (attribute_not_exists(${ttl}) OR ${ttl} >= ${now})`;
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

  /** Event items of their own, each expiring with the case (read once for its retention date). */
  async appendEvents(reference: string, events: TimelineEvent[]): Promise<void> {
    if (events.length === 0) return;
    const retainUntil = (await this.get(reference))?.retainUntil;
    // Sequential, so the sort keys (time + sequence) follow the order given.
    for (const event of events) {
      await this.#table.client.send(
        new PutCommand({ TableName: this.#table.tableName, Item: eventItem(reference, event, retainUntil) }),
      );
    }
  }

  /** The case's whole partition in one query: the case item (with its events) and the event items. */
  async timeline(reference: string): Promise<TimelineEvent[]> {
    const e = new ExpressionBuilder();
    const query = {
      KeyConditionExpression: `${e.name(PK)} = ${e.value(caseKey(reference)[PK])}`,
      ...e.attributes(),
      ConsistentRead: true,
    };
    const items: Item[] = [];
    for await (const page of queryPages(this.#table, query)) {
      for (const item of page.Items ?? []) {
        if (!isExpired(item, this.#table.now())) items.push(item);
      }
    }
    return timelineOf(items);
  }

  async claimIdempotencyKey(key: string, reference: string, expiresAt: number): Promise<string> {
    return (await claimIdempotencyKey(this.#table, key, { reference }, expiresAt)).reference;
  }

  claimSubmissionKey(
    key: string,
    claim: Required<IdempotencyClaim>,
    expiresAt: number,
  ): Promise<IdempotencyClaim> {
    return claimIdempotencyKey(this.#table, key, claim, expiresAt);
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

  countByStatus(range: CouncilRange): Promise<Record<CaseStatus, number>> {
    return countByStatus(this.#table, range);
  }
}
