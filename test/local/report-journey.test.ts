import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport, SPEEDWATCH_ANSWERS } from "../helpers/builders.js";
import { demoClerks, demoParishes, demoPostcodes } from "../helpers/demo-data.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// One report end to end through the real local endpoints: gateway → intake → dynalite → queue →
// dispatch → Modern.Gov server → SES emulator.

let stack: LocalStack;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
});

const answers = SPEEDWATCH_ANSWERS;

/** The union of every field the API answers with, loosely, for assertions. */
interface ApiBody {
  reference: string;
  destination: { kind: string; code: string; name: string };
  outcome?: string;
  rule?: string;
  title?: string;
  detail?: string;
  status?: number;
  errors: Array<{ field: string; message: string }>;
}

async function report(body: object | string, headers: Record<string, string> = {}) {
  const response = await postReport(stack.urls.api, body, headers);
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: (await response.json()) as ApiBody,
  };
}

const postcodes = demoPostcodes();
const clerks = demoClerks().parishCouncils;
const parishes = demoParishes();
const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/\b(st|saint)\b/g, "saint")
    .replace(/&/g, "and")
    .replace(/[^a-z]/g, "");
/** The parish whose directory entry matches, found by loose name comparison. */
const clerkFor = (code: string) => {
  const name = parishes.find((p) => p.code === code)?.name;
  return name === undefined ? undefined : clerks.find((c) => norm(c.title).startsWith(norm(name)));
};
const postcodeWhere = (predicate: (expected: string) => boolean) => {
  const found = postcodes.find((p) => predicate(p.expected));
  if (!found) throw new Error("demo data lacks such a postcode");
  return found;
};
const fullClerkPostcode = postcodeWhere(
  (e) => clerkFor(e)?.xmlDetail === "full" && !!clerkFor(e)?.clerk?.email,
);
const nameOnlyPostcode = postcodeWhere(
  (e) => clerkFor(e)?.xmlDetail === "name-only" && !!clerkFor(e)?.clerk?.email,
);
const noContactPostcode = postcodeWhere((e) => e.startsWith("E04") && clerkFor(e)?.clerk === null);
const missingPostcode = postcodeWhere((e) => e.startsWith("E04") && clerkFor(e) === undefined);
const unparishedPostcode = postcodeWhere((e) => e === "unparished");
const outsidePostcode = postcodeWhere((e) => e === "outside");

/** Every item in the table, read straight from dynalite: proves "nothing stored" without trusting our store. */
async function itemCount(): Promise<number> {
  const client = new DynamoDBClient({
    endpoint: stack.urls.dynamodb,
    region: "eu-west-2",
    credentials: { accessKeyId: "x", secretAccessKey: "x" },
  });
  const { Count } = await client.send(
    new ScanCommand({ TableName: stack.config.TABLE_NAME, Select: "COUNT" }),
  );
  client.destroy();
  return Count ?? 0;
}

async function settled(reference: string) {
  await queueDrained(stack);
  const stored = await stack.app.caseStore.get(reference);
  // Reports here share a few points, so later ones are marked possible duplicates of earlier ones:
  // test/local/possible-duplicates.test.ts is about that, so it is left out of the steps here.
  const timeline = (await stack.app.caseStore.timeline(reference)).filter(
    (e) => e.type !== "possible-duplicate",
  );
  return { stored, timeline, types: timeline.map((e) => e.type) };
}

describe("POST /api/reports on the local stack", () => {
  it("routes a parish report to that parish's clerk, stores it and emails it", async () => {
    const clerk = clerkFor(fullClerkPostcode.expected);
    const res = await report(
      aReport({
        location: { postcode: fullClerkPostcode.postcode.toLowerCase() },
        roadName: "Mill Lane",
        description: "Cars speed past the primary school every morning.",
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.reference).toMatch(/^SPD-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    expect(res.body.destination).toEqual({
      kind: "parish",
      code: fullClerkPostcode.expected,
      name: parishes.find((p) => p.code === fullClerkPostcode.expected)?.name,
    });

    const { stored, types, timeline } = await settled(res.body.reference);
    expect(stored).toMatchObject({
      status: "new",
      delivery: "sent",
      recipient: clerk?.clerk?.email,
      service: "speeding",
    });
    expect(stored?.location).toMatchObject({ postcode: fullClerkPostcode.postcode, roadName: "Mill Lane" });
    expect(types).toEqual(["submitted", "queued", "sent"]);
    expect(timeline[2]?.data?.recipient).toBe(clerk?.clerk?.email);

    const [email, ...others] = await emailsAbout(stack.urls.ses, res.body.reference);
    expect(others).toEqual([]);
    expect(email?.destination.to).toEqual([clerk?.clerk?.email]);
    expect(email?.from).toContain("exampleshire-vale.example.org");
    expect(email?.subject).toContain(res.body.reference);
    for (const part of [email?.body.text, email?.body.html]) {
      expect(part).toContain(res.body.reference);
      expect(part).toContain(fullClerkPostcode.postcode);
      expect(part).toContain("Mill Lane");
      expect(part).toContain("Join or start a Community Speedwatch group");
      expect(part).toContain("Is anyone in immediate danger?");
      expect(part).toContain("Cars speed past the primary school every morning.");
    }
  });

  it("uses the clerk's email from the HTML details list when the web service has only the name", async () => {
    const clerk = clerkFor(nameOnlyPostcode.expected);
    const res = await report(
      aReport({
        location: { postcode: nameOnlyPostcode.postcode },
        description: "Speeding.",
      }),
    );
    expect(res.status).toBe(201);
    const { stored, timeline } = await settled(res.body.reference);
    expect(stored?.recipient).toBe(clerk?.clerk?.email);
    // The look-up chain reads the all-parishes details list before the index and each `?ID=` page.
    expect(String(timeline.find((e) => e.type === "sent")?.data?.contactSource)).toContain(
      "mgParishCouncilDetailsList.aspx",
    );
  });

  it("accepts coordinates as the location", async () => {
    const res = await report(
      aReport({
        location: { lat: fullClerkPostcode.lat, lng: fullClerkPostcode.lng },
        description: "Speeding.",
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.destination.code).toBe(fullClerkPostcode.expected);
  });

  it("sends an unparished location to the district mailbox", async () => {
    const res = await report(
      aReport({
        location: { postcode: unparishedPostcode.postcode },
        description: "Speeding.",
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.destination).toMatchObject({ kind: "district", code: "E07999999" });
    const { stored } = await settled(res.body.reference);
    expect(stored?.routing.reason).toMatch(/not in a parish/);
    const [email] = await emailsAbout(stack.urls.ses, res.body.reference);
    expect(email?.destination.to).toEqual([stack.config.DISTRICT_EMAIL]);
  });

  it("sends enforcement requests to the road safety partnership even inside a parish", async () => {
    const res = await report(
      aReport({
        answers: { outcome: "enforcement" },
        location: { postcode: fullClerkPostcode.postcode },
        description: "Speeding.",
      }),
    );
    expect(res.body.destination).toMatchObject({ kind: "body", code: "exampleshire-safer-roads" });
    await settled(res.body.reference);
    const emails = await emailsAbout(stack.urls.ses, res.body.reference);
    expect(emails.map((e) => e.destination.to)).toContainEqual([
      "enforcement@saferroads.exampleshire.example.org",
    ]);
  });

  it.each([
    ["has no clerk contact", () => noContactPostcode, /no email address/],
    ["is not in the directory", () => missingPostcode, /no email address/],
  ])("falls back to the district when the parish %s, saying why on the timeline", async (_, pick, reason) => {
    const res = await report(
      aReport({
        location: { postcode: pick().postcode },
        description: "Speeding.",
      }),
    );
    expect(res.status).toBe(201);
    const { stored, timeline, types } = await settled(res.body.reference);
    expect(types).toEqual(["submitted", "queued", "rerouted", "sent"]);
    expect(timeline[2]?.summary).toMatch(reason);
    expect(stored).toMatchObject({
      delivery: "sent",
      recipient: stack.config.DISTRICT_EMAIL,
      destination: { kind: "district" },
    });
    const [email] = await emailsAbout(stack.urls.ses, res.body.reference);
    expect(email?.destination.to).toEqual([stack.config.DISTRICT_EMAIL]);
    expect(email?.body.text).toMatch(/This report was sent to .* because/);
  });

  it("answers 422 for a location outside the district", async () => {
    const res = await report(
      aReport({
        location: { postcode: outsidePostcode.postcode },
        description: "Speeding.",
      }),
    );
    expect(res.status).toBe(422);
    expect(res.type).toBe("application/problem+json");
    expect(res.body).toMatchObject({ status: 422, title: "That location is outside our area" });
    expect(res.body.detail).toContain("Exampleshire Vale");
  });

  it("answers 422 for a real postcode from elsewhere, naming the field (not 'could not find')", async () => {
    const res = await report(aReport({ location: { postcode: "SW1A 1AA" }, description: "Speeding." }));
    expect(res.status).toBe(422);
    expect(res.type).toBe("application/problem+json");
    expect(res.body).toMatchObject({
      status: 422,
      type: "https://signpost.example/problems/outside-district",
      detail: "SW1A 1AA is outside Exampleshire Vale. Contact the council for that area instead.",
      errors: [{ field: "location.postcode", message: "The postcode must be in Exampleshire Vale" }],
    });
  });

  it("signposts immediate danger to 999 and stores nothing", async () => {
    const before = await itemCount();
    const res = await report({
      service: "speeding",
      answers: { danger: "yes" },
      location: { postcode: fullClerkPostcode.postcode },
      description: "Now!",
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ outcome: "signpost", rule: "immediate-danger", title: "Call 999 now" });
    expect(res.body.reference).toBeUndefined();
    expect(stack.queue.depth).toEqual({ visible: 0, inFlight: 0, deadLetters: 0 });
    expect(await itemCount()).toBe(before);
  });

  it("signposts motorways to National Highways", async () => {
    const res = await report({
      service: "speeding",
      answers: { danger: "no", "road-type": "motorway" },
      location: { lat: 0, lng: 0 },
      description: "x",
    });
    expect(res.body).toMatchObject({ outcome: "signpost", rule: "trunk-road" });
  });

  it("escapes HTML from the resident in the email", async () => {
    const hostile = `<script>alert("x")</script> & <img src=x onerror=alert(1)>`;
    const res = await report(
      aReport({
        location: { postcode: unparishedPostcode.postcode },
        description: hostile,
      }),
    );
    expect(res.status).toBe(201);
    await settled(res.body.reference);
    const [email] = await emailsAbout(stack.urls.ses, res.body.reference);
    expect(email?.body.html).toContain(
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;",
    );
    expect(email?.body.html).not.toContain("<script>");
    expect(email?.body.html).not.toContain("<img");
    expect(email?.body.text).toContain(hostile);
  });

  it("shares the resident's contact with the parish only with consent, and acknowledges the resident", async () => {
    const reporter = { name: "Sam Resident", email: "sam@example.com", phone: "01632 960 001" };
    const withheld = await report(
      aReport({
        location: { postcode: fullClerkPostcode.postcode },
        description: "x",
        reporter,
      }),
    );
    const shared = await report(
      aReport({
        location: { postcode: fullClerkPostcode.postcode },
        description: "x",
        reporter: { ...reporter, shareWithParish: true },
      }),
    );
    await settled(shared.body.reference);

    const withheldMail = await emailsAbout(stack.urls.ses, withheld.body.reference);
    const toClerk = withheldMail.find((e) => !e.destination.to.includes(reporter.email));
    expect(toClerk?.body.text).not.toContain(reporter.email);
    expect(toClerk?.body.text).not.toContain(reporter.phone);
    expect(toClerk?.replyTo).toEqual([stack.config.DISTRICT_EMAIL]);
    const ack = withheldMail.find((e) => e.destination.to.includes(reporter.email));
    expect(ack?.subject).toBe(`We have received your report: ${withheld.body.reference}`);
    expect(ack?.body.text).toContain(withheld.body.reference);

    const sharedMail = (await emailsAbout(stack.urls.ses, shared.body.reference)).find(
      (e) => !e.destination.to.includes(reporter.email),
    );
    expect(sharedMail?.body.text).toContain(reporter.email);
    // The email carries the clerk's one-click links, so a reply (which quotes them) goes to the
    // district; the clerk writes to the resident afresh.
    expect(sharedMail?.replyTo).toEqual([stack.config.DISTRICT_EMAIL]);
    expect(sharedMail?.body.text).toContain(`start a new email to ${reporter.email}`);
    const { types } = await settled(shared.body.reference);
    expect(types).toEqual(["submitted", "queued", "sent", "acknowledged"]);
  });
});

describe("POST /api/reports with an Idempotency-Key", () => {
  it("makes one case and one email from parallel duplicates", async () => {
    const key = `retry-${Date.now()}`;
    const body = aReport({ location: { postcode: unparishedPostcode.postcode }, description: "Once" });
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => report(body, { "idempotency-key": key })),
    );
    const references = new Set(responses.map((r) => r.body.reference));
    expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(references.size).toBe(1);
    const [reference] = [...references] as [string];
    await settled(reference);
    expect(await emailsAbout(stack.urls.ses, reference)).toHaveLength(1);
    const again = await report(body, { "idempotency-key": key });
    expect(again.body.reference).toBe(reference);
  });

  it("rejects a malformed key", async () => {
    const res = await report(aReport({ location: { postcode: "ZX1 5ZB" }, description: "x" }), {
      "idempotency-key": "short",
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { field: "Idempotency-Key", message: "Use 8 to 100 letters, digits, hyphens or underscores" },
    ]);
  });
});

describe("POST /api/reports with bad input", () => {
  const valid = aReport({ location: { postcode: "ZX1 1AA" }, description: "x" });

  it.each([
    ["wrong types", { ...valid, answers: "yes", description: 5 }, ["answers", "description"]],
    ["missing fields", {}, ["service", "answers", "location"]],
    // Whether a description is needed is the service's to say, so the core names it (issue 16).
    ["no description where the service needs one", { ...valid, description: "" }, ["description"]],
    ["a huge description", { ...valid, description: "x".repeat(5000) }, ["description"]],
    ["an unknown service", { ...valid, service: "potholes" }, ["service"]],
    ["a malformed postcode", { ...valid, location: { postcode: "12345" } }, ["location.postcode"]],
    ["markup in a name", { ...valid, reporter: { name: "<script>x</script>" } }, ["reporter.name"]],
    [
      "an answer that is not an option",
      { ...valid, answers: { ...answers, outcome: "bulldoze" } },
      ["answers.outcome"],
    ],
    ["a missing answer", { ...valid, answers: { danger: "no" } }, ["answers.road-type"]],
    ["a postcode we do not know", { ...valid, location: { postcode: "ZX2 1ZZ" } }, ["location.postcode"]],
  ])("400 for %s, naming each field", async (_, body, fields) => {
    const res = await report(body);
    expect(res.status).toBe(400);
    expect(res.type).toBe("application/problem+json");
    expect(res.body.errors.map((e) => e.field)).toEqual(fields);
    for (const e of res.body.errors) expect(e.message).toEqual(expect.any(String));
  });

  it("400 for a body that is not JSON, 415 for another content type, 413 for a huge body", async () => {
    expect((await report("{not json")).status).toBe(400);
    expect((await report(JSON.stringify(valid), { "content-type": "text/plain" })).status).toBe(415);
    expect((await report({ ...valid, description: "x".repeat(70_000) })).status).toBe(413);
  });

  it("404 and 405 as problem details for unknown routes and methods", async () => {
    const missing = await fetch(`${stack.urls.api}/api/nothing`);
    expect(missing.status).toBe(404);
    const wrong = await fetch(`${stack.urls.api}/api/reports`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });

  it("GET /health answers ok", async () => {
    const res = await fetch(`${stack.urls.api}/health`);
    expect(await res.json()).toEqual({
      status: "ok",
      service: "signpost",
      district: "Exampleshire Vale District Council",
    });
  });
});
