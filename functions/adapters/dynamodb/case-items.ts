import { searchablePostcode, searchableRoad } from "#core/case/case-search.js";
import type { Case } from "#core/case/case.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import type { SubmissionKey } from "#core/ports/case-store.js";
import {
  caseKey,
  destinationIndexKeys,
  eventKey,
  KEY_ATTRIBUTES,
  SEARCH_POSTCODE,
  SEARCH_ROAD,
  statusIndexKeys,
} from "./keys.js";
import { reportsTable } from "./table-definition.js";

/** How cases and their events are stored as items, and read back without their keys. */

const TTL = reportsTable.timeToLiveAttribute;
const { sortKey: SK } = reportsTable;

/**
 * The case item's list of the events written with it (its first events, and those recorded with a
 * change to it), so one write holds both. Each keeps the sort key an event item would have had, so
 * the timeline merges them with the event items in the same order.
 */
export const CASE_EVENTS = "events";

/** The idempotency key a keyed submission's case was made under (not part of the case record). */
export const CASE_IDEMPOTENCY_KEY = "idempotencyKey";
/** The hash of the report that key was first used with (not part of the case record either). */
export const CASE_BODY_HASH = "idempotencyBodyHash";

export type Item = Record<string, unknown>;

/**
 * A case with its table and index keys and its first events, expiring with its retention date. Its
 * index keys carry `council`: the case's own, which the caller resolves (a case without one is the
 * first council's).
 */
export function caseItem(
  report: Case,
  council: string,
  events: TimelineEvent[] = [],
  submission: SubmissionKey = {},
): Item {
  const postcode = searchablePostcode(report.location.postcode);
  const road = searchableRoad(report.location.roadName);
  return {
    ...(postcode ? { [SEARCH_POSTCODE]: postcode } : {}),
    ...(road ? { [SEARCH_ROAD]: road } : {}),
    ...(submission.idempotencyKey ? { [CASE_IDEMPOTENCY_KEY]: submission.idempotencyKey } : {}),
    ...(submission.bodyHash ? { [CASE_BODY_HASH]: submission.bodyHash } : {}),
    ...caseKey(report.reference),
    ...statusIndexKeys(council, report.status, report.createdAt, report.reference),
    ...destinationIndexKeys(council, report.destination.code, report.createdAt, report.reference),
    ...report,
    [CASE_EVENTS]: caseEvents(report.reference, events),
    [TTL]: report.retainUntil,
  };
}

/** Events as the case item's list holds them: each with its sort key. */
export function caseEvents(reference: string, events: TimelineEvent[]): Item[] {
  return events.map((event) => ({ ...event, [SK]: eventKey(reference, event.at)[SK] }));
}

export function toCase(item: Item): Case {
  const record = { ...item };
  const stored = [
    ...KEY_ATTRIBUTES,
    TTL,
    CASE_EVENTS,
    CASE_IDEMPOTENCY_KEY,
    CASE_BODY_HASH,
    SEARCH_POSTCODE,
    SEARCH_ROAD,
  ];
  for (const attribute of stored) delete record[attribute];
  return record as unknown as Case;
}

export function eventItem(reference: string, event: TimelineEvent, retainUntil?: number): Item {
  return { ...eventKey(reference, event.at), ...event, ...(retainUntil ? { [TTL]: retainUntil } : {}) };
}

/**
 * The events of a case's partition, in timeline order: those the case item holds and the event
 * items, merged by sort key (time, then the order written).
 */
export function timelineOf(items: Item[]): TimelineEvent[] {
  const keyed = items.flatMap((item) =>
    item[SK] === caseKey("")[SK] ? ((item[CASE_EVENTS] as Item[] | undefined) ?? []) : [item],
  );
  return keyed.sort((a, b) => byteOrder(String(a[SK]), String(b[SK]))).map((item) => toEvent(item));
}

/** DynamoDB's order of string sort keys (the keys are ASCII, so code units order as bytes do). */
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function toEvent(item: Item): TimelineEvent {
  const { at, type, actor, summary, data } = item as unknown as TimelineEvent;
  return { at, type, actor, summary, ...(data ? { data } : {}) };
}

/** DynamoDB deletes expired items within days, and dynalite never does: hide them on read. */
export function isExpired(item: Item, now: Date): boolean {
  const expiresAt = item[TTL];
  return typeof expiresAt === "number" && expiresAt * 1000 < now.getTime();
}
