import { describe, expect, it } from "vitest";
import { createHmacLinkSigner } from "#adapters/links/hmac-link-signer.js";
import { fixedKeyRing } from "#adapters/links/key-ring.js";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Case, Destination } from "#core/case/case.js";
import type { ClerkAction } from "#core/links/clerk-link.js";
import type { ClerkContact } from "#core/ports/directory.js";
import type { LinkSigner } from "#core/ports/link-signer.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import { services } from "#core/services/index.js";
import { caseLogCaseUrl, createClerkLinks } from "#core/use-cases/clerk-links.js";
import { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import { createDeadLetterCases } from "#core/use-cases/redrive.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { hrefsIn } from "../../helpers/client-data-case.js";
import { oneCouncilSending, testCouncil } from "../../helpers/councils.js";
import { countingIds } from "../../helpers/counting-ids.js";
import { directoryOf } from "../../helpers/fake-directory.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// Dispatch signs a parish clerk's one-click answers for every send, with the real HMAC signer: the
// links in the email verify, name the case, the answer and the body the email went to, and a
// re-route or re-drive gets fresh ones for the body it goes to then.

const NOW = new Date("2026-12-02T16:58:24.086Z");
const clock = { now: () => NOW };
const REF = "SPD-AAAA-AAA4";
const MAILBOX = "team@district.example";
const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const BROOKFIELD: Destination = { kind: "parish", code: "E04999002", name: "Brookfield" };
const NO_CLERK: Destination = { kind: "parish", code: "E04999003", name: "Little Wendle" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };
const PUBLIC_URL = "https://report.council.example/";
const CASE_LOG_URL = "https://council.example/staff/";
const signer = createHmacLinkSigner(fixedKeyRing({ current: "k2", keys: new Map([["k2", "s".repeat(48)]]) }));
const contact = (councilName: string, email: string): ClerkContact => ({
  councilName,
  email,
  source: "x",
  via: "web-service",
});
const clerks: Record<string, ClerkContact> = {
  [ASHCOMBE.code]: contact("Ashcombe Parish Council", "clerk@ashcombe.example"),
  [BROOKFIELD.code]: contact("Brookfield Parish Council", "clerk@brookfield.example"),
};

function aCase(overrides: Partial<Case> = {}): Case {
  return {
    reference: REF,
    service: "speeding",
    status: "new",
    delivery: "queued",
    createdAt: "2026-12-02T16:58:24.086Z",
    updatedAt: "2026-12-02T16:58:24.086Z",
    answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
    location: { lat: 51.5, lng: -0.8, roadName: "Mill Lane" },
    description: "Cars race past the school",
    reporter: { name: "Dave", email: "dave@example.net", shareWithParish: true, sharedWith: [ASHCOMBE.code] },
    destination: ASHCOMBE,
    routing: { ruleId: "r", requested: "parish", area: ASHCOMBE, reason: "in the parish" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

async function setup(
  report: Case,
  links: { signer?: LinkSigner; caseLog?: boolean; onLinkError?: (error: unknown) => void } = { signer },
) {
  const caseStore = new MemoryCaseStore({ now: clock.now });
  await caseStore.create(report, []);
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { send: async (email) => ({ messageId: `m-${sent.push(email)}` }) };
  const queue = { send: async () => undefined };
  const dispatch = createDispatchReport({
    services,
    caseStore,
    ...oneCouncilSending(
      directoryOf(({ code }) => clerks[code]),
      testCouncil({ email: MAILBOX }),
    ),
    mailer,
    clock,
    ...(links.signer
      ? {
          clerkLinks: createClerkLinks({
            signer: links.signer,
            publicUrl: PUBLIC_URL,
            ids: countingIds(),
            clock,
          }),
        }
      : {}),
    ...(links.caseLog ? { caseUrl: (reference: string) => caseLogCaseUrl(CASE_LOG_URL, reference) } : {}),
    ...(links.onLinkError ? { onLinkError: links.onLinkError } : {}),
  });
  const actions = createStaffActions({ caseStore, clock, ids: systemIds, queue });
  const deadLetters = createDeadLetterCases({ caseStore, clock, queue });
  const reports = () => sent.filter((e) => e.kind === "report");
  return { caseStore, dispatch, actions, deadLetters, reports };
}

const answerUrls = (email: OutgoingEmail | undefined) =>
  hrefsIn(email?.html ?? "").filter((href) => href.startsWith(`${PUBLIC_URL}respond/`));

/** The claims of each answer link in the email, as the signer reads them back. */
async function claimsIn(email: OutgoingEmail | undefined) {
  const claims = [];
  for (const url of answerUrls(email)) {
    expect(email?.text).toContain(`\n${url}\n`);
    const check = await signer.verify(url.slice(url.lastIndexOf("/") + 1), NOW);
    if (!check.ok) throw new Error(`link refused: ${check.refusal}`);
    claims.push(check.claims);
  }
  return claims;
}

const expiresAt = Math.floor(NOW.getTime() / 1000) + 30 * 86_400;
const claimsFor = (destination: Destination) =>
  (["received", "in-progress", "not-for-us"] as ClerkAction[]).map((action) => ({
    reference: REF,
    action,
    destination: destination.code,
    expiresAt,
    linkId: expect.any(String),
  }));

describe("a dispatched report email's one-click answers", () => {
  it("verify with the signer and carry the case, the answer and the parish's code", async () => {
    const { dispatch, reports } = await setup(aCase());
    await dispatch(REF);
    const claims = await claimsIn(reports()[0]);
    expect(claims).toEqual(claimsFor(ASHCOMBE));
    expect(new Set(claims.map((c) => c.linkId)).size).toBe(3);
    expect(reports()[0]?.text).toContain("The links expire on 1 January 2027.");
  });

  it("are fresh for a re-route, naming the new parish, and again for a re-drive", async () => {
    const { dispatch, actions, deadLetters, caseStore, reports } = await setup(aCase());
    await dispatch(REF);
    await actions.reroute(REF, BROOKFIELD, "The clerk asked for it", "officer@district.example");
    await dispatch(REF);
    await caseStore.transitionDelivery(REF, ["sent"], { delivery: "failed" });
    await deadLetters.redrive(REF, "officer@district.example");
    await dispatch(REF);
    const [first, rerouted, redriven] = reports();
    expect(rerouted?.to).toEqual(["clerk@brookfield.example"]);
    expect(await claimsIn(rerouted)).toEqual(claimsFor(BROOKFIELD));
    expect(await claimsIn(redriven)).toEqual(claimsFor(BROOKFIELD));
    const all = [first, rerouted, redriven].flatMap(answerUrls);
    expect(new Set(all).size).toBe(9);
  });

  it("are left out when no signer is configured", async () => {
    const { dispatch, reports } = await setup(aCase(), {});
    await dispatch(REF);
    expect(answerUrls(reports()[0])).toEqual([]);
    expect(reports()[0]?.text).toContain(
      `Email Exampleshire Vale District Council (${MAILBOX}) and quote reference ${REF}.`,
    );
  });

  it("are left out of the district team's email, a fallback's included", async () => {
    for (const destination of [DISTRICT, NO_CLERK]) {
      const { dispatch, reports } = await setup(aCase({ destination }));
      await dispatch(REF);
      expect(reports()[0]?.to).toEqual([MAILBOX]);
      expect(answerUrls(reports()[0])).toEqual([]);
      expect(reports()[0]?.text).not.toContain("works once");
    }
  });

  it("are left out, and the report still goes, when they cannot be signed, and the failure is told", async () => {
    const failure = new Error("key ring unreadable");
    const broken: LinkSigner = {
      sign: async () => {
        throw failure;
      },
      verify: (token, now) => signer.verify(token, now),
    };
    const told: unknown[] = [];
    const { dispatch, reports } = await setup(aCase(), {
      signer: broken,
      onLinkError: (error) => told.push(error),
    });
    expect(await dispatch(REF)).toMatchObject({ outcome: "sent" });
    expect(answerUrls(reports()[0])).toEqual([]);
    expect(told).toEqual([failure]);
    // Without links, replies to a resident who agreed to share go to them as before.
    expect(reports()[0]?.replyTo).toEqual(["dave@example.net"]);
  });

  it("tell nothing when they are signed", async () => {
    const told: unknown[] = [];
    const { dispatch, reports } = await setup(aCase(), { signer, onLinkError: (error) => told.push(error) });
    await dispatch(REF);
    expect(answerUrls(reports()[0])).toHaveLength(3);
    expect(told).toEqual([]);
  });
});

describe("a dispatched report email's other links and words", () => {
  it("links the case in the case log where its address is set", async () => {
    const { dispatch, reports } = await setup(aCase(), { signer, caseLog: true });
    await dispatch(REF);
    expect(hrefsIn(reports()[0]?.html ?? "")).toContain(`https://council.example/staff/cases/${REF}`);
  });

  it("says where replies go as its Reply-To sends them", async () => {
    const notShared = await setup(aCase({ destination: BROOKFIELD }));
    await notShared.dispatch(REF);
    expect(notShared.reports()[0]?.replyTo).toEqual([MAILBOX]);
    expect(notShared.reports()[0]?.text).toContain(
      `so replies to this email go to Exampleshire Vale District Council's team mailbox (${MAILBOX}), not to the resident.`,
    );

    // No links (no signer, or the district's own email): a resident who agreed is answered directly.
    for (const [report, links] of [
      [aCase(), {}],
      [aCase({ destination: DISTRICT }), { signer }],
    ] as const) {
      const direct = await setup(report, links);
      await direct.dispatch(REF);
      expect(direct.reports()[0]?.replyTo).toEqual(["dave@example.net"]);
      expect(direct.reports()[0]?.text).toContain("How to reply\n\nReplies to this email go to the resident");
    }
  });

  it("never sends replies to the resident from an email carrying one-click links", async () => {
    // A clerk's reply quotes the email: its links would let the resident answer as the clerk.
    const { dispatch, reports } = await setup(aCase());
    await dispatch(REF);
    const [email] = reports();
    expect(answerUrls(email)).toHaveLength(3);
    expect(email?.replyTo).toEqual([MAILBOX]);
    expect(email?.text).toContain(
      `How to reply\n\nReplies to this email go to Exampleshire Vale District Council's team mailbox (${MAILBOX}), not to the resident, because the answer links above are for your council only. The resident agreed to share their contact details with you: to write to them, start a new email to dave@example.net rather than replying to this one.\n`,
    );
    // Their details are still shown, as the resident agreed.
    expect(email?.text).toContain("  Email: dave@example.net\n");
  });
});
