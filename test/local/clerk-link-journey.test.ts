import { describe, expect, it } from "vitest";
import type { ClerkAction } from "#core/links/clerk-link.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout, type StoredEmail } from "../helpers/ses-store.js";

// Issue 19 end to end, through the real local endpoints only: a resident reports (one asking for
// progress emails, one not) → dispatch emails the parish clerk with signed one-click links → the
// clerk opens "In progress" from that email and confirms → the case moves, the timeline says the
// clerk did it by email link → the resident who asked gets one update email, the other nothing.

let stack: LocalStack;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
});

async function report(email: string, wantsUpdates: boolean): Promise<string> {
  const response = await postReport(
    stack.urls.api,
    aReport({
      reporter: {
        name: "Sam Resident",
        email,
        shareWithParish: false,
        ...(wantsUpdates ? { wantsUpdates } : {}),
      },
    }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { reference: string }).reference;
}

/** The clerk's report email for a case: the one not sent to the resident. */
async function clerkEmail(reference: string, resident: string): Promise<StoredEmail> {
  const emails = (await emailsAbout(stack.urls.ses, reference)).filter(
    (e) => !e.destination.to.includes(resident),
  );
  expect(emails).toHaveLength(1);
  return emails[0] as StoredEmail;
}

/** The link for one answer, read from the email's text part and checked with the stack's own keys. */
async function linkIn(email: StoredEmail, action: ClerkAction): Promise<URL> {
  const urls = [...(email.body.text ?? "").matchAll(/https?:\/\/\S+\/respond\/\S+/g)].map((m) => m[0]);
  expect(urls).toHaveLength(3);
  const signer = stack.linkKeys.signer("web");
  for (const url of urls) {
    const check = await signer.verify(new URL(url).pathname.split("/").pop() ?? "", new Date());
    if (check.ok && check.claims.action === action) return new URL(url);
  }
  throw new Error(`no ${action} link in the email`);
}

/** What a browser does with the link: open it, then press the button (same cookies, the form's token). */
async function answer(link: URL): Promise<{ opened: string; done: { status: number; body: string } }> {
  const opened = await fetch(link);
  const page = await opened.text();
  const cookies = opened.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const csrf = /name="_csrf" value="([^"]*)"/.exec(page)?.[1] ?? "";
  const posted = await fetch(link, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies, origin: link.origin },
    body: new URLSearchParams({ _csrf: csrf }).toString(),
  });
  return { opened: page, done: { status: posted.status, body: await posted.text() } };
}

describe("a clerk answers from the report email and the resident hears back", () => {
  it("In progress from the email: the case moves, the resident who asked is told, the one who did not is not", async () => {
    const asked = "hears-back@example.net";
    const notAsked = "no-news@example.net";
    const askedRef = await report(asked, true);
    const notAskedRef = await report(notAsked, false);
    await queueDrained(stack);

    for (const [reference, resident] of [
      [askedRef, asked],
      [notAskedRef, notAsked],
    ] as const) {
      const email = await clerkEmail(reference, resident);
      expect(email.body.html).toContain("In progress");
      const link = await linkIn(email, "in-progress");
      expect(link.origin).toBe(new URL(stack.urls.api).origin);
      const { opened, done } = await answer(link);
      expect(opened).toContain(reference);
      expect(done.status).toBeLessThan(400);
      expect((await stack.app.caseStore.get(reference))?.status).toBe("in-progress");
      const timeline = await stack.app.caseStore.timeline(reference);
      expect(timeline.some((e) => e.type === "status-changed" && e.actor?.startsWith("clerk-link:"))).toBe(
        true,
      );
    }
    await queueDrained(stack);

    const updatesTo = async (address: string) =>
      (await emailsAbout(stack.urls.ses, "Update on your report")).filter((e) =>
        e.destination.to.includes(address),
      );
    const [update, ...more] = await updatesTo(asked);
    expect(more).toEqual([]);
    expect(update?.subject).toBe(`Update on your report ${askedRef}`);
    expect(update?.body.text).toContain("In progress");
    expect(update?.body.html).toContain("In progress");
    expect(await updatesTo(notAsked)).toEqual([]);

    // The same link again says it was used, and nothing more happens: no second update email.
    const again = await answer(await linkIn(await clerkEmail(askedRef, asked), "in-progress"));
    expect(again.opened).toMatch(/already been used/i);
    expect(again.done.status).toBeGreaterThanOrEqual(400);
    await queueDrained(stack);
    expect(await updatesTo(asked)).toHaveLength(1);
  });
});
