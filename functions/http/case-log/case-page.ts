import type { Case, CaseStatus } from "#core/case/case.js";
import { mayShareWith } from "#core/case/consent.js";
import { wantsUpdates } from "#core/case/progress-emails.js";
import { DEFAULT_PUBLIC_STATUS, PUBLIC_STATUSES, publicStatusesFor } from "#core/case/public-update.js";
import { parseReference } from "#core/case/reference.js";
import { answerWords, serviceName } from "#core/services/answer-words.js";
import { allowedStatusChanges } from "#core/use-cases/staff-actions.js";
import type { FieldError } from "../form-errors.js";
import { page } from "../page-result.js";
import { bodyNames, kindWords } from "./body-names.js";
import { bannerFor } from "./case-banners.js";
import { type CaseLogContext, type CaseLogResult, canSee } from "./case-log-types.js";
import { caseMapView } from "./case-map.js";
import { clientDataView } from "./client-data-view.js";
import { rerouteChoices } from "./council-bodies.js";
import { deliveryLabels, formatTime, statusLabels } from "./labels.js";
import { notFound, staffPaths } from "./paths.js";
import {
  mayHaveContact,
  sharedWithNames,
  visibleCase as caseAsSeenBy,
  visibleReporter,
  visibleRoutingReason,
  visibleTimeline,
} from "./role-view.js";
import type { StaffIdentity } from "./token-verifier.js";

/** The case the path names, if this person may see it. */
export async function visibleCase(ctx: CaseLogContext): Promise<Case | undefined> {
  const reference = parseReference(ctx.request.param);
  const found = reference ? await ctx.deps.caseStore.get(reference) : undefined;
  return found && ctx.identity && canSee(ctx.identity, found, ctx.deps.councils) ? found : undefined;
}

export async function casePage(
  ctx: CaseLogContext,
  errors: FieldError[] = [],
  values: Record<string, string> = {},
): Promise<CaseLogResult> {
  const { deps, identity } = ctx;
  const found = await visibleCase(ctx);
  if (!found || !identity) return notFound();
  const timeline = await deps.caseStore.timeline(found.reference);
  const isStaff = identity.role === "staff";
  const names = bodyNames(deps);
  // The resident's details: all staff; a clerk only where the resident agreed to share them with
  // the clerk's own council.
  const reporter = visibleReporter(identity, found);
  const sharedWith = sharedWithNames(found, deps.areas, (a) => names.of(a).name);
  const sentTo = names.of(found.destination);
  return page(
    "case.njk",
    {
      title: `Case ${found.reference}`,
      identity,
      isStaff,
      banner: errors.length ? undefined : bannerFor(ctx.request.query, found, names),
      report: caseAsSeenBy(identity, found),
      serviceName: serviceName(deps.services, found.service),
      status: statusLabels[found.status],
      delivery: deliveryLabels[found.delivery],
      recipient: isStaff ? found.recipient : undefined,
      created: formatTime(found.createdAt),
      answers: answerWords(
        deps.services.find((s) => s.id === found.service),
        found.answers,
      ),
      sentTo: {
        name: sentTo.name,
        kind: kindWords(sentTo),
        // A body beyond the council has an id, not an area code: its kind says what it is.
        code: found.destination.kind === "body" ? undefined : found.destination.code,
      },
      why: {
        reason: visibleRoutingReason(identity, found),
        // The service's own words for the rule that routed it, where the rule is one of the
        // service's (a staff re-route or a fallback explains itself in `reason`).
        ruleText: deps.services
          .find((s) => s.id === found.service)
          ?.rules.find((r) => r.id === found.routing.ruleId)?.description,
        rule: found.routing.ruleId,
        area: found.routing.area.name,
      },
      reporter,
      clientData: clientDataView(identity, found),
      consent: isStaff
        ? sharedWith.length
          ? `Agreed to share their details with ${sharedWith.join(", ")}`
          : "Did not agree to share their details with a parish council"
        : "Agreed to share their details with your council",
      timeline: visibleTimeline(timeline, identity, {
        bodyName: names.byCode,
        bodyNameForArea: names.byAreaName,
      }).map((e) => ({ ...e, when: formatTime(e.at) })),
      noteHint: isStaff
        ? "A parish clerk sees a note only if you tick “Show this to the parish council”. Do not tick it for a note that names anyone."
        : "Council staff can see your notes.",
      statusChoices: allowedStatusChanges[found.status].map((s) => ({
        value: s,
        text: statusLabels[s],
        checked: values.status === s,
      })),
      ...publicStatusView(allowedStatusChanges[found.status], values.publicStatus),
      emailResident: emailResidentView(identity, found, values),
      statusKey: deps.ids.uuid(),
      noteKey: deps.ids.uuid(),
      canRedrive:
        deps.redrive !== undefined &&
        identity.role === "staff" &&
        ["failed", "unconfirmed"].includes(found.delivery),
      actions: {
        status: staffPaths.status(found.reference),
        notes: staffPaths.notes(found.reference),
        redrive: staffPaths.redrive(found.reference),
        reroute: staffPaths.reroute(found.reference),
        stopProgressEmails: staffPaths.stopProgressEmails(found.reference),
      },
      map: caseMapView(deps, found),
      rerouteOptions: isStaff
        ? rerouteChoices(deps, found)
            .filter((a) => a.code !== found.destination.code)
            .map((a) => ({
              value: a.code,
              text:
                a.kind === "parish" && mayShareWith(found, a)
                  ? `${names.of(a).name} (the resident agreed to share their details with it)`
                  : names.of(a).name,
              selected: values.destination === a.code,
            }))
        : undefined,
      values,
    },
    errors,
  );
}

/**
 * What the public may be told with each status the case can move to, in words, one group (radios
 * that reveal a group per status would need ARIA that radios may not carry). Each says which status
 * it goes with when there is more than one; the action refuses one that does not fit.
 */
function publicStatusView(targets: CaseStatus[], chosen: string | undefined) {
  const described = targets.length > 1;
  return {
    publicStatusChoices: targets.flatMap((to) =>
      publicStatusesFor(to).map((p) => ({
        value: p,
        text: PUBLIC_STATUSES[p].label,
        checked: chosen === p,
        ...(described ? { hint: { text: `If you change the status to ${statusLabels[to]}` } } : {}),
      })),
    ),
    publicStatusHint:
      "Only with an update for the public. If you choose none, they are told " +
      targets.map((to) => `“${PUBLIC_STATUSES[DEFAULT_PUBLIC_STATUS[to]].label}”`).join(" or ") +
      (described ? ", to match the new status." : "."),
  };
}

/**
 * "Email this update to the resident". To whoever may have the resident's details (staff, a clerk
 * they shared them with) it is offered only while the resident gets progress emails, with "Stop
 * progress emails" beside it; else a line says why not. A clerk they did not share their details
 * with must not learn that they gave an address or asked: the box is always offered, in words that
 * hold whatever the resident chose, and the core sends only if they asked (`wantsUpdates`).
 * Ticked at first: what goes is the public update, public already; staff untick it for a change
 * that is no news to the resident. Shown again after an error as it was sent (the hidden
 * `emailResidentOffered` tells an unticked box from a first showing).
 */
function emailResidentView(identity: StaffIdentity, report: Case, values: Record<string, string>) {
  const sent = values.emailResidentOffered === "yes";
  const checked = sent ? values.emailResident === "yes" : true;
  if (!mayHaveContact(identity, report)) {
    return {
      offered: true,
      checked,
      canStop: false,
      label: "Email this update to the resident if they asked for progress emails",
      hint: "Signpost emails the resident the status and the update for the public only if they asked for progress emails, never the reason or your name.",
    };
  }
  if (!wantsUpdates(report)) {
    return {
      offered: false,
      canStop: false,
      notSent: report.progressEmailsStoppedAt
        ? "Progress emails to the resident have stopped, so they are not emailed about this change."
        : "The resident did not ask for progress emails, so they are not emailed about this change.",
    };
  }
  return {
    offered: true,
    checked,
    canStop: true,
    label: "Email this update to the resident",
    hint: "The resident asked to be emailed when there is progress. They get the status and the update for the public, never the reason or your name. If they ask us to stop, use “Stop progress emails” instead.",
  };
}
