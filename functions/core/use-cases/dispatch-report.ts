import type { Case, Destination } from "../case/case.js";
import { event, type TimelineEvent } from "../case/timeline.js";
import { renderAcknowledgementEmail } from "../email/acknowledgement-email.js";
import { renderReportEmail } from "../email/report-email.js";
import { NotFoundError, SendInProgressError, UpstreamError } from "../errors.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { ClerkContact, Directory } from "../ports/directory.js";
import type { Mailer } from "../ports/mailer.js";
import type { ServiceDefinition } from "../routing/service-schema.js";

export interface DistrictContact {
  /** The district's ONS code and area name, as in the boundary data. */
  code: string;
  name: string;
  /** The council's name as residents know it, e.g. "Exampleshire Vale District Council". */
  councilName: string;
  /** The district team's mailbox: the fallback for every report a parish cannot take. */
  email: string;
}

export interface DispatchReportDeps {
  services: ReadonlyMap<string, ServiceDefinition>;
  caseStore: CaseStore;
  directory: Directory;
  mailer: Mailer;
  clock: Clock;
  district: DistrictContact;
  /**
   * How long a send claim protects an attempt. Longer than the dispatch function can run, so a
   * claim older than this belongs to an attempt that died.
   */
  claimLeaseMs?: number;
}

export type DispatchResult =
  | { outcome: "sent"; recipient: string; destination: Destination["kind"] }
  | { outcome: "already-sent" }
  /** A claimed attempt stopped before recording its result: not sent again, staff told. */
  | { outcome: "unconfirmed" }
  /** Dead-lettered or unconfirmed cases wait for a re-drive; a stray job leaves them alone. */
  | { outcome: "not-queued" };

interface Recipient {
  destination: Destination;
  email: string;
  name: string;
  fallbackReason?: string;
  contact?: ClerkContact;
}

/**
 * Sends a stored case to its recipient. Safe to run again for the same case: a case already sent is
 * left alone. A failure to send is recorded and rethrown so the queue retries (and dead-letters).
 * A report costs four AWS calls here: the claim, the report email, the resident's acknowledgement
 * and one write recording both; the case is read only when the claim is refused.
 */
export function createDispatchReport(deps: DispatchReportDeps) {
  return async function dispatchReport(reference: string): Promise<DispatchResult> {
    // The claim: only one attempt may be between "about to send" and "recorded as sent".
    const report = await deps.caseStore.transitionDelivery(reference, ["queued"], {
      delivery: "sending",
      sendingSince: deps.clock.now().toISOString(),
    });
    if (!report) return refused(reference);

    let recipient: Recipient | undefined;
    let messageId: string;
    let service: ServiceDefinition;
    const rerouted: TimelineEvent[] = [];
    try {
      service = serviceOf(report);
      recipient = await chooseRecipient(report, deps);
      if (recipient.fallbackReason) rerouted.push(fallbackEvent(report, recipient));
      const content = renderReportEmail(
        { ...report, destination: recipient.destination },
        {
          service,
          recipientName: recipient.name,
          districtName: deps.district.councilName,
          ...(recipient.fallbackReason ? { fallbackReason: recipient.fallbackReason } : {}),
        },
      );
      // Reply-To is the resident only where they agreed to share their details with this recipient.
      const replyTo =
        report.reporter?.email &&
        (recipient.destination.kind === "district" || report.reporter.shareWithParish)
          ? [report.reporter.email]
          : [deps.district.email];
      ({ messageId } = await deps.mailer.send({ to: [recipient.email], replyTo, reference, ...content }));
    } catch (error) {
      // Nothing was sent: release the claim so the queue's retry can try again (a fallback chosen
      // stays chosen, so the retry goes straight to the district).
      await deps.caseStore.transitionDelivery(
        reference,
        ["sending"],
        { delivery: "queued", ...(recipient?.fallbackReason ? { destination: recipient.destination } : {}) },
        [
          ...rerouted,
          event(deps.clock.now(), "send-failed", `Could not send to ${recipient?.name ?? "the recipient"}`, {
            ...(recipient ? { recipient: recipient.email } : {}),
            error: describe(error),
          }),
        ],
      );
      throw error;
    }

    const events: TimelineEvent[] = [
      ...rerouted,
      event(deps.clock.now(), "sent", `Emailed to ${recipient.name}`, {
        recipient: recipient.email,
        messageId,
        ...(recipient.contact ? { contactSource: recipient.contact.source } : {}),
        ...(recipient.contact?.fetchedAt ? { contactFetchedAt: recipient.contact.fetchedAt } : {}),
      }),
    ];
    // The acknowledgement goes before the record, so one write records both: the claim's lease and
    // the record budget cover the two sends, and a send that stops here is left `sending`, which
    // the next attempt marks unconfirmed rather than sending twice.
    if (report.reporter?.email) events.push(await acknowledge(report, recipient, service, deps));
    await deps.caseStore.transitionDelivery(
      reference,
      ["sending"],
      {
        delivery: "sent",
        recipient: recipient.email,
        ...(recipient.fallbackReason ? { destination: recipient.destination } : {}),
      },
      events,
    );
    return { outcome: "sent", recipient: recipient.email, destination: recipient.destination.kind };
  };

  function serviceOf(report: Case): ServiceDefinition {
    const service = deps.services.get(report.service);
    if (!service) throw new Error(`Case ${report.reference} names unknown service ${report.service}`);
    return service;
  }

  function fallbackEvent(report: Case, recipient: Recipient): TimelineEvent {
    return event(
      deps.clock.now(),
      "rerouted",
      `Sent to ${recipient.name} instead: ${recipient.fallbackReason}`,
      { from: report.destination.code, to: recipient.destination.code },
    );
  }

  /** Why the claim was refused, read only then: no case, a case done with, or one mid-send. */
  async function refused(reference: string): Promise<DispatchResult> {
    const report = await deps.caseStore.get(reference);
    if (!report) throw new NotFoundError(`No case ${reference}`);
    if (report.delivery === "sent") return { outcome: "already-sent" };
    if (report.delivery === "sending") return abandonedClaim(report);
    if (report.delivery === "queued") {
      // Queued again between the claim and the read: the retry takes it.
      throw new SendInProgressError(`Case ${reference} changed while being claimed`);
    }
    return { outcome: "not-queued" };
  }

  /**
   * A case found mid-send. A live attempt gets time to finish; a dead one may have sent the email
   * before it stopped, so it is never sent again automatically: staff check and re-drive it.
   */
  async function abandonedClaim(report: Case): Promise<DispatchResult> {
    const since = Date.parse(report.sendingSince ?? "") || 0;
    if (deps.clock.now().getTime() - since < (deps.claimLeaseMs ?? 30_000)) {
      throw new SendInProgressError(`Case ${report.reference} is being sent by another attempt`);
    }
    await deps.caseStore.transitionDelivery(report.reference, ["sending"], { delivery: "unconfirmed" }, [
      event(
        deps.clock.now(),
        "send-unconfirmed",
        "An attempt to send stopped before it was recorded; the email may have gone. Not sent again: check and re-drive if needed",
      ),
    ]);
    return { outcome: "unconfirmed" };
  }
}

async function chooseRecipient(report: Case, deps: DispatchReportDeps): Promise<Recipient> {
  const district: Destination = { kind: "district", code: deps.district.code, name: deps.district.name };
  const toDistrict = (fallbackReason?: string): Recipient => ({
    destination: district,
    email: deps.district.email,
    name: deps.district.councilName,
    ...(fallbackReason ? { fallbackReason } : {}),
  });
  if (report.destination.kind === "district") return toDistrict();

  const parish = report.destination;
  let contact: ClerkContact | undefined;
  try {
    contact = await deps.directory.contactFor({ code: parish.code, name: parish.name });
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return toDistrict(`the clerk's contact for ${parish.name} could not be fetched (${error.message})`);
  }
  if (!contact?.email)
    return toDistrict(`the council directory has no email address for ${parish.name}'s clerk`);
  return { destination: parish, email: contact.email, name: contact.councilName, contact };
}

async function acknowledge(
  report: Case,
  recipient: Recipient,
  service: ServiceDefinition,
  deps: DispatchReportDeps,
): Promise<TimelineEvent> {
  const content = renderAcknowledgementEmail(report, {
    service,
    recipientName: recipient.name,
    districtName: deps.district.councilName,
  });
  try {
    const { messageId } = await deps.mailer.send({
      to: [report.reporter?.email as string],
      replyTo: [deps.district.email],
      reference: report.reference,
      ...content,
    });
    return event(deps.clock.now(), "acknowledged", "Acknowledgement emailed to the resident", { messageId });
  } catch (error) {
    // The report itself is sent; a failed receipt must not make the queue send the report again.
    return event(deps.clock.now(), "send-failed", "Could not email the resident's acknowledgement", {
      error: describe(error),
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`.slice(0, 500)
    : String(error).slice(0, 500);
}
