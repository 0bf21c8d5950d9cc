import type { Case } from "../case/case.js";
import { parseReference } from "../case/reference.js";
import { event } from "../case/timeline.js";
import type { Councils } from "../councils/councils.js";
import { ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import { changeMark, MAX_POSSIBLE_DUPLICATES } from "./possible-duplicates.js";

/** Who may change links: district staff only; a parish clerk sees the marks but cannot change them. */
export type LinkRole = "staff" | "clerk";

/**
 * Staff say which cases repeat each other: link one to another by reference, or unlink a pair the
 * finder marked. Each changes both cases, with an event on each, and is idempotent: linking a
 * linked pair or unlinking an unlinked one changes and records nothing.
 */
export function createDuplicateLinks(deps: {
  caseStore: CaseStore;
  clock: Clock;
  councils: Pick<Councils, "first">;
}) {
  // A case without a council is the first council's.
  const councilOf = (c: Case) => c.council ?? deps.councils.first.id;
  async function pair(reference: string, otherInput: string, role: LinkRole): Promise<[Case, Case]> {
    if (role !== "staff") throw new ForbiddenError("Only council staff can link or unlink cases.");
    const report = await deps.caseStore.get(reference);
    if (!report) throw new NotFoundError(`No case ${reference}`);
    const otherReference = parseReference(otherInput);
    if (!otherReference) {
      throw new ValidationError([
        { field: "duplicateOf", message: "Enter a case reference, like SPD-7K3Q-9XW2" },
      ]);
    }
    if (otherReference === report.reference) {
      throw new ValidationError([{ field: "duplicateOf", message: "Enter another case's reference" }]);
    }
    const other = await deps.caseStore.get(otherReference);
    // Another council's case is one this council's staff cannot see: as if there were none.
    if (!other || councilOf(other) !== councilOf(report)) {
      throw new ValidationError([{ field: "duplicateOf", message: `There is no case ${otherReference}` }]);
    }
    return [report, other];
  }

  async function link(
    reference: string,
    otherInput: string,
    actor: string,
    role: LinkRole,
  ): Promise<"linked" | "unchanged"> {
    const [report, other] = await pair(reference, otherInput, role);
    const full = isFull(report, other.reference)
      ? report
      : isFull(other, report.reference)
        ? other
        : undefined;
    if (full) {
      throw new ValidationError([
        {
          field: "duplicateOf",
          message: `${full.reference} is already linked to ${MAX_POSSIBLE_DUPLICATES} cases`,
        },
      ]);
    }
    const now = deps.clock.now();
    const linked = (to: string) => () =>
      event(
        now,
        "duplicate-linked",
        `Linked by staff as a possible duplicate of ${to}`,
        { other: to },
        actor,
      );
    const before = [...(report.possibleDuplicates ?? [])];
    const after = await changeMark(deps.caseStore, report, other.reference, "add", linked(other.reference));
    await changeMark(deps.caseStore, other, report.reference, "add", linked(report.reference));
    return sameList(before, after.possibleDuplicates) ? "unchanged" : "linked";
  }

  async function unlink(
    reference: string,
    otherInput: string,
    actor: string,
    role: LinkRole,
  ): Promise<"unlinked" | "unchanged"> {
    const [report, other] = await pair(reference, otherInput, role);
    const now = deps.clock.now();
    const unlinked = (from: string) => () =>
      event(
        now,
        "duplicate-unlinked",
        `Unlinked by staff: not a duplicate of ${from}`,
        { other: from },
        actor,
      );
    const before = [...(report.possibleDuplicates ?? [])];
    const after = await changeMark(
      deps.caseStore,
      report,
      other.reference,
      "remove",
      unlinked(other.reference),
    );
    await changeMark(deps.caseStore, other, report.reference, "remove", unlinked(report.reference));
    return sameList(before, after.possibleDuplicates) ? "unchanged" : "unlinked";
  }

  return { link, unlink };
}

const isFull = (c: Case, adding: string) =>
  (c.possibleDuplicates?.length ?? 0) >= MAX_POSSIBLE_DUPLICATES && !c.possibleDuplicates?.includes(adding);

const sameList = (a: readonly string[], b: readonly string[] = []) =>
  a.length === b.length && a.every((r, i) => r === b[i]);
