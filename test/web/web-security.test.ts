import { request as httpRequest } from "node:http";
import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { demoPlaces, FormSession } from "../helpers/browser.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// The form over plain HTTP: headers, cookies, CSRF, double submission, skipping pages by URL and
// the static assets. No browser needed.

const { unparished } = demoPlaces();

let stack: LocalStack;
let base: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  base = stack.urls.api;
});

/** A session that has a CSRF token: it has seen the first question. */
async function begin(): Promise<FormSession> {
  const session = new FormSession(base);
  await session.get("/speeding");
  await session.get("/speeding/questions/danger");
  expect(session.csrf).toMatch(/^[0-9a-f-]{36}$/);
  return session;
}

/** Answers every page up to check your answers, for an unparished street (district mailbox). */
async function walkToCheckAnswers(session: FormSession) {
  const steps: Array<[string, Record<string, string>]> = [
    ["/speeding/questions/danger", { danger: "no" }],
    ["/speeding/questions/road-type", { "road-type": "residential" }],
    ["/speeding/questions/outcome", { outcome: "speedwatch" }],
    ["/speeding/location", { postcode: unparished.postcode }],
    ["/speeding/details", { description: "Speeding on the bypass." }],
    ["/speeding/contact", {}],
  ];
  for (const [path, fields] of steps) {
    const response = await session.post(path, fields);
    expect(response.status, `POST ${path}`).toBe(303);
  }
  const check = await session.get("/speeding/check-answers");
  expect(check.status).toBe(200);
}

const h1 = (body: string) => /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(body)?.[1]?.trim();

describe("security headers on every kind of page", () => {
  it.each([
    ["the list of services", "GET", "/", 200],
    ["a start page", "GET", "/speeding", 200],
    ["a question", "GET", "/speeding/questions/danger", 200],
    ["the privacy notice", "GET", "/privacy", 200],
    ["a page that does not exist", "GET", "/speeding/nowhere", 404],
    ["a refused POST", "POST", "/speeding/questions/danger", 403],
  ])("%s", async (_, method, path, status) => {
    const session = await begin();
    const response =
      method === "GET"
        ? await session.get(path)
        : await session.post(path, { danger: "no" }, { csrf: false });
    expect(response.status).toBe(status);
    const csp = response.headers.get("content-security-policy") ?? "";
    const directives = Object.fromEntries(
      csp.split(";").map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(directives["frame-ancestors"]).toEqual(["'none'"]);
    expect(directives["default-src"]).toEqual(["'self'"]);
    expect(directives["object-src"]).toEqual(["'none'"]);
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    // Every inline script carries this response's nonce; every other script is same-origin.
    for (const [tag] of response.body.matchAll(/<script\b[^>]*>/g)) {
      if (/\bsrc=/.test(tag)) expect(tag).toMatch(/src="\/assets\//);
      else expect(tag).toContain(`nonce="${nonce}"`);
    }
    const hsts = response.headers.get("strict-transport-security") ?? "";
    expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
    expect(hsts).toContain("includeSubDomains");
    expect(response.headers.get("referrer-policy")).toMatch(/^(no-referrer|same-origin|strict-origin)$/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("uses a fresh CSP nonce for each response", async () => {
    const session = await begin();
    const nonces = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const csp = (await session.get("/speeding/questions/danger")).headers.get("content-security-policy");
      nonces.add(/'nonce-([^']+)'/.exec(csp ?? "")?.[1] ?? "");
    }
    expect(nonces.size).toBe(3);
  });

  it("sets an HttpOnly, SameSite=Lax session cookie holding only a random id", async () => {
    const response = await fetch(`${base}/speeding`);
    const [cookie, ...others] = response.headers.getSetCookie();
    expect(others).toEqual([]);
    const [pair, ...attributes] = (cookie ?? "").split(/;\s*/);
    expect(pair).toMatch(/^signpost_session=[0-9a-f]{64}$/);
    expect(attributes).toEqual(expect.arrayContaining(["Path=/", "HttpOnly", "SameSite=Lax"]));
  });
});

describe("CSRF protection", () => {
  const refused = (response: { status: number; body: string }) => {
    expect(response.status).toBe(403);
    expect(h1(response.body)).toBe("You need to start again");
    expect(response.body).toContain('<a class="govuk-link" href="/">Start again</a>');
  };

  it("refuses a POST without the token, and does not record the answer", async () => {
    const session = await begin();
    refused(await session.post("/speeding/questions/danger", { danger: "no" }, { csrf: false }));
    // Still on the first question: the answer was not kept.
    const next = await session.get("/speeding/questions/road-type");
    expect(next.status).toBe(303);
    expect(next.location).toBe("/speeding/questions/danger");
  });

  it.each([
    ["a wrong token", () => "00000000-0000-4000-8000-000000000000"],
    ["an empty token", () => ""],
    ["a token with extra characters", (token: string) => `${token}x`],
  ])("refuses a POST with %s", async (_, tamper) => {
    const session = await begin();
    const body = new URLSearchParams({ _csrf: tamper(session.csrf ?? ""), danger: "no" }).toString();
    refused(await session.post("/speeding/questions/danger", body, { csrf: false }));
  });

  it("refuses another session's token", async () => {
    const [mine, theirs] = await Promise.all([begin(), begin()]);
    expect(mine.csrf).not.toBe(theirs.csrf);
    const body = new URLSearchParams({ _csrf: theirs.csrf ?? "", danger: "no" }).toString();
    refused(await mine.post("/speeding/questions/danger", body, { csrf: false }));
  });

  it.each([
    ["no session cookie", undefined],
    ["an unknown session id", `signpost_session=${"a".repeat(64)}`],
    ["a malformed session cookie", "signpost_session=../../etc/passwd"],
  ])("sends a POST with %s to the start-again page", async (_, cookie) => {
    const donor = await begin();
    const session = new FormSession(base);
    session.cookie = cookie;
    session.csrf = donor.csrf;
    refused(await session.post("/speeding/questions/danger", { danger: "no" }));
  });
});

describe("the journey cannot be skipped or bent by URL", () => {
  it("redirects a page asked for too early to the first unanswered question", async () => {
    const session = await begin();
    for (const path of [
      "/speeding/location",
      "/speeding/details",
      "/speeding/check-answers",
      "/speeding/confirmation",
    ]) {
      const response = await session.get(path);
      expect(response.status, path).toBe(303);
      expect(response.location, path).toBe("/speeding/questions/danger");
    }
    const post = await session.post("/speeding/details", { description: "Skipped ahead" });
    expect(post.location).toBe("/speeding/questions/danger");
    const later = await session.post("/speeding/questions/outcome", { outcome: "speedwatch" });
    expect(later.location).toBe("/speeding/questions/danger");
  });

  it("refuses an answer that is not one of the options", async () => {
    const session = await begin();
    const response = await session.post("/speeding/questions/danger", { danger: "maybe" });
    expect(response.status).toBe(400);
    expect(response.body).toContain("Select yes if anyone is in immediate danger");
  });

  it("answers 404 for a service that does not exist", async () => {
    const session = await begin();
    const response = await session.get("/potholes");
    expect(response.status).toBe(404);
    expect(h1(response.body)).toBe("Page not found");
  });

  it("refuses a body that is not a form, or too large, without a server error", async () => {
    const session = await begin();
    const json = await fetch(`${base}/speeding/questions/danger`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/json", cookie: session.cookie ?? "" },
      body: JSON.stringify({ _csrf: session.csrf, danger: "no" }),
    });
    expect(json.status).toBe(415);
    const huge = await session.post("/speeding/details", { description: "x".repeat(40_000) });
    expect(huge.status).toBe(413);
  });
});

describe("double submission", () => {
  it("makes one case from two simultaneous sends, and shows the same reference again", async () => {
    const session = await begin();
    await walkToCheckAnswers(session);
    const [first, second] = await Promise.all([
      session.post("/speeding/check-answers", {}),
      session.post("/speeding/check-answers", {}),
    ]);
    expect([first.status, second.status]).toEqual([303, 303]);
    expect([first.location, second.location]).toEqual(["/speeding/confirmation", "/speeding/confirmation"]);
    const confirmation = await session.get("/speeding/confirmation");
    const reference = /<strong>(SPD-[A-Z0-9]{4}-[A-Z0-9]{4})<\/strong>/.exec(confirmation.body)?.[1];
    expect(reference).toBeDefined();

    // A third send, after the confirmation, shows the confirmation again.
    const third = await session.post("/speeding/check-answers", {});
    expect(third.location).toBe("/speeding/confirmation");
    expect((await session.get("/speeding/confirmation")).body).toContain(`<strong>${reference}</strong>`);

    await queueDrained(stack);
    const emails = await emailsAbout(stack.urls.ses, reference ?? "none");
    expect(emails.map((e) => e.destination.to)).toEqual([[stack.config.DISTRICT_EMAIL]]);
  });

  it("starts a new report, with a new reference, from the start page after sending", async () => {
    const session = await begin();
    await walkToCheckAnswers(session);
    await session.post("/speeding/check-answers", {});
    const firstReference = /<strong>(SPD-[^<]+)<\/strong>/.exec(
      (await session.get("/speeding/confirmation")).body,
    )?.[1];
    await session.get("/speeding");
    expect((await session.get("/speeding/check-answers")).location).toBe("/speeding/questions/danger");
    await walkToCheckAnswers(session);
    await session.post("/speeding/check-answers", {});
    const secondReference = /<strong>(SPD-[^<]+)<\/strong>/.exec(
      (await session.get("/speeding/confirmation")).body,
    )?.[1];
    expect(secondReference).toMatch(/^SPD-/);
    expect(secondReference).not.toBe(firstReference);
  });
});

describe("static assets, served locally", () => {
  it.each([
    ["/assets/signpost.css", "text/css"],
    ["/assets/govuk-frontend.min.js", "text/javascript"],
    ["/assets/app.mjs", "text/javascript"],
    ["/assets/favicon.svg", "image/svg+xml"],
  ])("%s loads with 200", async (path, type) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain(type);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  // GDS Transport is for GOV.UK services only: the pages use Arial, and the font files and the
  // precompiled stylesheet that asks for them are not served. Nor is the crown: govuk-frontend's
  // icons, crest and manifest.
  it.each([
    "/assets/fonts/light-94a07e06a1-v2.woff2",
    "/assets/fonts/bold-b542beb274-v2.woff2",
    "/assets/govuk-frontend.min.css",
    "/assets/images/favicon.ico",
    "/assets/images/govuk-crest.svg",
    "/assets/manifest.json",
  ])("does not serve govuk-frontend's %s", async (path) => {
    const response = await fetch(`${base}${path}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("text/html");
  });

  it.each([
    "/assets/..%2f..%2f..%2fpackage.json",
    "/assets/%2e%2e/%2e%2e/%2e%2e/package.json",
    "/assets/../package.json",
  ])("does not serve files outside the asset folders: %s", async (rawPath) => {
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const url = new URL(base);
      const req = httpRequest({ host: url.hostname, port: url.port, path: rawPath }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(404);
    expect(body).not.toContain('"name": "signpost"');
  });
});
