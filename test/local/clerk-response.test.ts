import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHmacLinkSigner } from "#adapters/links/hmac-link-signer.js";
import { fixedKeyRing } from "#adapters/links/key-ring.js";
import { newReference } from "#core/case/reference.js";
import type { ClerkAction } from "#core/links/clerk-link.js";
import type { LinkSigner } from "#core/ports/link-signer.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aStoredCase } from "../helpers/builders.js";
import { TEST_FIRST_COUNCIL } from "../helpers/memory-case-store.js";

// A clerk's one-click links against the whole local stack: signed with the stack's own key ring
// (its local Secrets Manager secret), opened and answered over HTTP as a browser would, each
// answer checked on the case, its timeline and its public updates.

// The logger takes its level from the environment when first loaded: set it before the stack loads.
process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
const { queueDrained, useLocalStack } = await import("../helpers/local-stack.js");
const { tableItemCount } = await import("../helpers/browser.js");
let output = "";
const writeOut = process.stdout.write.bind(process.stdout);
const writeErr = process.stderr.write.bind(process.stderr);
beforeAll(() => {
  const capture = (write: typeof writeOut) =>
    ((chunk: string | Uint8Array, ...rest: never[]) => {
      output += chunk.toString();
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = capture(writeOut);
  process.stderr.write = capture(writeErr);
});
afterAll(() => {
  process.stdout.write = writeOut;
  process.stderr.write = writeErr;
});

let stack: LocalStack;
useLocalStack({}, (started) => {
  stack = started;
});

/** Links signed with the stack's own key ring (its local Secrets Manager secret). */
let signer: LinkSigner;
beforeAll(() => {
  signer = createHmacLinkSigner(fixedKeyRing(stack.linkKeys.ring()));
});

const ASHCOMBE = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };

async function aParishCase(): Promise<string> {
  const reference = newReference("SPD", (max) => Math.floor(Math.random() * max));
  await stack.app.caseStore.create(
    aStoredCase(reference, {
      destination: ASHCOMBE,
      routing: { ruleId: "r", requested: "parish", area: ASHCOMBE, reason: "test" },
      delivery: "sent",
      reporter: { email: "sam@example.com", shareWithParish: false, wantsUpdates: true },
    }),
    [],
  );
  return reference;
}

function linkFor(s: LinkSigner, reference: string, action: ClerkAction, expiresIn = 86_400) {
  return s.sign({
    reference,
    action,
    destination: ASHCOMBE.code,
    expiresAt: Math.floor(Date.now() / 1000) + expiresIn,
    linkId: randomUUID(),
  });
}

/** A browser's cookie jar for one clerk. */
class Clerk {
  cookies = new Map<string, string>();
  csrf = "";
  async open(path: string, init: RequestInit = {}) {
    const response = await fetch(new URL(path, stack.urls.api), {
      ...init,
      redirect: "manual",
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
    });
    for (const set of response.headers.getSetCookie()) {
      const [pair = ""] = set.split(";");
      const at = pair.indexOf("=");
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const body = await response.text();
    this.csrf = /name="_csrf" value="([^"]*)"/.exec(body)?.[1] ?? this.csrf;
    return { status: response.status, headers: response.headers, body };
  }
  post(path: string, form: Record<string, string> = {}, csrf = this.csrf) {
    return this.open(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrf, ...form }).toString(),
    });
  }
}

async function stateOf(reference: string) {
  const updates = await stack.app.publicUpdates.list({
    council: TEST_FIRST_COUNCIL,
    from: "2000-01-01T00:00:00.000Z",
    to: "2100-01-01T00:00:00.000Z",
    limit: 1000,
  });
  return {
    case: await stack.app.caseStore.get(reference),
    timeline: await stack.app.caseStore.timeline(reference),
    updates: updates.filter((u) => u.reference === reference),
  };
}

const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

describe("a clerk's one-click links on the local stack", () => {
  it("a mail scanner fetching every link 3 times changes nothing, and the pages leak no token", async () => {
    const s = signer;
    const reference = await aParishCase();
    const before = await stateOf(reference);
    const items = await tableItemCount(stack.urls.dynamodb, stack.config.TABLE_NAME);
    for (const action of ["received", "in-progress", "not-for-us"] as const) {
      const path = `/respond/${await linkFor(s, reference, action)}`;
      for (let i = 0; i < 3; i++) {
        const page = await new Clerk().open(path);
        expect(page.status).toBe(200);
        expect(page.headers.get("cache-control")).toBe("no-store");
        expect(page.headers.get("referrer-policy")).toBe("same-origin");
        // The form session's cookie is not set: only the page's own CSRF cookie.
        expect(page.headers.getSetCookie().map((c) => c.split("=")[0])).toEqual(["signpost_respond_csrf"]);
        expect(text(page.body)).not.toMatch(/reply to the email/i);
        expect(page.headers.get("x-robots-tag")).toBe("noindex");
        expect(page.body).toContain(reference);
        expect(page.body).not.toContain("sam@example.com");
      }
    }
    expect(await stateOf(reference)).toEqual(before);
    // Not even a form session is stored.
    expect(await tableItemCount(stack.urls.dynamodb, stack.config.TABLE_NAME)).toBe(items);
  });

  it("received: the clerk confirms, the timeline says who, the status stays new; a second press is refused", async () => {
    const s = signer;
    const reference = await aParishCase();
    const path = `/respond/${await linkFor(s, reference, "received")}`;
    const clerk = new Clerk();
    const page = await clerk.open(path);
    expect(text(page.body)).toContain(
      `Tell ${stack.config.DISTRICT_COUNCIL_NAME} you have received this report`,
    );
    const done = await clerk.post(path);
    expect(done.status).toBe(200);
    expect(text(done.body)).toContain("Report marked as received");
    expect(text(done.body)).toContain("The resident asked for updates, so we will email them");
    expect(text(done.body)).toContain(
      `email ${stack.config.DISTRICT_COUNCIL_NAME} at ${stack.config.DISTRICT_EMAIL}`,
    );
    // The resident asked for updates: the answer's update is emailed to them.
    await queueDrained(stack);
    const after = await stateOf(reference);
    expect(after.case?.status).toBe("new");
    expect(after.timeline.map((e) => [e.type, e.actor])).toEqual([
      ["public-update", "clerk-link:E04999001"],
      ["resident-emailed", "system"],
    ]);
    expect(after.updates.map((u) => u.text)).toEqual([
      "Ashcombe Parish Council has received your report and will look at it.",
    ]);
    const again = await clerk.post(path);
    expect(text(again.body)).toContain("This link has already been used");
    expect(text(again.body)).toContain(
      `to tell ${stack.config.DISTRICT_COUNCIL_NAME} you have received this report`,
    );
    expect((await stateOf(reference)).timeline).toEqual(after.timeline);
    await queueDrained(stack);
  });

  it("in progress: the status moves and the public are told", async () => {
    const s = signer;
    const reference = await aParishCase();
    const path = `/respond/${await linkFor(s, reference, "in-progress")}`;
    const clerk = new Clerk();
    await clerk.open(path);
    expect(text((await clerk.post(path)).body)).toContain("Report marked as in progress");
    const after = await stateOf(reference);
    expect(after.case?.status).toBe("in-progress");
    expect(after.timeline.map((e) => e.type)).toEqual(["status-changed", "public-update"]);
    expect(after.updates.map((u) => u.status)).toEqual(["in-progress"]);
    // Another in-progress link now says so and adds nothing.
    const other = `/respond/${await linkFor(s, reference, "in-progress")}`;
    expect(text((await new Clerk().open(other)).body)).toContain("This report is already in progress");
    await queueDrained(stack);
  });

  it("not for us: a reason is required, then the case goes back to the district and is emailed there", async () => {
    const s = signer;
    const reference = await aParishCase();
    const path = `/respond/${await linkFor(s, reference, "not-for-us")}`;
    const received = `/respond/${await linkFor(s, reference, "received")}`;
    const clerk = new Clerk();
    await clerk.open(path);
    const empty = await clerk.post(path, { reason: "  " });
    expect(empty.status).toBe(400);
    expect(text(empty.body)).toContain("There is a problem");
    expect(empty.body).toContain('href="#reason"');
    expect((await stateOf(reference)).timeline).toEqual([]);
    const done = await clerk.post(path, { reason: "The lane is the county's, not ours." });
    expect(text(done.body)).toContain("Report sent back to Exampleshire Vale District Council");
    const after = await stateOf(reference);
    expect(after.case?.destination.code).toBe(stack.config.DISTRICT_CODE);
    expect(after.case?.routing.ruleId).toBe("clerk-not-for-us");
    const rerouted = after.timeline.find((e) => e.type === "rerouted");
    expect(rerouted?.actor).toBe("clerk-link:E04999001");
    expect(rerouted?.summary).toContain("The lane is the county's, not ours.");
    await queueDrained(stack);
    expect((await stack.app.caseStore.get(reference))?.recipient).toBe(stack.config.DISTRICT_EMAIL);
    // The parish's other links now say the report has moved.
    const moved = await new Clerk().open(received);
    expect(moved.status).toBe(409);
    expect(text(moved.body)).toContain("This report is no longer with Ashcombe Parish Council");
  });

  it("three presses of one link at once act once: one update, one dispatch job, one resident email", async () => {
    const reference = await aParishCase();
    const path = `/respond/${await linkFor(signer, reference, "not-for-us")}`;
    const clerk = new Clerk();
    await clerk.open(path);
    const origin = new URL(stack.urls.api).origin;
    const pages = await Promise.all(
      [1, 2, 3].map(() =>
        clerk.open(path, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", origin },
          body: new URLSearchParams({ _csrf: clerk.csrf, reason: "Not ours" }).toString(),
        }),
      ),
    );
    expect(pages.map((p) => p.status).sort()).toEqual([200, 409, 409]);
    expect(pages.filter((p) => text(p.body).includes("This link is being used now"))).toHaveLength(2);
    await queueDrained(stack);
    const after = await stateOf(reference);
    const count = (type: string) => after.timeline.filter((e) => e.type === type).length;
    expect([count("rerouted"), count("public-update"), count("resident-emailed")]).toEqual([1, 1, 1]);
    expect(after.updates).toHaveLength(1);
    // One dispatch job for the district: the case was emailed there once.
    expect(count("sent")).toBe(1);
  });

  it("says a problem that is not the reason's at the top of the page, with no link to the field", async () => {
    const reference = await aParishCase();
    // Being emailed just now: a re-route must wait for the send to finish.
    await stack.app.caseStore.transitionDelivery(reference, ["sent"], { delivery: "sending" });
    const path = `/respond/${await linkFor(signer, reference, "not-for-us")}`;
    const clerk = new Clerk();
    await clerk.open(path);
    const page = await clerk.post(path, { reason: "Not ours" });
    expect(page.status).toBe(409);
    expect(text(page.body)).toContain("There is a problem");
    expect(text(page.body)).toContain("The case is being sent now; try again in a minute");
    expect(page.body).not.toContain('href="#reason"');
    expect(page.body).not.toContain("govuk-error-message");
  });

  it("refuses every answer on a closed case, 'not for us' too, changing nothing", async () => {
    const reference = await aParishCase();
    await stack.app.caseStore.changeStatus(reference, "new", "closed");
    const before = await stateOf(reference);
    for (const action of ["received", "in-progress", "not-for-us"] as const) {
      const path = `/respond/${await linkFor(signer, reference, action)}`;
      const clerk = new Clerk();
      expect((await clerk.open(path)).status).toBe(409);
      // The refusal page has no form: a POST (from a page opened before the case closed) carries the cookie's token.
      const posted = await clerk.post(
        path,
        { reason: "Not ours" },
        clerk.cookies.get("signpost_respond_csrf"),
      );
      expect(posted.status).toBe(409);
      expect(text(posted.body)).toContain("This report is closed");
    }
    expect(await stateOf(reference)).toEqual(before);
  });

  it("refuses a POST without the page's token, and a broken or expired link, changing nothing", async () => {
    const s = signer;
    const reference = await aParishCase();
    const before = await stateOf(reference);
    const path = `/respond/${await linkFor(s, reference, "in-progress")}`;
    const clerk = new Clerk();
    await clerk.open(path);
    expect((await clerk.post(path, {}, "forged-token")).status).toBe(403);
    // The page keeps its origin on a same-origin POST (Referrer-Policy: same-origin), so an
    // Origin: null is refused, as is a POST from another site, token or not.
    const crossSite = {
      "content-type": "application/x-www-form-urlencoded",
      origin: "null",
      "sec-fetch-site": "cross-site",
    };
    const body = new URLSearchParams({ _csrf: clerk.csrf }).toString();
    expect((await clerk.open(path, { method: "POST", headers: crossSite, body })).status).toBe(403);
    const nullOrigin = { "content-type": "application/x-www-form-urlencoded", origin: "null" };
    expect((await clerk.open(path, { method: "POST", headers: nullOrigin, body })).status).toBe(403);
    expect(
      (
        await clerk.open(path, {
          method: "POST",
          headers: { ...crossSite, origin: "https://elsewhere.example" },
          body,
        })
      ).status,
    ).toBe(403);
    expect((await new Clerk().post(path, {}, clerk.csrf)).status).toBe(403);
    const broken = await new Clerk().open(`${path.slice(0, -3)}AAA`);
    expect(broken.status).toBe(404);
    expect(text(broken.body)).toContain("This link does not work");
    expect(broken.headers.get("referrer-policy")).toBe("same-origin");
    const expired = await new Clerk().open(`/respond/${await linkFor(s, reference, "received", -1)}`);
    expect(expired.status).toBe(410);
    expect(text(expired.body)).toContain("This link has expired");
    expect(await stateOf(reference)).toEqual(before);
    // The refused POST was logged with its path, but never the token.
    expect(output).toContain("/respond/[token]");
    expect(output).not.toContain(path.slice("/respond/".length));
  });
});
