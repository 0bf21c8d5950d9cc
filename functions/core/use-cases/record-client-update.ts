import { fnv1aHex128 } from "../case/fnv-hash.js";
import { event } from "../case/timeline.js";
import { NotFoundError } from "../errors.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Ids } from "../ports/ids.js";

/**
 * A resident's own update on a report, sent on by their app (FixMyStreet POSTs its users' updates
 * to `servicerequestupdates` when a body has its update-sending extension on). Checked at the edge.
 */
export interface ClientUpdate {
  reference: string;
  /** The client's id for the update (FixMyStreet's comment id): a retry with it records nothing new. */
  clientUpdateId: string;
  /** Who sent it, pseudonymously (`clientOf`): one client's ids never clash with another's. */
  client: string;
  text: string;
  /** The state the client says the report is in (e.g. FIXED), as sent: for staff, changes nothing. */
  clientStatus?: string;
  /** https links to photos, never fetched. */
  mediaUrls: string[];
}

/**
 * Records a resident's update on the case's timeline, for staff and the parish clerk to read. It
 * never changes the case's status (a resident marking a report fixed is a claim for staff to check)
 * and is never served back as a public update. Once per client update id.
 */
export function createRecordClientUpdate(deps: { caseStore: CaseStore; clock: Clock; ids: Ids }) {
  return async function recordClientUpdate(
    update: ClientUpdate,
  ): Promise<{ updateId: string; replayed: boolean }> {
    const current = await deps.caseStore.get(update.reference);
    if (!current) throw new NotFoundError(`service_request_id ${update.reference} not found`);
    const updateId = deps.ids.uuid();
    const mine = `${current.reference}#${updateId}`;
    const key = fnv1aHex128(`${update.client}#${update.clientUpdateId}`);
    const holder = await deps.caseStore.claimIdempotencyKey(
      `client-update#${key}`,
      mine,
      current.retainUntil,
    );
    if (holder !== mine) {
      const earlier = holder.slice(holder.indexOf("#") + 1);
      // The first attempt claimed the id and may have stopped before writing: write it now, once.
      const timeline = await deps.caseStore.timeline(current.reference);
      if (timeline.some((e) => e.type === "client-update" && e.data?.updateId === earlier)) {
        return { updateId: earlier, replayed: true };
      }
      await record(current.reference, earlier, update);
      return { updateId: earlier, replayed: true };
    }
    await record(current.reference, updateId, update);
    return { updateId, replayed: false };
  };

  async function record(reference: string, updateId: string, update: ClientUpdate): Promise<void> {
    const photos = update.mediaUrls.map((url, i) => `Photo ${i + 1}: ${url}`);
    const said = update.clientStatus
      ? ` Their app marks it ${update.clientStatus.toLowerCase().replace(/_/g, " ")}.`
      : "";
    await deps.caseStore.appendEvents(reference, [
      event(
        deps.clock.now(),
        "client-update",
        [`Update from the resident's app: ${update.text}${said}`, ...photos].join("; "),
        {
          updateId,
          visibleToParish: true,
          ...(update.clientStatus ? { clientStatus: update.clientStatus } : {}),
        },
        "resident",
      ),
    ]);
  }
}
