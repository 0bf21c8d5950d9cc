import { FALLBACK_RULES, fallbackRouting } from "../case/fallback-routing.js";
import type { ProgressStopReason } from "../case/progress-emails.js";
import { event, type TimelineEvent } from "../case/timeline.js";
import type { Councils } from "../councils/councils.js";
import type { CaseStore } from "../ports/case-store.js";
import type { ClerkBounces } from "../ports/clerk-bounces.js";
import type { Clock } from "../ports/clock.js";
import type { DigestContents } from "../ports/held-reports.js";
import type { MessageKind } from "../ports/mailer.js";
import type { Queue } from "../ports/queue.js";
import { councilDestination } from "./choose-recipient.js";
import { stopProgressEmails } from "./stop-progress-emails.js";

const CLERK_BOUNCED = "the parish clerk's address bounced permanently";
const bodyBounced = (name: string) => `${name}'s address bounced permanently`;

/** What the mail provider told us happened to a message we sent. */
export interface DeliveryNotice {
  reference: string;
  kind: "delivered" | "bounced" | "complained";
  recipients: string[];
  messageId: string;
  /** e.g. "Permanent/General" for a bounce. */
  detail?: string;
  /** Which message it was about, from its tag; absent on mail sent before the tag (read as a report). */
  messageKind?: MessageKind;
}

export interface RecordDeliveryEventDeps {
  caseStore: CaseStore;
  queue: Queue;
  clock: Clock;
  /** The councils: a bounced parish's or body's case goes back to its own. */
  councils: Councils;
  /** What each digest email carried, so its notices reach every case in it. */
  digestContents: Pick<DigestContents, "referencesOf">;
  /** Where a clerk's permanent bounce is noted for the clerk directory page (absent: not noted). */
  clerkBounces?: Pick<ClerkBounces, "record">;
}

const REPORT_SUMMARIES = {
  delivered: "Report email delivered",
  bounced: "Report email bounced",
  complained: "Report email marked as spam",
} as const;

const ACKNOWLEDGEMENT_SUMMARIES = {
  delivered: "Acknowledgement delivered",
  bounced: "Acknowledgement bounced",
  complained: "Acknowledgement marked as spam",
} as const;

/** A progress email to the resident: a bounce says the address may be wrong, for staff to check. */
const RESIDENT_UPDATE_SUMMARIES = {
  delivered: "Progress email to the resident delivered",
  bounced: "Progress email to the resident bounced: their email address may be wrong",
  complained: "Progress email to the resident marked as spam",
} as const;

/**
 * Puts a provider's delivery, bounce or complaint notice on the case's timeline. No summary names
 * anyone: a report's recipients go in the event's data, which only district staff see, and the
 * resident's acknowledgement and progress emails keep no address at all (nor change the report's
 * delivery state); a permanent bounce or a complaint about one of those stops the resident's
 * progress emails, with a timeline entry saying why. A permanent bounce from the parish clerk the
 * case was sent to re-routes it to the district, which is sent next. A digest's notice goes to
 * every case the digest carried, so a clerk's address that bounces a digest re-routes each of its
 * cases too. Unknown references (mail not sent by Signpost, or a case past retention) are ignored.
 */
export function createRecordDeliveryEvent(deps: RecordDeliveryEventDeps) {
  return async function recordDeliveryEvent(
    notice: DeliveryNotice,
  ): Promise<"recorded" | "rerouted" | "unknown-case"> {
    // A notice to staff carries no case; its events are not read against the table.
    if (notice.messageKind === "staff-notice") return "unknown-case";
    if (notice.messageKind === "digest") {
      const references = await deps.digestContents.referencesOf(notice.reference);
      if (references.length === 0) return "unknown-case";
      const outcomes = [];
      // One case at a time: a digest carries at most a few dozen, and each is one or two writes.
      for (const reference of references)
        outcomes.push(await reportNotice(reference, notice, " in a daily digest"));
      return outcomes.includes("rerouted")
        ? "rerouted"
        : outcomes.includes("recorded")
          ? "recorded"
          : "unknown-case";
    }
    // The resident's own emails never move the report's delivery state: only what happened to them.
    if (notice.messageKind === "acknowledgement" || notice.messageKind === "resident-update") {
      const recorded = await deps.caseStore.recordEvents(notice.reference, [
        residentEvent(notice, notice.messageKind),
      ]);
      if (!recorded) return "unknown-case";
      // An address that bounces for good, or a resident who reports us as spam, gets no more.
      const stop = residentStop(notice);
      if (stop) await stopProgressEmails(deps, recorded, stop);
      return "recorded";
    }

    return reportNotice(notice.reference, notice);
  };

  /** A notice about the email that carried a case (its own, or a digest it was in). */
  async function reportNotice(
    reference: string,
    notice: DeliveryNotice,
    carriedBy = "",
  ): Promise<"recorded" | "rerouted" | "unknown-case"> {
    // One write records the notice and reads the case back; nothing is written for an unknown one.
    const report = await deps.caseStore.recordEvents(reference, [reportEvent(notice, carriedBy)]);
    if (!report) return "unknown-case";
    const toRecipient = report.recipient !== undefined && notice.recipients.includes(report.recipient);
    // SES's word that it arrived settles a send whose result was never recorded.
    if (notice.kind === "delivered" && toRecipient && report.delivery === "unconfirmed") {
      await deps.caseStore.transitionDelivery(reference, ["unconfirmed"], { delivery: "sent" });
    }

    // A permanent bounce from anyone but the council's own team: the case goes back to its council.
    const bounced =
      notice.kind === "bounced" &&
      notice.detail?.startsWith("Permanent") &&
      report.destination.kind !== "district" &&
      toRecipient;
    if (!bounced) return "recorded";
    if (report.destination.kind === "parish") {
      // Noted for staff before the re-route, so the directory page shows which address bounced.
      await deps.clerkBounces?.record({
        parishCode: report.destination.code,
        address: report.recipient ?? "",
        at: deps.clock.now().toISOString(),
        reference,
        ...(notice.detail ? { detail: notice.detail } : {}),
      });
    }

    const council = deps.councils.of(report);
    const district = councilDestination(council);
    const [rule, why] =
      report.destination.kind === "parish"
        ? [FALLBACK_RULES.clerkBounced, CLERK_BOUNCED]
        : [FALLBACK_RULES.bodyBounced, bodyBounced(report.destination.name)];
    const moved = await deps.caseStore.transitionDelivery(
      reference,
      ["sent", "unconfirmed"],
      {
        delivery: "queued",
        destination: district,
        routing: fallbackRouting(report, rule, why, council.name),
      },
      [
        event(deps.clock.now(), "rerouted", `Re-routed to ${council.name} because ${why}`, {
          from: report.destination.code,
          to: district.code,
          bounced: report.recipient ?? "",
        }),
      ],
    );
    if (!moved) return "recorded";
    await deps.queue.send({ reference });
    return "rerouted";
  }

  /** A report's notice: the council addresses it went to are kept in data, for district staff. */
  function reportEvent(notice: DeliveryNotice, carriedBy = ""): TimelineEvent {
    const summary = REPORT_SUMMARIES[notice.kind] + carriedBy + (notice.detail ? ` (${notice.detail})` : "");
    return event(deps.clock.now(), typeOf(notice), summary, {
      messageId: notice.messageId,
      recipients: notice.recipients.join(", "),
      ...(notice.detail ? { detail: notice.detail } : {}),
    });
  }

  /** An email to the resident (acknowledgement or progress email): what happened, never to whom. */
  function residentEvent(
    notice: DeliveryNotice,
    message: "acknowledgement" | "resident-update",
  ): TimelineEvent {
    const summaries = message === "acknowledgement" ? ACKNOWLEDGEMENT_SUMMARIES : RESIDENT_UPDATE_SUMMARIES;
    return event(deps.clock.now(), typeOf(notice), summaries[notice.kind], {
      messageId: notice.messageId,
      message,
      ...(notice.detail ? { detail: notice.detail } : {}),
    });
  }
}

/** Whether a notice about the resident's own email stops their progress emails, and why. */
function residentStop(notice: DeliveryNotice): ProgressStopReason | undefined {
  if (notice.kind === "complained") return "complained";
  if (notice.kind === "bounced" && notice.detail?.startsWith("Permanent")) return "bounced";
  return undefined;
}

const typeOf = (notice: DeliveryNotice) => (notice.kind === "complained" ? "bounced" : notice.kind);
