import type { Case } from "#core/case/case.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import { caseKey, destinationIndexKeys, eventKey, KEY_ATTRIBUTES, statusIndexKeys } from "./keys.js";
import { reportsTable } from "./table-definition.js";

/** How cases and their events are stored as items, and read back without their keys. */

const TTL = reportsTable.timeToLiveAttribute;

export type Item = Record<string, unknown>;

/** A case with its table and index keys, expiring with its retention date. */
export function caseItem(report: Case): Item {
  return {
    ...caseKey(report.reference),
    ...statusIndexKeys(report.status, report.createdAt, report.reference),
    ...destinationIndexKeys(report.destination.code, report.createdAt, report.reference),
    ...report,
    [TTL]: report.retainUntil,
  };
}

export function toCase(item: Item): Case {
  const record = { ...item };
  for (const attribute of [...KEY_ATTRIBUTES, TTL]) delete record[attribute];
  return record as unknown as Case;
}

export function eventItem(reference: string, event: TimelineEvent, retainUntil?: number): Item {
  return { ...eventKey(reference, event.at), ...event, ...(retainUntil ? { [TTL]: retainUntil } : {}) };
}

export function toEvent(item: Item): TimelineEvent {
  const { at, type, actor, summary, data } = item as unknown as TimelineEvent;
  return { at, type, actor, summary, ...(data ? { data } : {}) };
}

/** DynamoDB deletes expired items within days, and dynalite never does: hide them on read. */
export function isExpired(item: Item, now: Date): boolean {
  const expiresAt = item[TTL];
  return typeof expiresAt === "number" && expiresAt * 1000 < now.getTime();
}
