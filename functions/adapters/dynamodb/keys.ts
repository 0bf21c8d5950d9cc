/** Item key layout of the reports table (see table-definition.ts for the attribute names). */

export const caseKey = (reference: string) => ({ pk: `CASE#${reference}`, sk: "CASE" });

export const statusIndexKeys = (status: string, createdAt: string, reference: string) => ({
  gsi1pk: `STATUS#${status}`,
  gsi1sk: `${createdAt}#${reference}`,
});

export const destinationIndexKeys = (code: string, createdAt: string, reference: string) => ({
  gsi2pk: `DEST#${code}`,
  gsi2sk: `${createdAt}#${reference}`,
});

let sequence = 0;

/**
 * Events sort by time; the sequence keeps events written in the same millisecond by this process in
 * the order they were appended.
 */
export function eventKey(reference: string, at: string) {
  sequence = (sequence + 1) % 1_000_000;
  return { pk: `CASE#${reference}`, sk: `EVENT#${at}#${String(sequence).padStart(6, "0")}` };
}

export const idempotencyKey = (key: string) => ({ pk: `IDEMPOTENCY#${key}`, sk: "IDEMPOTENCY" });

export const sessionKey = (id: string) => ({ pk: `SESSION#${id}`, sk: "SESSION" });

export const contactKey = (parishCode: string) => ({ pk: `CONTACT#${parishCode}`, sk: "CONTACT" });

/**
 * Per-day status counters: one item per day a case was received on, holding a number per status.
 * The case log sums the days it needs in one query instead of counting cases.
 */
export const STATUS_COUNTS_PK = "COUNTS#STATUS";
export const statusCountsKey = (createdAt: string) => ({
  pk: STATUS_COUNTS_PK,
  sk: `DAY#${createdAt.slice(0, 10)}`,
});
