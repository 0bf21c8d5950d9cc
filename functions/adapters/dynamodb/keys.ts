import { reportsTable } from "./table-definition.js";

/** Item key layout of the reports table; the attribute names come from table-definition.ts. */

const { partitionKey: PK, sortKey: SK } = reportsTable;
const { byStatus, byDestination } = reportsTable.indexes;

const itemKey = (pk: string, sk: string) => ({ [PK]: pk, [SK]: sk }) as Record<typeof PK | typeof SK, string>;

export const caseKey = (reference: string) => itemKey(`CASE#${reference}`, "CASE");

/** Index sort keys, and so case-log cursors: `<createdAt>#<reference>`. */
export const indexSortKey = (createdAt: string, reference: string) => `${createdAt}#${reference}`;

/** Above every sort key of a `createdAt` instant: "~" sorts after every reference character. */
export const indexSortKeyTop = (createdAt: string) => `${createdAt}#~`;

/**
 * Index partitions carry the case's council (docs/adr/0012-many-councils.md), so one council's
 * list, counts and cursors never reach another's cases, and a query is still one partition.
 */
export const statusPartition = (council: string, status: string) => `STATUS#${council}#${status}`;
export const destinationPartition = (council: string, code: string) => `DEST#${council}#${code}`;

export const statusIndexKeys = (council: string, status: string, createdAt: string, reference: string) => ({
  [byStatus.partitionKey]: statusPartition(council, status),
  [byStatus.sortKey]: indexSortKey(createdAt, reference),
});

export const destinationIndexKeys = (
  council: string,
  code: string,
  createdAt: string,
  reference: string,
) => ({
  [byDestination.partitionKey]: destinationPartition(council, code),
  [byDestination.sortKey]: indexSortKey(createdAt, reference),
});

/** Every attribute that is a key of the table or an index, never part of a stored record. */
export const KEY_ATTRIBUTES: readonly string[] = [
  PK,
  SK,
  ...Object.values(reportsTable.indexes).flatMap((index) => [index.partitionKey, index.sortKey]),
];

/**
 * The case item's search attributes (not part of the case record): its postcode and road name in
 * the forms the case list's search compares with (`searchablePostcode`, `searchableRoad`), since a
 * DynamoDB filter cannot ignore case. Written at create; a case stored before them has none, and
 * the list's filter falls back to its own location fields (see case-log-page.ts).
 */
export const SEARCH_POSTCODE = "searchPostcode";
export const SEARCH_ROAD = "searchRoad";

/** Events sort after their case under its partition; this prefix finds them all. */
export const EVENT_SORT_PREFIX = "EVENT#";

let sequence = 0;

/**
 * Events sort by time; the sequence keeps events written in the same millisecond by this process in
 * the order they were appended.
 */
export function eventKey(reference: string, at: string) {
  sequence = (sequence + 1) % 1_000_000;
  return itemKey(caseKey(reference)[PK], `${EVENT_SORT_PREFIX}${at}#${String(sequence).padStart(6, "0")}`);
}

export const idempotencyKey = (key: string) => itemKey(`IDEMPOTENCY#${key}`, "IDEMPOTENCY");

export const sessionKey = (id: string) => itemKey(`SESSION#${id}`, "SESSION");

/**
 * The clerk directory: one partition, one item per parish, so the directory page lists every parish
 * in one query (a district has at most a few hundred).
 */
export const DIRECTORY_PK = "DIRECTORY";
export const CONTACT_SORT_PREFIX = "CONTACT#";
export const contactKey = (parishCode: string) =>
  itemKey(DIRECTORY_PK, `${CONTACT_SORT_PREFIX}${parishCode}`);

/**
 * Per-day status counters of one council: one item per day a case was received on, holding a
 * number per status. The case log sums the days it needs in one query instead of counting cases.
 */
export const statusCountsPartition = (council: string) => `COUNTS#STATUS#${council}`;
export const statusCountsKey = (council: string, createdAt: string) =>
  itemKey(statusCountsPartition(council), `DAY#${createdAt.slice(0, 10)}`);

/**
 * A fixed-window counter (rate limits, daily caps): one item per name and window, so a new window
 * starts from nothing without a reset, and the item expires once its window is over.
 */
export const windowCounterKey = (name: string, windowSeconds: number, windowStart: string) =>
  itemKey(`COUNTER#${name}`, `WINDOW#${windowSeconds}#${windowStart}`);

/**
 * Reports held for a body's daily digest, all in one partition sorted by the London day they were
 * held: one query finds every hold up to a day, including older days a failed run left behind.
 * Only reports over a body's daily cap are written here, far below one partition's write limit.
 */
export const DIGEST_PK = "DIGEST";
export const DIGEST_SORT_PREFIX = "HELD#";
export const heldReportKey = (day: string, bodyCode: string, reference: string) =>
  itemKey(DIGEST_PK, `${DIGEST_SORT_PREFIX}${day}#${bodyCode}#${reference}`);
/** Above every hold of that day: "~" sorts after every code and reference character. */
export const heldReportKeyTop = (day: string) => `${DIGEST_SORT_PREFIX}${day}#~`;

/** What one digest email carried (its references), for the delivery events that name the digest. */
export const digestContentsKey = (digest: string) => itemKey(`DIGESTSENT#${digest}`, "DIGESTSENT");

/**
 * Public updates, one partition per council sorted by `<at>#<updateId>`: one query with BETWEEN
 * finds a council's time window, oldest first, so a busy council's updates never crowd another's
 * out of a client's capped poll. Staff write them by hand, far below one partition's write limit.
 */
export const publicUpdatesPartition = (council: string) => `PUBLICUPDATES#${council}`;
export const PUBLIC_UPDATE_SORT_PREFIX = "UPDATE#";
export const publicUpdateKey = (council: string, at: string, updateId: string) =>
  itemKey(publicUpdatesPartition(council), `${PUBLIC_UPDATE_SORT_PREFIX}${at}#${updateId}`);
/** Below every update at or after `at`: the bare instant sorts before `<at>#<updateId>`. */
export const publicUpdateKeyFrom = (at: string) => `${PUBLIC_UPDATE_SORT_PREFIX}${at}`;
/** Above every update of the instant `at`: "~" sorts after every id character. */
export const publicUpdateKeyTop = (at: string) => `${PUBLIC_UPDATE_SORT_PREFIX}${at}#~`;

/**
 * The request pacing of one Modern.Gov host (a token bucket of one): one item per host, shared by
 * every function container, expiring once nobody has asked that host for a day.
 */
export const pacingKey = (host: string) => itemKey(`PACING#${host}`, "PACING");

/** What a council's last weekly directory summary reported: one small item (an address and problems a parish). */
export const directoryBaselineKey = (council?: string) =>
  itemKey("DIRECTORYREPORT", council === undefined ? "BASELINE" : `BASELINE#${council}`);

/**
 * Staff overrides of the clerk directory and each clerk's latest bounce sit beside the contacts in
 * the directory partition (one query lists each kind). An override's changes are kept for good in
 * the parish's own audit partition, newest last by `<at>#<id>`.
 */
export const OVERRIDE_SORT_PREFIX = "OVERRIDE#";
export const overrideKey = (parishCode: string) =>
  itemKey(DIRECTORY_PK, `${OVERRIDE_SORT_PREFIX}${parishCode}`);
export const overrideAuditPartition = (parishCode: string) => `DIRECTORYAUDIT#${parishCode}`;
export const overrideAuditKey = (parishCode: string, at: string, id: string) =>
  itemKey(overrideAuditPartition(parishCode), `CHANGE#${at}#${id}`);
export const BOUNCE_SORT_PREFIX = "BOUNCE#";
export const clerkBounceKey = (parishCode: string) =>
  itemKey(DIRECTORY_PK, `${BOUNCE_SORT_PREFIX}${parishCode}`);
