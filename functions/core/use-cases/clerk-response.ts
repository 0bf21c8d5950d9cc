import type { Case } from "../case/case.js";
import { wantsUpdates } from "../case/progress-emails.js";
import type { TimelineEvent } from "../case/timeline.js";
import type { Councils } from "../councils/councils.js";
import { clerkLinkActor } from "../links/clerk-actor.js";
import type { ClerkAction, ClerkLinkClaims } from "../links/clerk-link.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Ids } from "../ports/ids.js";
import type { LinkSigner } from "../ports/link-signer.js";
import { attemptClaim, stillInFlight } from "./attempt-claim.js";
import { councilDestination } from "./choose-recipient.js";
import { checkedReason, type createStaffActions } from "./staff-actions.js";

/** The routing decision's rule when a clerk answers "not for us" from the report email. */
export const CLERK_NOT_FOR_US_RULE = "clerk-not-for-us";

/**
 * Where a clerk's link stands. `ready` shows the choice (GET) or acts (POST); every other state
 * is a page of its own that says what to do instead.
 */
export type ClerkLinkState =
  /** Malformed, badly signed, signed by an unknown key, or for no case: one answer for all. */
  | { kind: "invalid" }
  | { kind: "expired" }
  | { kind: "used"; claims: ClerkLinkClaims; report: Case; at: string }
  /** Another press of the same link (a double click) is acting on it now. */
  | { kind: "in-hand"; claims: ClerkLinkClaims; report: Case }
  /** The case is no longer with the body the email went to. */
  | { kind: "moved"; claims: ClerkLinkClaims; report: Case }
  | { kind: "closed"; claims: ClerkLinkClaims; report: Case }
  | { kind: "already-in-progress"; claims: ClerkLinkClaims; report: Case }
  | { kind: "ready"; claims: ClerkLinkClaims; report: Case };

export type ClerkLinkOutcome =
  | ClerkLinkState
  /** `residentEmailed`: the resident asked for progress emails, so this answer's update is queued to them. */
  | { kind: "done"; claims: ClerkLinkClaims; report: Case; residentEmailed: boolean };

export interface ClerkResponseDeps {
  signer: LinkSigner;
  caseStore: CaseStore;
  clock: Clock;
  ids: Ids;
  actions: Pick<ReturnType<typeof createStaffActions>, "changeStatus" | "tellPublic" | "reroute">;
  /** Where "not for us" sends a case: back to its own council's team. */
  councils: Councils;
  /** A body's own name by its area code ("Ashcombe Parish Council"). */
  bodyName: (code: string) => string;
}

/**
 * A clerk's one-click answers from the report email, without an account. `inspect` only reads
 * (the GET: a mail scanner following every link changes nothing); `respond` acts, once per link.
 *
 * Each link works once: its id is claimed on first use, and every event its answer writes carries
 * the id. The answer is done when its public update is on the timeline (the last write of every
 * answer), so a link whose answer is there has been used. A press while another is at work on the
 * same link (its claim under `ATTEMPT_IN_FLIGHT_MS` old) does nothing and says so; a POST sent
 * again after an attempt that stopped half-way (its claim older, its update not written) finishes
 * that answer instead, each step being idempotent under keys made from the link's id.
 */
export function createClerkResponse(deps: ClerkResponseDeps) {
  async function inspect(token: string): Promise<ClerkLinkState> {
    const check = await deps.signer.verify(token, deps.clock.now());
    if (!check.ok) return check.refusal === "expired" ? { kind: "expired" } : { kind: "invalid" };
    const { claims } = check;
    const report = await deps.caseStore.get(claims.reference);
    if (!report) return { kind: "invalid" };
    // A council's team has nowhere to send a case back to: its emails carry no such link.
    if (claims.action === "not-for-us" && deps.councils.byArea(claims.destination))
      return { kind: "invalid" };
    const mine = (await deps.caseStore.timeline(claims.reference)).filter(
      (e) => e.data?.linkId === claims.linkId,
    );
    const finished = mine.find(isAnswer);
    if (finished) return { kind: "used", claims, report, at: finished.at };
    // An answer begun by this link (a status changed, a case sent back) is finished, not refused.
    if (mine.length === 0 && report.destination.code !== claims.destination) {
      return { kind: "moved", claims, report };
    }
    // No answer reopens, moves or speaks of a closed case; none closes one, so none is half-way here.
    if (report.status === "closed") return { kind: "closed", claims, report };
    if (mine.length === 0 && claims.action === "in-progress" && report.status === "in-progress") {
      return { kind: "already-in-progress", claims, report };
    }
    return { kind: "ready", claims, report };
  }

  async function respond(token: string, form: { reason?: string }): Promise<ClerkLinkOutcome> {
    const state = await inspect(token);
    if (state.kind !== "ready") return state;
    const { claims, report } = state;
    // Checked before the claim: a reason left out does not use up the link.
    const reason =
      claims.action === "not-for-us"
        ? checkedReason(form.reason ?? "", "Enter why this report is not for your council")
        : "";
    // The link's one use. Held by another attempt still at work (a double click, parallel POSTs):
    // left to it. Held by an older one whose answer is not on the timeline: it died, this finishes it.
    const mine = attemptClaim(claims.reference, deps.ids.uuid(), deps.clock.now());
    const holder = await deps.caseStore.claimIdempotencyKey(
      `clerk-link#${claims.linkId}`,
      mine,
      Math.max(claims.expiresAt, report.retainUntil),
    );
    if (holder !== mine && stillInFlight(holder, deps.clock.now()))
      return { kind: "in-hand", claims, report };
    const actor = clerkLinkActor(claims.destination);
    const body = deps.bodyName(claims.destination);
    const common = { actionKey: `clerk-link-${claims.linkId}`, emailResident: true, linkId: claims.linkId };
    switch (claims.action) {
      case "received":
        await deps.actions.tellPublic(claims.reference, ANSWER_WORDS.received(body), actor, common);
        break;
      case "in-progress":
        await deps.actions.changeStatus(
          claims.reference,
          "in-progress",
          `${body} answered the report email: in progress`,
          actor,
          { ...common, publicUpdate: { text: ANSWER_WORDS["in-progress"](body), status: "in-progress" } },
        );
        break;
      case "not-for-us": {
        const council = deps.councils.of(report);
        await deps.actions.reroute(claims.reference, councilDestination(council), reason, actor, {
          from: claims.destination,
          ruleId: CLERK_NOT_FOR_US_RULE,
          by: `the clerk of ${body}, by email link`,
          linkId: claims.linkId,
        });
        await deps.actions.tellPublic(
          claims.reference,
          ANSWER_WORDS["not-for-us"](body, council.name),
          actor,
          common,
        );
        break;
      }
    }
    return {
      kind: "done",
      claims,
      report: (await deps.caseStore.get(claims.reference)) ?? report,
      residentEmailed: wantsUpdates(report),
    };
  }

  return { inspect, respond };
}

/** The answer's last write: its public update. */
const isAnswer = (e: TimelineEvent) => e.type === "public-update";

/** What the resident (and Open311 clients) are told of each answer: fixed words, never the clerk's. */
export const ANSWER_WORDS = {
  received: (body: string) => `${body} has received your report and will look at it.`,
  "in-progress": (body: string) => `${body} is dealing with your report.`,
  "not-for-us": (body: string, council: string) =>
    `${body} has passed your report to ${council}, who will look at it.`,
} satisfies Record<ClerkAction, (...names: string[]) => string>;
