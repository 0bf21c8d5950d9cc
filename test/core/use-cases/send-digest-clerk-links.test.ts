import { describe, expect, it } from "vitest";
import { createHmacLinkSigner } from "#adapters/links/hmac-link-signer.js";
import { fixedKeyRing } from "#adapters/links/key-ring.js";
import { type Case, type Destination, destinationTarget } from "#core/case/case.js";
import type { HeldReport } from "#core/ports/held-reports.js";
import type { LinkSigner } from "#core/ports/link-signer.js";
import type { Mailer, OutgoingEmail } from "#core/ports/mailer.js";
import { services } from "#core/services/index.js";
import { caseLogCaseUrl, createClerkLinks } from "#core/use-cases/clerk-links.js";
import { createSendDigest } from "#core/use-cases/send-digest.js";
import { hrefsIn } from "../../helpers/client-data-case.js";
import { oneCouncilSending, testCouncil } from "../../helpers/councils.js";
import { countingIds } from "../../helpers/counting-ids.js";
import { directoryOf } from "../../helpers/fake-directory.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { differences } from "../email/same-words.js";

// The daily digest gives each case its London date in words, its map link, its page in the case
// log and a parish clerk's three one-click answers, signed for that case and that parish; both
// parts say the same.

const NOW = new Date("2026-12-03T07:00:00Z");
const clock = { now: () => NOW };
const district = {
  code: "E07999999",
  name: "Exampleshire Vale",
  councilName: "Exampleshire Vale District Council",
  email: "highways@district.example",
};
const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const DISTRICT: Destination = { kind: "district", code: district.code, name: district.name };
const PUBLIC_URL = "https://report.council.example/";
const signer = createHmacLinkSigner(fixedKeyRing({ current: "k1", keys: new Map([["k1", "d".repeat(40)]]) }));

function aHeldCase(reference: string, destination: Destination): Case {
  return {
    reference,
    service: "speeding",
    status: "new",
    delivery: "held",
    createdAt: "2026-12-02T15:30:00.000Z",
    updatedAt: "2026-12-02T15:30:00.000Z",
    answers: { danger: "no" },
    location: { lat: 54.6, lng: 2.2, roadName: "Mill Lane" },
    description: "Cars race past <b>the school</b> & the shop.",
    destination,
    routing: { ruleId: "r", requested: destinationTarget(destination), area: destination, reason: "test" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
  };
}

async function digestOf(
  cases: Case[],
  options: { signed?: boolean; signer?: LinkSigner; onLinkError?: (error: unknown) => void } = {
    signed: true,
  },
) {
  const caseStore = new MemoryCaseStore({ now: clock.now });
  const holds: HeldReport[] = [];
  for (const report of cases) {
    await caseStore.create(report, []);
    holds.push({ bodyCode: report.destination.code, reference: report.reference, day: "2026-12-02" });
  }
  const sent: OutgoingEmail[] = [];
  const mailer: Mailer = { send: async (email) => ({ messageId: `m-${sent.push(email)}` }) };
  const sendDigest = createSendDigest({
    services,
    caseStore,
    ...oneCouncilSending(
      directoryOf(({ code }) =>
        code === ASHCOMBE.code
          ? {
              councilName: "Ashcombe Parish Council",
              email: "clerk@ashcombe.example",
              source: "t",
              via: "web-service",
            }
          : undefined,
      ),
      testCouncil({ email: district.email }),
    ),
    mailer,
    clock,
    heldReports: { pending: async () => holds, done: async () => undefined },
    digestContents: { record: async () => undefined, referencesOf: async () => [] },
    ...(options.signed
      ? {
          clerkLinks: createClerkLinks({
            signer: options.signer ?? signer,
            publicUrl: PUBLIC_URL,
            ids: countingIds(),
            clock,
          }),
        }
      : {}),
    ...(options.onLinkError ? { onLinkError: options.onLinkError } : {}),
    caseUrl: (reference) => caseLogCaseUrl("https://council.example/staff/", reference),
  });
  await sendDigest();
  return sent;
}

const answerUrls = (email: OutgoingEmail | undefined) =>
  hrefsIn(email?.html ?? "").filter((href) => href.startsWith(`${PUBLIC_URL}respond/`));

describe("the daily digest's links", () => {
  it("gives each case its date in words, map, case page and answers signed for it and the parish", async () => {
    const [digest] = await digestOf([
      aHeldCase("SPD-AAAA-AAA4", ASHCOMBE),
      aHeldCase("SPD-AAAA-AAB2", ASHCOMBE),
    ]);
    const [, first = "", second = ""] = digest?.text.split(/---- SPD-AAAA-AA.. ----/) ?? [];
    for (const [section, reference] of [
      [first, "SPD-AAAA-AAA4"],
      [second, "SPD-AAAA-AAB2"],
    ] as const) {
      expect(section).toContain("Received: 2 December 2026, 3:30pm\n");
      expect(section).toContain("Map: Open in OpenStreetMap\nhttps://www.openstreetmap.org/?mlat=54.600000");
      expect(section).toContain(
        `View this case in the case log:\nhttps://council.example/staff/cases/${reference}\n`,
      );
      expect(section).toContain("In progress:\nhttps://report.council.example/respond/");
    }
    const urls = answerUrls(digest);
    expect(urls).toHaveLength(6);
    const claims = await Promise.all(
      urls.map((url) => signer.verify(url.slice(url.lastIndexOf("/") + 1), NOW)),
    );
    expect(
      claims.map((c) => (c.ok ? [c.claims.reference, c.claims.action, c.claims.destination] : c)),
    ).toEqual([
      ["SPD-AAAA-AAA4", "received", ASHCOMBE.code],
      ["SPD-AAAA-AAA4", "in-progress", ASHCOMBE.code],
      ["SPD-AAAA-AAA4", "not-for-us", ASHCOMBE.code],
      ["SPD-AAAA-AAB2", "received", ASHCOMBE.code],
      ["SPD-AAAA-AAB2", "in-progress", ASHCOMBE.code],
      ["SPD-AAAA-AAB2", "not-for-us", ASHCOMBE.code],
    ]);
    expect(digest?.text).toContain("The links expire on 2 January 2027.");
    expect(digest ? differences(digest) : undefined).toEqual({ notInHtml: [], notInText: [] });
  });

  it("gives the district team the case pages but no answers", async () => {
    const [digest] = await digestOf([aHeldCase("SPD-AAAA-AAA4", DISTRICT)]);
    expect(answerUrls(digest)).toEqual([]);
    expect(digest?.text).not.toContain("works once");
    expect(hrefsIn(digest?.html ?? "")).toContain("https://council.example/staff/cases/SPD-AAAA-AAA4");
    expect(digest ? differences(digest) : undefined).toEqual({ notInHtml: [], notInText: [] });
  });

  it("goes without answers when they cannot be signed, and tells of it once per email", async () => {
    const failure = new Error("key ring unreadable");
    const broken: LinkSigner = {
      sign: async () => {
        throw failure;
      },
      verify: (token, now) => signer.verify(token, now),
    };
    const told: unknown[] = [];
    const sent = await digestOf(
      [aHeldCase("SPD-AAAA-AAA4", ASHCOMBE), aHeldCase("SPD-AAAA-AAB2", ASHCOMBE)],
      {
        signed: true,
        signer: broken,
        onLinkError: (error) => told.push(error),
      },
    );
    expect(sent).toHaveLength(1);
    expect(answerUrls(sent[0])).toEqual([]);
    expect(sent[0]?.text).not.toContain("works once");
    expect(told).toEqual([failure]);
  });

  it("has no answers where no signer is configured", async () => {
    const [digest] = await digestOf([aHeldCase("SPD-AAAA-AAA4", ASHCOMBE)], {});
    expect(answerUrls(digest)).toEqual([]);
    expect(digest?.text).not.toContain("works once");
  });
});

describe("the daily digest's guidance", () => {
  const replyWords = `Replies to this email go to Exampleshire Vale District Council's team mailbox (${district.email}), not to the residents.`;

  it("tells a clerk replies go to the district, and to send back a report that is not theirs by its link", async () => {
    const [digest] = await digestOf([aHeldCase("SPD-AAAA-AAA4", ASHCOMBE)]);
    expect(digest?.replyTo).toEqual([district.email]);
    expect(digest?.text).toContain(
      `\n----\n\nHow to reply\n\n${replyWords} Quote the report's reference. Where a resident agreed to share their contact details with you, they are listed with their report: to write to them, start a new email rather than replying to this one.\n`,
    );
    expect(digest?.text).toContain(
      'If a report is not for your council\n\nChoose "Not for us – send it back to Exampleshire Vale District Council" under that report. Exampleshire Vale District Council will find the right place for it.',
    );
    expect(digest ? differences(digest) : undefined).toEqual({ notInHtml: [], notInText: [] });
  });

  it("tells a clerk without links to email the district team about a report that is not theirs", async () => {
    const [digest] = await digestOf([aHeldCase("SPD-AAAA-AAA4", ASHCOMBE)], {});
    expect(digest?.text).toContain(`How to reply\n\n${replyWords}`);
    expect(digest?.text).toContain(
      `If a report is not for your council\n\nEmail Exampleshire Vale District Council (${district.email}) and quote the report's reference. They will find the right place for it.`,
    );
    expect(digest?.text).not.toContain("Not for us");
    expect(digest ? differences(digest) : undefined).toEqual({ notInHtml: [], notInText: [] });
  });

  it("tells the district team where replies go and to re-route a parish's report", async () => {
    const [digest] = await digestOf([aHeldCase("SPD-AAAA-AAA4", DISTRICT)]);
    expect(digest?.text).toContain(
      `How to reply\n\n${replyWords} Where a resident's contact details are listed with their report, write to them in a new email.`,
    );
    expect(digest?.text).toContain(
      "If a report is not for Exampleshire Vale District Council\n\nIf a parish council or another body should deal with it, re-route the case in the case log.",
    );
    expect(digest?.text).not.toContain("your council");
  });
});
