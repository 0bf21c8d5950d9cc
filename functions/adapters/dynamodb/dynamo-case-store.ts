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
import { londonDate } from "#core/case/london-time.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import { DuplicateCaseError, NotFoundError } from "#core/errors.js";
import {
  CASE_STATUSES,
  type CaseListQuery,
  type CasePage,
  type CasePageQuery,
  type CaseStore,
  caseSortKey,
  MAX_READS_PER_PARTITION,
} from "#core/ports/case-store.js";
import { reportsTable } from "./table-definition.js";
import {
  caseKey,
  destinationIndexKeys,
  eventKey,
  idempotencyKey,
  STATUS_COUNTS_PK,
  statusCountsKey,
  statusIndexKeys,
} from "./keys.js";

export interface DynamoCaseStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  now?: () => Date;
  /** Told when a status counter could not be moved (the case itself was written). */
  onCounterError?: (error: unknown, detail: { reference: string }) => void;
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
  readonly #onCounterError: NonNullable<DynamoCaseStoreOptions["onCounterError"]>;

  constructor(options: DynamoCaseStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
    this.#now = options.now ?? (() => new Date());
    this.#onCounterError = options.onCounterError ?? (() => {});
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
    await this.#count(report, { [report.status]: 1 }, report.retainUntil);
    await this.appendEvents(report.reference, events, report.retainUntil);
  }

  /**
   * Moves the status counters of the London day the case was received on. No transactions in
   * dynalite, so this follows the case write: a failure is reported, never thrown (the case and its
   * timeline are what matter), and leaves a count one out. The counter item expires with the last
   * case of its day, so only a new case moves its expiry.
   */
  async #count(report: Case, changes: Partial<Record<CaseStatus, number>>, expiresAt?: number) {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const adds = Object.entries(changes).map(([status, by], i) => {
      names[`#s${i}`] = status;
      values[`:by${i}`] = by;
      return `#s${i} :by${i}`;
    });
    if (expiresAt !== undefined) {
      names["#expiresAt"] = "expiresAt";
      values[":expiresAt"] = expiresAt;
    }
    try {
      await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: statusCountsKey(londonDate(report.createdAt)),
          UpdateExpression: `ADD ${adds.join(", ")}${expiresAt !== undefined ? " SET #expiresAt = :expiresAt" : ""}`,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      this.#onCounterError(error, { reference: report.reference });
    }
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

  async changeStatus(reference: string, from: CaseStatus, to: CaseStatus): Promise<Case | undefined> {
    const current = await this.get(reference);
    if (!current || current.status !== from) return undefined;
    try {
      const { Attributes } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: caseKey(reference),
          UpdateExpression: "SET #status = :to, #gsi1pk = :gsi1pk, #updatedAt = :now",
          ConditionExpression: "attribute_exists(pk) AND #status = :from",
          ExpressionAttributeNames: {
            "#status": "status",
            "#gsi1pk": reportsTable.indexes.byStatus.partitionKey,
            "#updatedAt": "updatedAt",
          },
          ExpressionAttributeValues: {
            ":to": to,
            ":from": from,
            ":gsi1pk": statusIndexKeys(to, current.createdAt, reference).gsi1pk,
            ":now": this.#now().toISOString(),
          },
          ReturnValues: "ALL_NEW",
        }),
      );
      if (from !== to) await this.#count(current, { [from]: -1, [to]: 1 });
      return toCase(Attributes as CaseItem);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
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
    const fields: Record<string, unknown> = { ...update, updatedAt: this.#now().toISOString() };
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

  async listAwaitingDispatch(query: {
    from: string;
    to: string;
    untouchedSince: string;
    limit: number;
  }): Promise<Case[]> {
    const index = reportsTable.indexes.byStatus;
    const perStatus = await Promise.all(
      CASE_STATUSES.map((status) =>
        this.#collectCases(
          {
            IndexName: "byStatus",
            KeyConditionExpression: "#pk = :pk AND #sk BETWEEN :from AND :to",
            FilterExpression:
              "#updatedAt < :untouchedSince AND (#delivery = :queued OR (#delivery = :sending AND #sendingSince < :untouchedSince))",
            ExpressionAttributeNames: {
              "#pk": index.partitionKey,
              "#sk": index.sortKey,
              "#delivery": "delivery",
              "#updatedAt": "updatedAt",
              "#sendingSince": "sendingSince",
            },
            ExpressionAttributeValues: {
              ":pk": statusIndexKeys(status, "", "").gsi1pk,
              ":from": query.from,
              ":to": `${query.to}#~`,
              ":queued": "queued",
              ":sending": "sending",
              ":untouchedSince": query.untouchedSince,
            },
          },
          query.limit,
          // Nearly every case has been sent: read in big pages.
          1000,
        ),
      ),
    );
    return perStatus
      .flat()
      .sort((a, b) => caseSortKey(a).localeCompare(caseSortKey(b)))
      .slice(0, query.limit);
  }

  async listCases(query: CasePageQuery): Promise<CasePage> {
    // One destination partition, or one status partition per status, each read newest first.
    const partitions = query.destination
      ? [{ index: "byDestination" as const, pk: destinationIndexKeys(query.destination, "", "").gsi2pk }]
      : (query.status ? [query.status] : CASE_STATUSES).map((status) => ({
          index: "byStatus" as const,
          pk: statusIndexKeys(status, "", "").gsi1pk,
        }));
    const reads = await Promise.all(partitions.map((p) => this.#readPartition(p.index, p.pk, query)));
    // Every partition has been seen down to its `seenTo` (or to its end). Only cases at or above
    // the highest of those are certain to be in order across partitions: the rest wait for the
    // next page, which starts below that line.
    const line = reads
      .filter((r) => r.seenTo !== undefined)
      .map((r) => r.seenTo as string)
      .sort()
      .at(-1);
    const merged = reads
      .flatMap((r) => r.cases)
      .filter((c) => line === undefined || caseSortKey(c) >= line)
      .sort((a, b) => caseSortKey(b).localeCompare(caseSortKey(a)));
    const cases = merged.slice(0, query.limit);
    const last = cases.at(-1);
    const next = merged.length > query.limit && last ? caseSortKey(last) : line;
    return { cases, ...(next ? { next } : {}) };
  }

  /**
   * Up to `limit + 1` matching cases of one index partition, newest first, below the cursor and
   * within the date range, in at most MAX_READS_PER_PARTITION queries. `seenTo` is the sort key the
   * reads reached when the partition has more.
   */
  async #readPartition(
    indexName: "byStatus" | "byDestination",
    pk: string,
    query: CasePageQuery,
  ): Promise<{ cases: Case[]; seenTo?: string }> {
    const index = reportsTable.indexes[indexName];
    const wanted = query.limit + 1;
    // Sort keys are `<createdAt>#<reference>`: "~" sorts after every reference character.
    const rangeTop = query.to ? `${query.to}#~` : undefined;
    const below = query.cursor && (!rangeTop || query.cursor <= rangeTop) ? query.cursor : undefined;
    const top = below ?? rangeTop;
    const names: Record<string, string> = { "#pk": index.partitionKey };
    const values: Record<string, unknown> = { ":pk": pk };
    let keyCondition = "#pk = :pk";
    // A cursor from before the date range (an old bookmark): nothing older is in range.
    if (query.from && top && top < query.from) return { cases: [] };
    if (query.from || top) names["#sk"] = index.sortKey;
    if (query.from && top) {
      // BETWEEN is inclusive: the cursor's own case comes back and is dropped below.
      keyCondition += " AND #sk BETWEEN :from AND :top";
      Object.assign(values, { ":from": query.from, ":top": top });
    } else if (query.from) {
      keyCondition += " AND #sk >= :from";
      values[":from"] = query.from;
    } else if (top) {
      keyCondition += below ? " AND #sk < :top" : " AND #sk <= :top";
      values[":top"] = top;
    }
    const filters: string[] = [];
    if (query.status && indexName === "byDestination") {
      names["#status"] = "status";
      values[":status"] = query.status;
      filters.push("#status = :status");
    }
    if (query.destinationKind && indexName === "byStatus") {
      Object.assign(names, { "#destination": "destination", "#kind": "kind" });
      values[":kind"] = query.destinationKind;
      filters.push("#destination.#kind = :kind");
    }
    if (query.service) {
      names["#service"] = "service";
      values[":service"] = query.service;
      filters.push("#service = :service");
    }
    if (query.notSent) {
      names["#delivery"] = "delivery";
      Object.assign(values, { ":failed": "failed", ":unconfirmed": "unconfirmed" });
      filters.push("#delivery IN (:failed, :unconfirmed)");
    }
    const cases: Case[] = [];
    let start: Record<string, unknown> | undefined;
    for (let read = 0; read < MAX_READS_PER_PARTITION; read += 1) {
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          IndexName: indexName,
          KeyConditionExpression: keyCondition,
          ...(filters.length ? { FilterExpression: filters.join(" AND ") } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          // A filter drops some of what is read, so read more than is missing; BETWEEN also
          // returns the cursor's own case.
          Limit: Math.min(
            (wanted - cases.length) * (filters.length ? 4 : 1) + (below && query.from ? 1 : 0),
            1000,
          ),
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const found = item as CaseItem;
        if (below && caseSortKey(found) >= below) continue;
        if (!this.#expired(item) && cases.length < wanted) cases.push(toCase(found));
      }
      start = page.LastEvaluatedKey;
      if (!start || cases.length >= wanted) break;
    }
    const seenTo = start ? (start[index.sortKey] as string) : undefined;
    // Reads that stopped early (enough found) reached the last case kept.
    const lastKept = cases.at(-1);
    const reached = cases.length >= wanted && lastKept ? caseSortKey(lastKept) : seenTo;
    return { cases, ...(start || cases.length >= wanted ? { seenTo: reached } : {}) };
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

  async countByStatus(range: { from?: string; to?: string } = {}): Promise<Record<CaseStatus, number>> {
    const counts = Object.fromEntries(CASE_STATUSES.map((s) => [s, 0])) as Record<CaseStatus, number>;
    const first = statusCountsKey(range.from ? londonDate(range.from) : "0000-00-00").sk;
    const last = statusCountsKey(range.to ? londonDate(range.to) : "9999-99-99").sk;
    let start: Record<string, unknown> | undefined;
    do {
      // Small items, one per day kept (a few hundred): one page in practice.
      const page = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: "pk = :pk AND sk BETWEEN :first AND :last",
          ExpressionAttributeValues: { ":pk": STATUS_COUNTS_PK, ":first": first, ":last": last },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        if (this.#expired(item)) continue;
        for (const status of CASE_STATUSES) {
          counts[status] += typeof item[status] === "number" ? (item[status] as number) : 0;
        }
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return counts;
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
