import { type Case, type CaseStatus, type Destination, destinationTarget } from "../case/case.js";
import { mayShareWith } from "../case/consent.js";
import { wantsUpdates } from "../case/progress-emails.js";
import {
  DEFAULT_PUBLIC_STATUS,
  isPublicStatus,
  PUBLIC_STATUSES,
  type PublicStatus,
} from "../case/public-update.js";
import { event, type TimelineEvent } from "../case/timeline.js";
import { NotFoundError, ValidationError } from "../errors.js";
import { isWellFormed, NOT_IN_FREE_TEXT, textMessages } from "../input/text-rules.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Ids } from "../ports/ids.js";
import type { PublicUpdates } from "../ports/public-updates.js";
import type { Queue } from "../ports/queue.js";
import { attemptClaim, claimedAttempt, stillInFlight } from "./attempt-claim.js";

/** Statuses a case may move to from each status (closed cases can be reopened). */
export const allowedStatusChanges: Record<CaseStatus, CaseStatus[]> = {
  new: ["in-progress", "closed"],
  "in-progress": ["closed", "new"],
  closed: ["in-progress"],
};

export const MAX_NOTE_LENGTH = 2000;

/** The routing decision's rule when staff re-route a case; its reason holds theirs. */
export const STAFF_REROUTE_RULE = "staff-reroute";

/** How a staff re-route's timeline entry says the new body gets the case without the resident's details. */
export const WITHOUT_CONTACT = ", without the resident's contact details";

/**
 * The most times staff may re-route one case. Each re-route's entry (a reason of up to 2,000
 * characters, at most 3 bytes each in UTF-8) is kept on the case item with the move, about 6 KB at
 * worst: 20 of them, about 125 KB, leave the item well under DynamoDB's 400 KB limit with the case
 * and its system events. A case moved this often needs a conversation, not another re-route.
 */
export const MAX_STAFF_REROUTES = 20;

const TOO_MANY_REROUTES = `This case has been re-routed ${MAX_STAFF_REROUTES} times, the most one case can be. Email the council that should have it, and add a note saying so`;

const isStaffReroute = (e: TimelineEvent) => e.type === "rerouted" && e.actor !== "system";

const STALE_REROUTE = "Someone else has just re-routed this case. Check where it is now, then choose again";

/** How staff record a reason or note. */
export interface EntryOptions {
  /**
   * Show the text to the parish clerk. Without it a clerk sees that the status changed, not why,
   * and not the note at all: staff write about residents and officers freely.
   */
  visibleToParish?: boolean;
}

const visibility = (options: EntryOptions): Record<string, boolean> =>
  options.visibleToParish ? { visibleToParish: true } : {};

/** What staff tell the public with a status change (served to Open311 clients). */
export interface PublicUpdateInput {
  text: string;
  /** Defaults from the case's new status (`DEFAULT_PUBLIC_STATUS`). */
  status?: string;
}

export interface StatusChangeOptions extends EntryOptions {
  /** Empty or absent text: no public update. */
  publicUpdate?: PublicUpdateInput;
  /** The form's key: a retried form stores its public update once. Needed with `publicUpdate`. */
  actionKey?: string;
  /**
   * Email the public update to the resident, if they asked for progress (`Reporter.wantsUpdates`)
   * and gave an address: staff choose it on the status form; clerks' email answers always do.
   */
  emailResident?: boolean;
  /**
   * The clerk's one-click link that did this (`ClerkLinkClaims.linkId`), kept in each event's
   * data: a retried answer finds how far its first attempt got, and a used link says when.
   */
  linkId?: string;
}

/** A staff re-route's options; a clerk's "not for us" answer re-routes with its own rule and words. */
export interface RerouteOptions {
  /** The destination code staff saw: someone else's move since then is not overwritten. */
  from?: string;
  /** The routing decision's rule (default `STAFF_REROUTE_RULE`). */
  ruleId?: string;
  /** Who re-routed it, in the timeline's and routing reason's words (default "staff"). */
  by?: string;
  /** As `StatusChangeOptions.linkId`. */
  linkId?: string;
}

const linkData = (linkId: string | undefined): Record<string, string> => (linkId ? { linkId } : {});

/**
 * What staff do to a case from the case log, each recorded on the timeline with who did it. Each
 * is idempotent: a status change to the status the case already has changes nothing (beyond a
 * public update not yet stored), and a note or public update carries a key from the form so a
 * double submission adds it once.
 */
export function createStaffActions(deps: {
  caseStore: CaseStore;
  clock: Clock;
  ids: Ids;
  queue?: Queue;
  publicUpdates?: PublicUpdates;
}) {
  /**
   * Changes the staff status with an internal reason, and stores the public update if one is
   * given, after the status (a retried form whose status already went through stores it then).
   */
  async function changeStatus(
    reference: string,
    to: CaseStatus,
    reason: string,
    actor: string,
    options: StatusChangeOptions = {},
  ): Promise<"changed" | "unchanged"> {
    const current = await deps.caseStore.get(reference);
    if (!current) throw new NotFoundError(`No case ${reference}`);
    const update = checkPublicUpdate(options.publicUpdate, to);
    if (current.status === to) {
      if (update.issues.length) throw new ValidationError(update.issues);
      // A retried form whose status went through: its public update may not have. A form sent
      // for the first time with the status the case has says nothing new unless it has words.
      if (update.value && deps.publicUpdates && (options.actionKey || update.value.text)) {
        await addPublicUpdate(current, update.value, actor, options.actionKey, {
          onlyIfEarlier: !update.value.text,
          ...(options.emailResident ? { emailResident: true } : {}),
          ...(options.linkId ? { linkId: options.linkId } : {}),
        });
      }
      return "unchanged";
    }
    const trimmed = reason.trim();
    const issues = [];
    if (!allowedStatusChanges[current.status].includes(to)) {
      issues.push({ field: "status", message: `A ${current.status} case cannot become ${to}` });
    }
    if (!trimmed) issues.push({ field: "reason", message: "Enter the reason for the change" });
    if (trimmed.length > MAX_NOTE_LENGTH) {
      issues.push({ field: "reason", message: `Reason must be ${MAX_NOTE_LENGTH} characters or fewer` });
    }
    const unfit = textIssue(trimmed, "Reason");
    if (unfit) issues.push({ field: "reason", message: unfit });
    issues.push(...update.issues);
    if (issues.length) throw new ValidationError(issues);
    // Only from the status checked above: someone else's change in between is not overwritten.
    const changed = await deps.caseStore.changeStatus(reference, current.status, to);
    if (!changed) {
      throw new ValidationError([
        {
          field: "status",
          message: "Someone else has just changed this case. Check its status and timeline, then try again",
        },
      ]);
    }
    await deps.caseStore.appendEvents(reference, [
      event(
        deps.clock.now(),
        "status-changed",
        `Status ${current.status} → ${to}: ${trimmed}`,
        { from: current.status, to, ...visibility(options), ...linkData(options.linkId) },
        actor,
      ),
    ]);
    // Every change of status is public (words or not): FixMyStreet learns of it only from the
    // updates it polls, so a report closed here without words would stay open there for good. The
    // status write above is conditional, so without a form key a fresh one cannot double it.
    if (update.value && deps.publicUpdates) {
      await addPublicUpdate(current, update.value, actor, options.actionKey ?? deps.ids.uuid(), {
        ...(options.emailResident ? { emailResident: true } : {}),
        ...(options.linkId ? { linkId: options.linkId } : {}),
      });
    }
    return "changed";
  }

  /**
   * A public update without a change of status: its public status is the default for the case's
   * status as it is now. Stored once per action key, like the status form's.
   */
  async function tellPublic(
    reference: string,
    text: string,
    actor: string,
    options: { actionKey: string } & Pick<StatusChangeOptions, "emailResident" | "linkId">,
  ): Promise<void> {
    const current = await deps.caseStore.get(reference);
    if (!current) throw new NotFoundError(`No case ${reference}`);
    const update = checkPublicUpdate({ text }, current.status);
    if (update.issues.length || !update.value) throw new ValidationError(update.issues);
    await addPublicUpdate(current, update.value, actor, options.actionKey, {
      ...(options.emailResident ? { emailResident: true } : {}),
      ...(options.linkId ? { linkId: options.linkId } : {}),
    });
  }

  /** Stores a checked public update once per form, and records it on the timeline for everyone. */
  async function addPublicUpdate(
    current: Case,
    update: { text: string; status: PublicStatus },
    actor: string,
    actionKey: string | undefined,
    options: { onlyIfEarlier?: boolean; emailResident?: boolean; linkId?: string } = {},
  ): Promise<void> {
    const store = deps.publicUpdates;
    if (!store) throw new Error("Public updates need their store");
    if (!actionKey) throw new Error("A public update needs the form's action key");
    let updateId = deps.ids.uuid();
    const mine = attemptClaim(current.reference, updateId, deps.clock.now());
    const holder = await deps.caseStore.claimIdempotencyKey(
      `public-update#${actionKey}`,
      mine,
      current.retainUntil,
    );
    const earlier = holder !== mine;
    if (!earlier && options.onlyIfEarlier) return;
    if (earlier) {
      // The same form again: an attempt that claimed the key may have stopped before its writes
      // (a throttle, a timeout). One still at work (a double click) is left to finish. Done if its
      // update reached the timeline; else it is finished now (stored again, if only the timeline
      // write failed, under the same update_id and a later time: clients take an update_id once).
      if (stillInFlight(holder, deps.clock.now())) return;
      updateId = claimedAttempt(holder).attemptId;
      const timeline = await deps.caseStore.timeline(current.reference);
      if (timeline.some((e) => e.type === "public-update" && e.data?.updateId === updateId)) return;
    }
    const now = deps.clock.now();
    await store.add({
      updateId,
      ...(current.council ? { council: current.council } : {}),
      reference: current.reference,
      status: update.status,
      text: update.text,
      // To the millisecond, so two updates in one second are served in the order written; the
      // served time is cut to the second (and the window read to its second's end).
      at: now.toISOString(),
      retainUntil: current.retainUntil,
    });
    // Queued before the timeline entry: a form retried after a failure here finishes both, and the
    // consumer emails each update once.
    if (options.emailResident && wantsUpdates(current)) {
      const queue = deps.queue;
      if (!queue) throw new Error("Emailing the resident needs the dispatch queue");
      await queue.send({
        reference: current.reference,
        residentUpdate: { updateId, status: update.status, text: update.text },
      });
    }
    await deps.caseStore.appendEvents(current.reference, [
      event(
        now,
        "public-update",
        `Told the public “${PUBLIC_STATUSES[update.status].label}”${update.text ? `: ${update.text}` : ""}`,
        // The text too, so "Check your report" shows the latest update from the timeline alone.
        {
          updateId,
          status: update.status,
          text: update.text,
          visibleToParish: true,
          ...linkData(options.linkId),
        },
        actor,
      ),
    ]);
  }

  async function addNote(
    reference: string,
    text: string,
    actor: string,
    actionKey: string,
    options: EntryOptions = {},
  ): Promise<"added" | "duplicate"> {
    const current = await deps.caseStore.get(reference);
    if (!current) throw new NotFoundError(`No case ${reference}`);
    const trimmed = text.trim();
    if (!trimmed) throw new ValidationError([{ field: "note", message: "Enter a note" }]);
    if (trimmed.length > MAX_NOTE_LENGTH) {
      throw new ValidationError([
        { field: "note", message: `Note must be ${MAX_NOTE_LENGTH} characters or fewer` },
      ]);
    }
    const unfit = textIssue(trimmed, "Note");
    if (unfit) throw new ValidationError([{ field: "note", message: unfit }]);
    // The key is bound once; a second submission of the same form finds it held by the first.
    const mine = `${reference}#${deps.ids.uuid()}`;
    const holder = await deps.caseStore.claimIdempotencyKey(`note#${actionKey}`, mine, current.retainUntil);
    if (holder !== mine) return "duplicate";
    await deps.caseStore.appendEvents(reference, [
      event(
        deps.clock.now(),
        "note",
        trimmed,
        options.visibleToParish ? visibility(options) : undefined,
        actor,
      ),
    ]);
    return "added";
  }

  /**
   * Sends the case to another parish or the district, for the reason staff give: the destination
   * and its routing decision change (so the case says why it is where it is), the case is queued,
   * and dispatch emails the new recipient (its send claim stops a duplicate) with the resident's
   * contact details only if they agreed to share them with it. Not while a send is in flight, and
   * not if someone else moved the case since staff chose (`from`, the destination they saw).
   */
  async function reroute(
    reference: string,
    to: Destination,
    reason: string,
    actor: string,
    options: RerouteOptions = {},
  ): Promise<"rerouted" | "unchanged"> {
    const queue = deps.queue;
    if (!queue) throw new Error("Re-routing needs the dispatch queue");
    const current = await deps.caseStore.get(reference);
    if (!current) throw new NotFoundError(`No case ${reference}`);
    // A form sent twice: the first moved the case. If its job never reached the queue, the case is
    // left `queued` and untouched, which the requeue sweep finds and queues (one job, not one a retry).
    if (current.destination.code === to.code) return "unchanged";
    if (options.from !== undefined && current.destination.code !== options.from) {
      throw new ValidationError([{ field: "destination", message: STALE_REROUTE }]);
    }
    const trimmed = checkedReason(reason, "Enter why you are re-routing the case");
    const by = options.by ?? "staff";
    // The reason rides on the case item with the move (one write: never a move without its entry),
    // so the number of re-routes a case may have is capped to keep the item far below DynamoDB's
    // 400 KB (see MAX_STAFF_REROUTES).
    const timeline = await deps.caseStore.timeline(reference);
    if (timeline.filter(isStaffReroute).length >= MAX_STAFF_REROUTES) {
      throw new ValidationError([{ field: "destination", message: TOO_MANY_REROUTES }]);
    }
    const moved = await deps.caseStore.transitionDelivery(
      reference,
      // A held case too: it leaves the digest it was waiting for and goes to the new recipient.
      ["queued", "sent", "unconfirmed", "failed", "held"],
      {
        delivery: "queued",
        destination: to,
        // Where the point fell stays: consent given at submission is read against it.
        routing: {
          ruleId: options.ruleId ?? STAFF_REROUTE_RULE,
          requested: destinationTarget(to),
          area: current.routing.area,
          reason: `Re-routed by ${by}: ${trimmed}`,
        },
      },
      [
        event(
          deps.clock.now(),
          "rerouted",
          `Re-routed by ${by} from ${current.destination.name} to ${to.name}` +
            (mayShareWith(current, to) ? "" : WITHOUT_CONTACT) +
            `: ${trimmed}`,
          { from: current.destination.code, to: to.code, ...linkData(options.linkId) },
          actor,
        ),
      ],
      // Only from the body read above: two moves at once (a double click) write one.
      { destination: current.destination.code },
    );
    if (!moved) {
      const now = await deps.caseStore.get(reference);
      if (now?.destination.code === to.code) return "unchanged";
      if (now && now.destination.code !== current.destination.code) {
        throw new ValidationError([{ field: "destination", message: STALE_REROUTE }]);
      }
      throw new ValidationError([
        { field: "destination", message: "The case is being sent now; try again in a minute" },
      ]);
    }
    // If this fails the case is queued with no job: the requeue sweep queues it.
    await queue.send({ reference });
    return "rerouted";
  }

  return { changeStatus, tellPublic, addNote, reroute };
}

/**
 * A public update as given, checked: its text may be empty (the status alone is news to the
 * public), and its status must fit the case's new status (the default for it when none is chosen).
 */
function checkPublicUpdate(
  given: PublicUpdateInput | undefined,
  to: CaseStatus,
): { value?: { text: string; status: PublicStatus }; issues: { field: string; message: string }[] } {
  const text = given?.text.trim() ?? "";
  const chosen = given?.status?.trim() || undefined;
  const issues = [];
  if (chosen !== undefined && !(isPublicStatus(chosen) && PUBLIC_STATUSES[chosen].fits === to)) {
    issues.push({
      field: "publicStatus",
      message: "Choose what the public are told from those that fit the new status",
    });
  }
  if (text.length > MAX_NOTE_LENGTH) {
    issues.push({
      field: "publicUpdate",
      message: `Update for the public must be ${MAX_NOTE_LENGTH} characters or fewer`,
    });
  }
  const unfit = textIssue(text, "Update for the public");
  if (unfit) issues.push({ field: "publicUpdate", message: unfit });
  if (issues.length) return { issues };
  const status = chosen !== undefined && isPublicStatus(chosen) ? chosen : DEFAULT_PUBLIC_STATUS[to];
  return { value: { text, status }, issues };
}

/** A staff reason as a status change takes it: required, at most `MAX_NOTE_LENGTH`, fit to show. */
export function checkedReason(reason: string, missing: string): string {
  const trimmed = reason.trim();
  const issues = [];
  if (!trimmed) issues.push({ field: "reason", message: missing });
  if (trimmed.length > MAX_NOTE_LENGTH) {
    issues.push({ field: "reason", message: `Reason must be ${MAX_NOTE_LENGTH} characters or fewer` });
  }
  const unfit = textIssue(trimmed, "Reason");
  if (unfit) issues.push({ field: "reason", message: unfit });
  if (issues.length) throw new ValidationError(issues);
  return trimmed;
}

/**
 * Staff text follows the residents' free-text rules: it is shown to clerks (when marked for the
 * parish) and exported, so nothing may reorder what follows it or fail to encode.
 */
function textIssue(text: string, what: string): string | undefined {
  if (!isWellFormed(text)) return textMessages.illFormed(what);
  if (NOT_IN_FREE_TEXT.test(text)) return textMessages.freeText(what);
  return undefined;
}
