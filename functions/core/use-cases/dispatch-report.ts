import type { Case, Destination } from "../case/case.js";
import { fallbackRouting } from "../case/fallback-routing.js";
import { event, type TimelineEvent } from "../case/timeline.js";
import type { SignedClerkLinks } from "../email/clerk-guidance.js";
import { renderReportEmail } from "../email/report-email.js";
import { NotFoundError, PermanentSendError, SendInProgressError } from "../errors.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { Mailer, OutgoingEmail } from "../ports/mailer.js";
import type { MarkPossibleDuplicates, SendBudget } from "../ports/send-budget.js";
import type { ServiceDefinition } from "../routing/service-schema.js";
import { acknowledgeOnce } from "./acknowledge-resident.js";
import { chooseRecipient, type Recipient, type RecipientDeps } from "./choose-recipient.js";
import type { SignClerkLinks } from "./clerk-links.js";
import { describeError } from "./describe-error.js";

export interface DispatchReportDeps extends RecipientDeps {
  services: ReadonlyMap<string, ServiceDefinition>;
  caseStore: CaseStore;
  mailer: Mailer;
  clock: Clock;
  /**
   * How long a send claim protects an attempt. Longer than the dispatch function can run, so a
   * claim older than this belongs to an attempt that died.
   */
  claimLeaseMs?: number;
  /** Daily caps on report emails per body and acknowledgements per address; no caps without it. */
  budget?: SendBudget;
  /** Marks earlier cases this one may repeat, on its first send; nothing marked without it. */
  markPossibleDuplicates?: MarkPossibleDuplicates;
  /**
   * Signs a parish clerk's one-click answers, afresh for every send (a re-route or re-drive gets
   * links naming the new body); no links without it.
   */
  clerkLinks?: SignClerkLinks;
  /**
   * Told when the links cannot be signed (the email then goes without them), so a broken key ring
   * or grant is seen rather than silently removing links from every email.
   */
  onLinkError?: (error: unknown) => void;
  /** The case's page in the staff case log (CASE_LOG_URL); no case link without it. */
  caseUrl?: (reference: string) => string;
}

export type DispatchResult =
  | { outcome: "sent"; recipient: string; destination: Destination["kind"] }
  /** The body's daily cap was reached: the case waits for the body's next daily digest. */
  | { outcome: "held"; destination: Destination["kind"] }
  /** The email can never go as it is (the provider refuses it): marked not sent for staff, no retry. */
  | { outcome: "failed" }
  | { outcome: "already-sent" }
  /** A claimed attempt stopped before recording its result: not sent again, staff told. */
  | { outcome: "unconfirmed" }
  /** Dead-lettered or unconfirmed cases wait for a re-drive; a stray job leaves them alone. */
  | { outcome: "not-queued" };

/** A fallback moves the case: its destination, and its routing decision so "Why" explains it. */
function fallbackChanges(report: Case, recipient: Recipient | undefined) {
  if (!recipient?.fallbackReason || !recipient.fallbackRule) return {};
  return {
    destination: recipient.destination,
    routing: fallbackRouting(
      report,
      recipient.fallbackRule,
      recipient.fallbackReason,
      recipient.council.name,
    ),
  };
}

/**
 * Sends a stored case to its recipient. Safe to run again for the same case: a case already sent is
 * left alone. A failure to send is recorded and rethrown so the queue retries (and dead-letters);
 * one the provider can never send is marked not sent at once instead. The resident is acknowledged
 * once per case, however often it is sent. A report costs four AWS calls here: the claim, the
 * report email, the resident's acknowledgement and one write recording both (plus the budget's and
 * the duplicate check's calls where they are wired); the case is read only when the claim is
 * refused.
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
    let service: ServiceDefinition;
    let messageId: string | undefined;
    const rerouted: TimelineEvent[] = [];
    try {
      service = serviceOf(report);
      recipient = await chooseRecipient(report, deps);
      if (recipient.fallbackReason) rerouted.push(fallbackEvent(report, recipient));
      const duplicates = await possibleDuplicates(report);
      if (await withinBudget(recipient, reference)) {
        const links = await signedLinks(report, recipient);
        ({ messageId } = await deps.mailer.send(reportEmail(report, recipient, service, duplicates, links)));
      }
    } catch (error) {
      return afterFailedSend(report, recipient, rerouted, error);
    }

    // The acknowledgement goes before the record, so one write records both: the claim's lease and
    // the record budget cover the two sends, and a send that stops here is left `sending`, which
    // the next attempt marks unconfirmed rather than sending twice.
    // Stamped now, before the acknowledgement goes: the timeline shows the report, then the receipt.
    const decidedAt = deps.clock.now();
    const acknowledged = await acknowledgeOnce(report, recipient, service, {
      ...deps,
      council: recipient.council,
    });
    const changes = {
      recipient: recipient.email,
      ...fallbackChanges(report, recipient),
      ...(acknowledged.at ? { acknowledgedAt: acknowledged.at } : {}),
    };
    if (messageId === undefined) {
      await deps.caseStore.transitionDelivery(reference, ["sending"], { delivery: "held", ...changes }, [
        ...rerouted,
        event(
          decidedAt,
          "held-for-digest",
          `Daily limit of emails to ${recipient.name} reached: goes in their next daily digest`,
          { recipient: recipient.email, destination: recipient.destination.code },
        ),
        ...acknowledged.events,
      ]);
      return { outcome: "held", destination: recipient.destination.kind };
    }
    await deps.caseStore.transitionDelivery(reference, ["sending"], { delivery: "sent", ...changes }, [
      ...rerouted,
      event(decidedAt, "sent", `Emailed to ${recipient.name}`, {
        recipient: recipient.email,
        messageId,
        ...(recipient.contact ? { contactSource: recipient.contact.source } : {}),
        ...(recipient.contact?.fetchedAt ? { contactFetchedAt: recipient.contact.fetchedAt } : {}),
      }),
      ...acknowledged.events,
    ]);
    return { outcome: "sent", recipient: recipient.email, destination: recipient.destination.kind };
  };

  function serviceOf(report: Case): ServiceDefinition {
    const service = deps.services.get(report.service);
    if (!service) throw new Error(`Case ${report.reference} names unknown service ${report.service}`);
    return service;
  }

  /**
   * The references to show the clerk. Looked for once, before the case is first sent; a re-send
   * shows what the case records (staff may have unlinked some since).
   */
  async function possibleDuplicates(report: Case): Promise<string[]> {
    const known = report.possibleDuplicates ?? [];
    if (!deps.markPossibleDuplicates || report.recipient !== undefined) return known;
    return [...new Set([...known, ...(await deps.markPossibleDuplicates(report))])];
  }

  /** False once the body's daily cap is reached (the budget has put the case in its digest). */
  async function withinBudget(recipient: Recipient, reference: string): Promise<boolean> {
    if (!deps.budget) return true;
    return deps.budget.takeReportEmail(recipient.destination.code, reference, deps.clock.now());
  }

  /**
   * The clerk's one-click answers for this send. Links are an extra: if they cannot be signed (the
   * key ring unreadable), the report still goes, its email says how to answer without them, and
   * `onLinkError` is told.
   */
  async function signedLinks(report: Case, recipient: Recipient): Promise<SignedClerkLinks | undefined> {
    if (!deps.clerkLinks) return undefined;
    try {
      return await deps.clerkLinks(report, recipient.destination);
    } catch (error) {
      deps.onLinkError?.(error);
      return undefined;
    }
  }

  function reportEmail(
    report: Case,
    recipient: Recipient,
    service: ServiceDefinition,
    possibleDuplicates: string[],
    links: SignedClerkLinks | undefined,
  ): OutgoingEmail {
    const { reply, ...content } = renderReportEmail(
      { ...report, destination: recipient.destination },
      {
        service,
        recipientName: recipient.name,
        districtName: recipient.council.name,
        districtEmail: recipient.council.email,
        ...(recipient.fallbackReason ? { fallbackReason: recipient.fallbackReason } : {}),
        ...(possibleDuplicates.length ? { possibleDuplicates } : {}),
        ...(deps.caseUrl ? { caseUrl: deps.caseUrl(report.reference) } : {}),
        ...(links ? { links } : {}),
      },
    );
    // Reply-To is the resident only where they agreed to share their details with this recipient
    // and the email carries no one-click links; its "How to reply" is worded from the same decision.
    return {
      from: recipient.council.senderEmail,
      to: [recipient.email],
      replyTo: [reply.address],
      reference: report.reference,
      kind: "report",
      ...content,
    };
  }

  /**
   * Nothing was sent. A send the provider can never make is marked not sent at once, for staff; any
   * other failure releases the claim and is rethrown so the queue's retry can try again (a fallback
   * chosen stays chosen, so the retry goes straight to the council).
   */
  async function afterFailedSend(
    report: Case,
    recipient: Recipient | undefined,
    rerouted: TimelineEvent[],
    error: unknown,
  ): Promise<DispatchResult> {
    const permanent = error instanceof PermanentSendError;
    const name = recipient?.name ?? "the recipient";
    await deps.caseStore.transitionDelivery(
      report.reference,
      ["sending"],
      {
        delivery: permanent ? "failed" : "queued",
        ...fallbackChanges(report, recipient),
      },
      [
        ...rerouted,
        event(
          deps.clock.now(),
          "send-failed",
          permanent
            ? `Not sent to ${name}: the email service cannot send this report as it is, so it is not retried. Check the report, then contact the resident or re-drive it`
            : `Could not send to ${name}`,
          {
            ...(recipient ? { recipient: recipient.email } : {}),
            error: describeError(error),
            ...(permanent ? { permanent: true } : {}),
          },
        ),
      ],
    );
    if (permanent) return { outcome: "failed" };
    throw error;
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
    // The attempt may have acknowledged the resident too: receipts are at most once, so the case is
    // taken as acknowledged by it and a re-drive sends the report, never a second receipt.
    const mayHaveAcknowledged =
      report.reporter?.email && !report.acknowledgedAt && report.sendingSince
        ? { acknowledgedAt: report.sendingSince }
        : {};
    await deps.caseStore.transitionDelivery(
      report.reference,
      ["sending"],
      { delivery: "unconfirmed", ...mayHaveAcknowledged },
      [
        event(
          deps.clock.now(),
          "send-unconfirmed",
          "An attempt to send stopped before it was recorded; the email may have gone. Not sent again: check and re-drive if needed",
        ),
      ],
    );
    return { outcome: "unconfirmed" };
  }
}
