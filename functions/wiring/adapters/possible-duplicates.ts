import type { Councils } from "#core/councils/councils.js";
import type { CaseStore } from "#core/ports/case-store.js";
import type { Clock } from "#core/ports/clock.js";
import type { MarkPossibleDuplicates } from "#core/ports/send-budget.js";
import {
  createMarkPossibleDuplicates,
  type PossibleDuplicatesOptions,
} from "#core/use-cases/possible-duplicates.js";

/**
 * The possible-duplicates finder for dispatch, over the case store it already has (no client of its
 * own). Dispatch passes the radius from `DUPLICATE_RADIUS_METRES` (default 50 m).
 */
export function possibleDuplicates(
  adapters: { caseStore: CaseStore; clock: Clock; councils: Pick<Councils, "first"> },
  options: PossibleDuplicatesOptions = {},
): MarkPossibleDuplicates {
  return createMarkPossibleDuplicates(
    { caseStore: adapters.caseStore, clock: adapters.clock, councils: adapters.councils },
    options,
  );
}
