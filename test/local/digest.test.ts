import { describe, expect, it } from "vitest";
import { localContext } from "../../functions/local/lambda-context.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { bounceEvent, sqsEvent } from "../helpers/ses-events.js";
import { sentEmails } from "../helpers/ses-store.js";

// Issue 15, "reports over a body's daily cap reach the clerk in the digest; nothing is lost",
// through the local stack: with a cap of 2 a day, five reports to Ashcombe through the API are two
// emails and, the next morning, a digest of three (run by the local digest operation as of
// tomorrow); every report reaches the clerk once, and a second run sends nothing.

const CAP = 2;
const CLERK = "clerk@ashcombe-pc.example.org";

let stack: LocalStack;
useLocalStack({ env: { BODY_EMAILS_PER_DAY: String(CAP) } }, (started) => {
  stack = started;
});

const runDigest = async (asOf: Date) => {
  const response = await fetch(`${stack.urls.api}/_local/digest?asOf=${asOf.toISOString()}`, {
    method: "POST",
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe("the daily digest on the local stack", () => {
  it("emails the clerk every report held over the cap in one digest, and loses none", async () => {
    const ashcombe = demoPostcodes().find((p) => p.expected === "E04999001");
    if (!ashcombe) throw new Error("no demo postcode in Ashcombe");
    const references: string[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await postReport(
        stack.urls.api,
        aReport({
          // About 110 m apart, so no report is a possible duplicate of another (emails would name it).
          location: { lat: ashcombe.lat + 0.001 * i, lng: ashcombe.lng },
          roadName: `Mill Lane ${i + 1}`,
          reporter: { email: `resident${i}@example.com`, shareWithParish: true },
        }),
      );
      expect(response.status).toBe(201);
      references.push(((await response.json()) as { reference: string }).reference);
    }
    await queueDrained(stack);
    for (const reference of references) {
      expect((await stack.app.caseStore.get(reference))?.destination.code).toBe("E04999001");
    }

    const deliveries = await Promise.all(references.map((r) => stack.app.caseStore.get(r)));
    expect(deliveries.map((c) => c?.delivery).sort()).toEqual(["held", "held", "held", "sent", "sent"]);
    const held = references.filter((_, i) => deliveries[i]?.delivery === "held");
    // Held, not ignored: each resident is still acknowledged.
    const acknowledgements = (await sentEmails(stack.urls.ses)).filter((e) =>
      e.destination.to.some((to) => /^resident\d@example\.com$/.test(to)),
    );
    expect(acknowledgements).toHaveLength(5);

    // Today's digest run takes holds of the days before it: these wait for tomorrow's.
    expect(await runDigest(new Date())).toMatchObject({ status: 200, body: { digests: 0, sent: 0 } });
    const tomorrow = new Date(Date.now() + 24 * 3_600_000);
    const run = await runDigest(tomorrow);
    expect(run).toMatchObject({ status: 200, body: { digests: 1, sent: 3, failed: 0, more: false } });

    const toClerk = (await sentEmails(stack.urls.ses)).filter((e) => e.destination.to.includes(CLERK));
    const digests = toClerk.filter((e) => e.subject.startsWith("Daily digest"));
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toBe("Daily digest: 3 reports for Ashcombe Parish Council");
    for (const reference of held) expect(digests[0]?.body.text).toContain(reference);
    // The residents agreed to share with Ashcombe: their addresses are there for the clerk.
    expect(digests[0]?.body.text).toContain("@example.com");
    // Nothing lost, nothing twice: each report reached the clerk exactly once.
    for (const reference of references) {
      const carrying = toClerk.filter(
        (e) => e.subject.includes(reference) || e.body.text?.includes(reference),
      );
      expect(carrying, reference).toHaveLength(1);
      expect((await stack.app.caseStore.get(reference))?.delivery).toBe("sent");
    }
    const timeline = (await stack.app.caseStore.timeline(held[0] as string)).map((e) => e.type);
    expect(timeline).toEqual(expect.arrayContaining(["held-for-digest", "digest-sent"]));

    // Run again (a retry, or the day after): nothing more is sent.
    const before = (await sentEmails(stack.urls.ses)).length;
    expect(await runDigest(tomorrow)).toMatchObject({ status: 200, body: { digests: 0, sent: 0 } });
    expect((await sentEmails(stack.urls.ses)).length).toBe(before);

    // The clerk's mailbox then bounces the digest for good: every case in it goes to the district.
    // One part, so the digest is named by its body and the day it covers (see send-digest.ts).
    const digest = `DIGEST-E04999001-${String(run.body.throughDay)}`;
    await stack.deliveryEvents(
      sqsEvent(bounceEvent(CLERK, { type: "Permanent", subType: "General" }, digest, "digest")),
      localContext("signpost-delivery-events"),
    );
    await queueDrained(stack);
    // The district has its own cap of 2 today: the third waits for the district's digest.
    expect(await runDigest(tomorrow)).toMatchObject({ status: 200, body: { digests: 1, sent: 1 } });
    const toDistrict = (await sentEmails(stack.urls.ses)).filter((e) =>
      e.destination.to.includes(stack.config.DISTRICT_EMAIL),
    );
    for (const reference of held) {
      expect(await stack.app.caseStore.get(reference)).toMatchObject({
        delivery: "sent",
        destination: { kind: "district" },
      });
      const carrying = toDistrict.filter(
        (e) => e.subject.includes(reference) || e.body.text?.includes(reference),
      );
      expect(carrying, reference).toHaveLength(1);
    }
  });
});
