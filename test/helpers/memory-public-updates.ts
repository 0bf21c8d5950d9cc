import type { PublicUpdate } from "#core/case/public-update.js";
import type { PublicUpdates } from "#core/ports/public-updates.js";
import { TEST_FIRST_COUNCIL } from "./memory-case-store.js";

/**
 * Public updates in memory for unit tests; the contract suite in test/adapters/dynamodb runs it
 * beside the DynamoDB adapter, so it keeps the same promises (window, order, limit, expiry).
 */
export class MemoryPublicUpdates implements PublicUpdates {
  readonly updates: PublicUpdate[] = [];
  readonly #now: () => Date;
  readonly #firstCouncil: string;

  /** `firstCouncil`: whose updates those without `council` are (as the DynamoDB adapter's). */
  constructor(options: { now?: () => Date; firstCouncil?: string } = {}) {
    this.#now = options.now ?? (() => new Date());
    this.#firstCouncil = options.firstCouncil ?? TEST_FIRST_COUNCIL;
  }

  async add(update: PublicUpdate): Promise<void> {
    // Keyed as DynamoDB keys them (time and id): a conditional put refuses only the same item.
    if (this.updates.some((u) => u.updateId === update.updateId && u.at === update.at)) {
      throw new Error(`Public update ${update.updateId} exists`);
    }
    this.updates.push(structuredClone(update));
  }

  async list(query: { council: string; from: string; to: string; limit: number }): Promise<PublicUpdate[]> {
    const { council, from, to, limit } = query;
    const now = this.#now().getTime();
    return (
      this.updates
        .filter((u) => (u.council ?? this.#firstCouncil) === council)
        .filter((u) => u.at >= from && u.at <= to && u.retainUntil * 1000 >= now)
        // Code-unit order, as DynamoDB sorts its `<at>#<updateId>` keys.
        .sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0))
        .slice(0, Math.max(limit, 0))
        .map((u) => structuredClone(u))
    );
  }
}

const sortKey = (u: PublicUpdate) => `${u.at}#${u.updateId}`;
