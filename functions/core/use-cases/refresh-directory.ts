import { londonDate } from "../case/london-time.js";
import { renderDirectoryChangesEmail } from "../email/directory-changes-email.js";
import { UpstreamError } from "../errors.js";
import type { Clock } from "../ports/clock.js";
import type { CachedContact, ContactCache } from "../ports/contact-cache.js";
import type { ContactSnapshot, DirectoryBaseline } from "../ports/directory-baseline.js";
import type { ParishRef } from "../ports/directory.js";
import type { Mailer } from "../ports/mailer.js";
import { type DirectoryChange, directoryChange, snapshotOf } from "./directory-changes.js";

export interface RefreshDirectoryDeps {
  /** The council's parishes in the boundary data (its district's or unitary's, and no other's). */
  parishes: () => Promise<readonly ParishRef[]>;
  /**
   * What the council's last summary reported; the run compares with it, and replaces it once it has
   * emailed. One council's only: another council's run must not overwrite it.
   */
  baseline: DirectoryBaseline;
  /**
   * Before the first summary, the run compares with the cache as it was before the run (the cache
   * is shared by every council: only the council's parishes are taken from it).
   */
  contactCache: Pick<ContactCache, "list">;
  /**
   * Asks the directory now and caches the answer (CachedDirectory.refresh). Throws UpstreamError
   * when Modern.Gov cannot be reached, and then caches nothing: the old entry keeps being used.
   */
  /** `freshSince`: answers Modern.Gov gave since then are shared, so the run reads each source once. */
  directory: { refresh(parish: ParishRef, options?: { freshSince?: Date }): Promise<CachedContact> };
  mailer: Mailer;
  clock: Clock;
  /**
   * The council the summary is for: its team mailbox (the one its own reports go to), its name, and
   * its sending address (the mailer's configured one where absent).
   */
  council: { email: string; councilName: string; senderEmail?: string };
  /** The case log's clerk directory page, linked from the email. */
  directoryPageUrl: string;
}

/** Why a run stopped asking before the last parish. */
export type DirectoryRefreshStop =
  /** Modern.Gov did not answer for several parishes in a row: the rest were not asked. */
  | "unreachable"
  /** The function's time was nearly up: the rest were not asked, so the summary could still be sent. */
  | "out-of-time";

export interface DirectoryRefreshOptions {
  /**
   * The time left for asking, in milliseconds: at 0 or less the run asks no more, so the summary
   * and the baseline are written before the function is stopped (the handler passes the Lambda's
   * remaining time less a margin for them). A function, as the time runs down during the run.
   */
  timeLeftMs?: () => number;
}

/** After this many parishes in a row that Modern.Gov did not answer for, the rest are not asked. */
export const UNREACHABLE_IN_A_ROW = 3;

export interface DirectoryRefreshRun {
  checked: number;
  changes: DirectoryChange[];
  /** Parishes Modern.Gov did not answer for (or that were not asked, see `stopped`), and why. */
  unreachable: Array<{ parish: ParishRef; error: string }>;
  /** Set when the run stopped asking early; the parishes not asked are in `unreachable`. */
  stopped?: DirectoryRefreshStop;
  /** The summary's message id, when one was sent. */
  emailed?: string;
}

const NOT_ASKED: Record<DirectoryRefreshStop, string> = {
  unreachable: `not asked: Modern.Gov did not answer for the ${UNREACHABLE_IN_A_ROW} parishes before it`,
  "out-of-time": "not asked: the weekly check ran out of time",
};

/**
 * One council's weekly clerk directory refresh: asks its Modern.Gov about each of its parishes
 * (one at a time: the host allows one request a second), compares each answer with what the last
 * summary reported, and emails the council's team one summary when an address was lost, changed
 * or found, or new problems appeared. When Modern.Gov answered for no parish at all, the email says
 * that (and nothing is overwritten); parishes it missed among others are listed, keep what the
 * last summary knew of them, and send nothing on their own.
 *
 * One parish can take Modern.Gov 15 to 25 seconds to fail, and the function has 15 minutes: after
 * several parishes in a row without an answer the rest are not asked (Modern.Gov is down), and at
 * the deadline the rest are not asked either, so the summary, which names them, is still sent.
 *
 * The baseline moves on only once the summary is sent (or nothing needed sending), so a run whose
 * email failed (the function's error alarm fires) reports the same changes when it runs again.
 */
export function createRefreshDirectory(deps: RefreshDirectoryDeps) {
  return async function refreshDirectory(
    options: DirectoryRefreshOptions = {},
  ): Promise<DirectoryRefreshRun> {
    const ranAt = deps.clock.now();
    const parishes = await deps.parishes();
    const previous = (await deps.baseline.get()) ?? (await firstBaseline(parishes, ranAt));
    const next = new Map<string, ContactSnapshot>();
    const run: DirectoryRefreshRun = { checked: parishes.length, changes: [], unreachable: [] };
    let inARow = 0;
    for (const parish of parishes) {
      const before = previous.get(parish.code);
      run.stopped ??= stopReason(inARow, options.timeLeftMs);
      if (run.stopped) {
        // Not asked: what the last summary knew of it is kept, as for a parish that did not answer.
        run.unreachable.push({ parish, error: NOT_ASKED[run.stopped] });
        if (before) next.set(parish.code, before);
        continue;
      }
      let current: CachedContact;
      try {
        current = await deps.directory.refresh(parish, { freshSince: ranAt });
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        inARow += 1;
        run.unreachable.push({ parish, error: error.message });
        if (before) next.set(parish.code, before);
        continue;
      }
      inARow = 0;
      next.set(parish.code, snapshotOf(current));
      const change = directoryChange(parish, before, current);
      if (change) run.changes.push(change);
    }

    const noneReached = run.checked > 0 && run.unreachable.length === run.checked;
    // A run that stopped early says so (and names the parishes not asked), even with no changes.
    if (run.changes.length > 0 || noneReached || run.stopped) {
      const content = renderDirectoryChangesEmail({
        councilName: deps.council.councilName,
        ranAt,
        checked: run.checked,
        changes: run.changes,
        unreachable: run.unreachable,
        ...(run.stopped ? { stopped: run.stopped } : {}),
        directoryPageUrl: deps.directoryPageUrl,
      });
      const { messageId } = await deps.mailer.send({
        to: [deps.council.email],
        ...(deps.council.senderEmail ? { from: deps.council.senderEmail } : {}),
        // Names no case: its delivery notices are ignored.
        reference: `DIRECTORY-${londonDate(ranAt.toISOString())}`,
        kind: "staff-notice",
        ...content,
      });
      run.emailed = messageId;
    }
    await deps.baseline.put(next, ranAt.toISOString());
    return run;
  };

  function stopReason(
    inARow: number,
    timeLeftMs: (() => number) | undefined,
  ): DirectoryRefreshStop | undefined {
    if (inARow >= UNREACHABLE_IN_A_ROW) return "unreachable";
    if (timeLeftMs && timeLeftMs() <= 0) return "out-of-time";
    return undefined;
  }

  /**
   * Before the first summary: the cache as it is before this run refreshes it, kept at once, so a
   * first run whose email fails compares with the same when it runs again.
   */
  async function firstBaseline(
    parishes: readonly ParishRef[],
    at: Date,
  ): Promise<Map<string, ContactSnapshot>> {
    const ours = new Set(parishes.map((p) => p.code));
    const entries = [...(await deps.contactCache.list())].filter(([code]) => ours.has(code));
    const snapshots = new Map(entries.map(([code, entry]) => [code, snapshotOf(entry)]));
    await deps.baseline.put(snapshots, at.toISOString());
    return snapshots;
  }
}
