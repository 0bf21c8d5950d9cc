import type { Case, Destination } from "../case/case.js";
import { fallbackRouting } from "../case/fallback-routing.js";
import { londonDate } from "../case/london-time.js";
import { event, type TimelineEvent } from "../case/timeline.js";
import type { SignedClerkLinks } from "../email/clerk-guidance.js";
import { renderDigestEmail } from "../email/digest-email.js";
import type { CaseStore } from "../ports/case-store.js";
import type { Clock } from "../ports/clock.js";
import type { DigestContents, HeldReport, HeldReports } from "../ports/held-reports.js";
import type { Mailer } from "../ports/mailer.js";
import type { ServiceDefinition } from "../routing/service-schema.js";
import { chooseRecipient, type Recipient, type RecipientDeps } from "./choose-recipient.js";
import type { SignClerkLinks } from "./clerk-links.js";

export interface SendDigestDeps extends RecipientDeps {
  services: ReadonlyMap<string, ServiceDefinition>;
  caseStore: CaseStore;
  mailer: Mailer;
  clock: Clock;
  heldReports: HeldReports;
  digestContents: DigestContents;
  /** Signs a parish clerk's one-click answers for each case, per digest email; none without it. */
  clerkLinks?: SignClerkLinks;
  /** Told when the links cannot be signed (the digest then goes without them), so it is seen. */
  onLinkError?: (error: unknown) => void;
  /** A case's page in the staff case log (CASE_LOG_URL); no case links without it. */
  caseUrl?: (reference: string) => string;
}

export interface DigestSettings {
  /** Most reports in one email: a flood's worth of reports goes as several emails, each readable. */
  casesPerEmail: number;
  /** Most holds one run reads (the rest wait for the next run, which the handler says is needed). */
  holdsPerRun: number;
}

export const defaultDigestSettings: DigestSettings = { casesPerEmail: 25, holdsPerRun: 2000 };

export interface DigestFailure {
  digest: string;
  /** The cases it would have carried: still held, so the next run sends them. */
  references: string[];
  error: string;
}

export interface DigestRun {
  /** The last London day whose holds were included (the day before the run). */
  throughDay: string;
  /** The digest emails sent, by their digest reference. */
  digests: string[];
  /** Cases moved from held to sent. */
  sent: string[];
  failures: DigestFailure[];
  /** True when the run stopped at `holdsPerRun`: more holds are waiting. */
  more: boolean;
}

/**
 * The daily digest: every report held because its body had reached its daily cap of individual
 * emails goes to that body in one email (or a few, for a flood), then its case is marked sent. A
 * body serving several councils (county highways) gets one digest per council, each from that
 * council and naming it: a digest never mixes councils' cases.
 * Holds of the days before the run's London day are taken, older ones a failed run left included.
 *
 * Safe to run again at any time: a case is read before it is listed and moved from `held` by a
 * conditional write, so a case already sent is never listed twice, and a failed send leaves its
 * cases held (and their holds in place) for the next run. A run that stops between a send and its
 * records may send those cases again; it never loses one.
 */
export function createSendDigest(deps: SendDigestDeps, settings: DigestSettings = defaultDigestSettings) {
  return async function sendDigest(): Promise<DigestRun> {
    const throughDay = dayBefore(londonDate(deps.clock.now().toISOString()));
    const holds = await deps.heldReports.pending(throughDay, settings.holdsPerRun);
    const run: DigestRun = {
      throughDay,
      digests: [],
      sent: [],
      failures: [],
      more: holds.length >= settings.holdsPerRun,
    };

    const bodies = await heldCasesByBody(holds);
    for (const { report, cases } of bodies.values()) {
      await sendToBody(report, cases, throughDay, run);
    }
    return run;
  };

  /**
   * The cases still held, by their council and the body they are for now (their destination),
   * oldest first. A hold whose case is gone or no longer held (sent by an earlier run, re-routed by
   * staff) is cleared. `report` is the first case of each: it names the council and the body.
   */
  async function heldCasesByBody(holds: HeldReport[]) {
    const holdsOf = new Map<string, HeldReport[]>();
    for (const hold of holds) holdsOf.set(hold.reference, [...(holdsOf.get(hold.reference) ?? []), hold]);
    const bodies = new Map<string, { report: Case; cases: Array<{ report: Case; holds: HeldReport[] }> }>();
    for (const [reference, itsHolds] of holdsOf) {
      const report = await deps.caseStore.get(reference);
      if (report?.delivery !== "held") {
        await clear(itsHolds);
        continue;
      }
      const key = `${deps.councils.of(report).id} ${report.destination.code}`;
      const body = bodies.get(key) ?? { report, cases: [] };
      body.cases.push({ report, holds: itsHolds });
      bodies.set(key, body);
    }
    for (const body of bodies.values())
      body.cases.sort((a, b) => a.report.createdAt.localeCompare(b.report.createdAt));
    return bodies;
  }

  async function sendToBody(
    first: Case,
    cases: Array<{ report: Case; holds: HeldReport[] }>,
    throughDay: string,
    run: DigestRun,
  ): Promise<void> {
    const destination = first.destination;
    const parts = chunks(cases, settings.casesPerEmail);
    // A parish's or council's code belongs to one council; another body's digest names the council.
    const body =
      destination.kind === "body" ? `${deps.councils.of(first).id}-${destination.code}` : destination.code;
    const digestOf = (index: number) =>
      `DIGEST-${body}-${throughDay}${parts.length > 1 ? `-${index + 1}` : ""}`;
    let recipient: Recipient;
    try {
      recipient = await chooseRecipient(first, deps);
    } catch (error) {
      parts.forEach((part, index) =>
        run.failures.push({
          digest: digestOf(index),
          references: part.map((c) => c.report.reference),
          error: describe(error),
        }),
      );
      return;
    }
    for (const [index, part] of parts.entries()) {
      const digest = digestOf(index);
      const references = part.map((c) => c.report.reference);
      let messageId: string;
      try {
        const links = await signedLinks(
          part.map((c) => c.report),
          recipient.destination,
        );
        const content = renderDigestEmail(
          part.map((c) => c.report),
          {
            services: deps.services,
            recipient: recipient.destination,
            recipientName: recipient.name,
            districtName: recipient.council.name,
            districtEmail: recipient.council.email,
            part: { number: index + 1, of: parts.length },
            ...(deps.caseUrl ? { caseUrl: deps.caseUrl } : {}),
            ...(links.size ? { links } : {}),
            ...(recipient.fallbackReason
              ? { fallback: { from: destination.name, reason: recipient.fallbackReason } }
              : {}),
          },
        );
        // Many residents in one email: replies go to the council, never to one of them.
        ({ messageId } = await deps.mailer.send({
          from: recipient.council.senderEmail,
          to: [recipient.email],
          replyTo: [recipient.council.email],
          reference: digest,
          kind: "digest",
          ...content,
        }));
      } catch (error) {
        run.failures.push({ digest, references, error: describe(error) });
        continue;
      }
      run.digests.push(digest);
      // Before the cases move: if this fails, they stay held and go again (twice, never lost);
      // once it is written, a bounce of this digest finds every case in it.
      await deps.digestContents.record(digest, references);
      for (const { report, holds } of part) {
        const moved = await deps.caseStore.transitionDelivery(
          report.reference,
          ["held"],
          {
            delivery: "sent",
            recipient: recipient.email,
            // The routing decision follows, so "Why" explains the council.
            ...(recipient.fallbackRule && recipient.fallbackReason
              ? {
                  destination: recipient.destination,
                  routing: fallbackRouting(
                    report,
                    recipient.fallbackRule,
                    recipient.fallbackReason,
                    recipient.council.name,
                  ),
                }
              : {}),
          },
          eventsFor(report, recipient, digest, messageId),
        );
        if (moved) run.sent.push(report.reference);
        await clear(holds);
      }
    }
  }

  /**
   * Each case's one-click answers, for the body the digest goes to. Links are an extra: if they
   * cannot be signed (the key ring unreadable), the digest goes without any, says nothing of them,
   * and `onLinkError` is told.
   */
  async function signedLinks(cases: Case[], destination: Destination) {
    const links = new Map<string, SignedClerkLinks>();
    if (!deps.clerkLinks) return links;
    try {
      for (const report of cases) {
        const signed = await deps.clerkLinks(report, destination);
        if (signed) links.set(report.reference, signed);
      }
    } catch (error) {
      deps.onLinkError?.(error);
      return new Map<string, SignedClerkLinks>();
    }
    return links;
  }

  function eventsFor(report: Case, recipient: Recipient, digest: string, messageId: string): TimelineEvent[] {
    const now = deps.clock.now();
    return [
      ...(recipient.fallbackReason
        ? [
            event(now, "rerouted", `Sent to ${recipient.name} instead: ${recipient.fallbackReason}`, {
              from: report.destination.code,
              to: recipient.destination.code,
            }),
          ]
        : []),
      event(now, "digest-sent", `Emailed to ${recipient.name} in the daily digest`, {
        recipient: recipient.email,
        digest,
        messageId,
      }),
    ];
  }

  async function clear(holds: HeldReport[]): Promise<void> {
    for (const hold of holds) await deps.heldReports.done(hold);
  }
}

/** The London date before `day` (`YYYY-MM-DD`): calendar arithmetic, no clock involved. */
export function dayBefore(day: string): string {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, (date ?? 1) - 1)).toISOString().slice(0, 10);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function describe(error: unknown): string {
  return error instanceof Error
    ? `${error.name}: ${error.message}`.slice(0, 500)
    : String(error).slice(0, 500);
}
