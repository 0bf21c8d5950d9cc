import { describe, expect, it } from "vitest";
import { londonDateTimeWords } from "#core/case/london-time.js";
import { DEMO_OPEN311_API_KEY } from "../../functions/config/open311-demo-key.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout, type StoredEmail } from "../helpers/ses-store.js";
import { postForm, xmlAsJson } from "./helpers.js";

// Open311 requests end to end on the local stack: the same routing, storage and email as the JSON
// API, spec-shaped errors, and reads that show no personal data.

let stack: LocalStack;
let base: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  base = `${stack.urls.api}/open311/v2`;
});

const postcodes = demoPostcodes();
const parishPoint = postcodes.find((p) => p.postcode === "ZX2 1FD") as (typeof postcodes)[number];
const unparished = postcodes.find((p) => p.expected === "unparished") as (typeof postcodes)[number];
const outside = postcodes.find((p) => p.expected === "outside") as (typeof postcodes)[number];

const valid = {
  api_key: DEMO_OPEN311_API_KEY,
  service_code: "speeding",
  lat: String(parishPoint.lat),
  long: String(parishPoint.lng),
  description: "Cars speed past the school.",
  "attribute[danger]": "no",
  "attribute[road-type]": "residential",
  "attribute[outcome]": "speedwatch",
};

type Open311Error = { code: number; description: string };

/** A clerk's one-click link's path: a signed token, unique to its case and its answer. */
const RESPOND_TOKEN = /\/respond\/[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*/g;

async function post(fields: Record<string, string>, format: "json" | "xml" = "json") {
  const response = await postForm(`${base}/requests.${format}`, fields);
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get("content-type"),
    body: (format === "json" ? JSON.parse(text) : xmlAsJson(text)) as Array<
      Open311Error & { service_request_id: string }
    >,
  };
}

async function settledEmails(reference: string): Promise<StoredEmail[]> {
  await queueDrained(stack);
  return emailsAbout(stack.urls.ses, reference);
}

describe("POST requests", () => {
  it("routes, stores and emails an Open311 report exactly as the JSON API does", async () => {
    const reporter = { name: "Sam Resident", email: "sam@example.com", phone: "01632 960 001" };
    const viaOpen311 = await post({
      ...valid,
      first_name: "Sam",
      last_name: "Resident",
      email: reporter.email,
      phone: reporter.phone,
    });
    const viaJson = await postReport(
      stack.urls.api,
      aReport({
        location: { lat: parishPoint.lat, lng: parishPoint.lng },
        description: valid.description,
        reporter,
      }),
    );
    expect(viaOpen311.status).toBe(201);
    expect(viaJson.status).toBe(201);
    const jsonBody = (await viaJson.json()) as { reference: string; destination: unknown };
    const open311Ref = viaOpen311.body[0]?.service_request_id as string;

    const [a, b] = await Promise.all([
      stack.app.caseStore.get(open311Ref),
      stack.app.caseStore.get(jsonBody.reference),
    ]);
    expect(a?.destination).toEqual(jsonBody.destination);
    expect(a?.destination).toEqual(b?.destination);
    expect(a?.routing).toEqual(b?.routing);

    // Apart from the reference, the moment each was reported and the clerk's one-click links
    // (signed per case, each with its own id, expiring a set time after the send), the emails are
    // the same; the later of the two, at the same place, is also marked a possible duplicate of the
    // earlier.
    const duplicateLine = new RegExp(
      `(<p><strong>)?Possible duplicate of ${open311Ref}(</strong></p>)?\\n\\n?`,
      "g",
    );
    const strip = (mail: StoredEmail[], reference: string) => {
      const at = reference === open311Ref ? a?.createdAt : b?.createdAt;
      const plain = (s: string | undefined) =>
        s
          ?.replace(duplicateLine, "")
          .replaceAll(reference, "REF")
          .replaceAll(at ?? "-", "TIME")
          .replaceAll(at ? londonDateTimeWords(at) : "-", "TIME")
          .replace(RESPOND_TOKEN, "/respond/TOKEN")
          .replace(/links expire on \d{1,2} [A-Z][a-z]+ \d{4}\./g, "links expire on DATE.");
      return mail
        .map((e) => ({
          to: e.destination.to,
          replyTo: e.replyTo,
          subject: plain(e.subject),
          text: plain(e.body.text),
          html: plain(e.body.html),
        }))
        .sort((x, y) => x.to.join().localeCompare(y.to.join()));
    };
    const open311Mail = strip(await settledEmails(open311Ref), open311Ref);
    const jsonRaw = await settledEmails(jsonBody.reference);
    expect(jsonRaw.find((e) => e.destination.to[0] !== reporter.email)?.body.text).toContain(
      `Possible duplicate of ${open311Ref}`,
    );
    const jsonMail = strip(jsonRaw, jsonBody.reference);
    // The clerk's report and the resident's acknowledgement.
    expect(open311Mail).toHaveLength(2);
    expect(open311Mail).toEqual(jsonMail);
    // What the normalising hid: each clerk's email has its own three links, in both parts.
    const tokens = async (reference: string) => {
      const toClerk = (await settledEmails(reference)).find((e) => e.destination.to[0] !== reporter.email);
      const inText = toClerk?.body.text?.match(RESPOND_TOKEN) ?? [];
      expect(new Set(inText).size).toBe(3);
      expect(new Set(toClerk?.body.html?.match(RESPOND_TOKEN))).toEqual(new Set(inText));
      return inText;
    };
    const open311Tokens = await tokens(open311Ref);
    for (const token of await tokens(jsonBody.reference)) expect(open311Tokens).not.toContain(token);
    const types = async (reference: string) =>
      (await stack.app.caseStore.timeline(reference))
        .map((e) => e.type)
        .filter((type) => type !== "possible-duplicate");
    expect(await types(open311Ref)).toEqual(await types(jsonBody.reference));
  });

  it.each([
    ["missing", { api_key: "" }, "api_key is required"],
    ["wrong", { api_key: "guess" }, "api_key is not valid"],
    ["almost right", { api_key: `${DEMO_OPEN311_API_KEY} ` }, "api_key is not valid"],
  ])("403 with a spec error for a %s api_key, in JSON and XML", async (_, change, description) => {
    for (const format of ["json", "xml"] as const) {
      const res = await post({ ...valid, ...change }, format);
      expect(res.status).toBe(403);
      expect(res.body).toEqual([{ code: format === "json" ? 403 : "403", description }]);
    }
  });

  it("404 for an unknown service_code, 400 for none", async () => {
    const unknown = await post({ ...valid, service_code: "potholes" });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual([{ code: 404, description: "service_code potholes not found" }]);
    const none = await post({ ...valid, service_code: "" });
    expect(none.status).toBe(400);
  });

  it("400 naming each field that stops the report being routed, and only those", async () => {
    const res = await post({
      ...valid,
      "attribute[outcome]": "bulldoze",
      "attribute[colour]": "red",
      "attribute[<b>]": "x",
      lat: "north",
      description: "\u202E",
      email: "not-an-email",
    });
    expect(res.status).toBe(400);
    const named = res.body.map((e) => e.description.split(":")[0]);
    // Unknown attributes are kept, an answer we do not know and a bad email are left off, and hidden
    // characters are taken out of the description: none is a reason to refuse. Where it is, is.
    expect(named.sort()).toEqual(["lat"]);
    for (const e of res.body) expect(e.code).toBe(400);
  });

  it("sends a report the app left unanswered, or answered from an old service definition, to the district", async () => {
    for (const answer of ["", "bulldoze"]) {
      const res = await post({ ...valid, "attribute[outcome]": answer, description: `Outcome "${answer}"` });
      expect(res.status).toBe(201);
      const stored = await stack.app.caseStore.get(res.body[0]?.service_request_id ?? "");
      expect(stored?.destination.kind).toBe("district");
      expect(stored?.routing.reason).toMatch(/did not answer "What would you like to happen\?"/);
    }
  });

  it("answers a signposting answer with a 201 whose notice says why (see intake.test.ts)", async () => {
    const res = await post({ ...valid, "attribute[danger]": "yes" });
    expect(res.status).toBe(201);
    expect((res.body[0] as unknown as { service_notice: string }).service_notice).toMatch(
      /^Call 999 now\. If anyone is in immediate danger, call 999/,
    );
  });

  it("400 for a point outside the district", async () => {
    const res = await post({ ...valid, lat: String(outside.lat), long: String(outside.lng) });
    expect(res.status).toBe(400);
    expect(res.body[0]?.description).toMatch(/outside Exampleshire Vale/);
  });

  it("400 for a real postcode from elsewhere, as for a point outside (not 'could not find')", async () => {
    const { lat: _lat, long: _long, ...noPoint } = valid;
    const res = await post({ ...noPoint, address_string: "10 Downing Street, SW1A 2AA" });
    expect(res.status).toBe(400);
    expect(res.body[0]?.description).toBe(
      "SW1A 2AA is outside Exampleshire Vale: this endpoint takes requests in Exampleshire Vale only. Contact the council for that area instead",
    );
  });

  it("takes a postcode in address_string, and asks for lat/long when there is none", async () => {
    const { lat: _lat, long: _long, ...noPoint } = valid;
    const byPostcode = await post({ ...noPoint, address_string: `Mill Lane, ${unparished.postcode}` });
    expect(byPostcode.status).toBe(201);
    const stored = await stack.app.caseStore.get(byPostcode.body[0]?.service_request_id as string);
    expect(stored?.location).toMatchObject({ postcode: unparished.postcode, roadName: "Mill Lane" });
    expect(stored?.destination.kind).toBe("district");

    const noPostcode = await post({ ...noPoint, address_string: "Mill Lane by the church" });
    expect(noPostcode.status).toBe(400);
    expect(noPostcode.body[0]?.description).toMatch(/^address_string: .*give lat and long/);
    const nothing = await post(noPoint);
    expect(nothing.status).toBe(400);
    expect(nothing.body[0]?.description).toMatch(/^lat: Give the location as lat and long/);
    const unknown = await post({ ...noPoint, address_string: "ZX2 1ZZ" });
    expect(unknown.body[0]?.description).toMatch(/^address_string: We could not find this postcode/);
  });

  it("415 for a JSON body, 405 for a method the resource lacks", async () => {
    const json = await fetch(`${base}/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(valid),
    });
    expect(json.status).toBe(415);
    expect(await json.json()).toEqual([{ code: 415, description: expect.stringContaining("form") }]);
    const wrong = await postForm(`${base}/services.json`, valid);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
  });
});

describe("GET requests", () => {
  it("shows public fields only, never the resident's details or words", async () => {
    const secret = {
      first_name: "Private",
      last_name: "Person",
      email: "private.person@example.com",
      phone: "01632 960 999",
      description: "My house at 4 Secret Row, ring 01632 960 999",
      address_string: "4 Secret Row",
    };
    const res = await post({ ...valid, ...secret });
    const id = res.body[0]?.service_request_id as string;
    for (const url of [
      `${base}/requests/${id}.json`,
      `${base}/requests/${id}.xml`,
      `${base}/requests.json`,
    ]) {
      const text = await (await fetch(url)).text();
      expect(text).toContain(id);
      for (const value of Object.values(secret)) expect(text, url).not.toContain(value);
      expect(text).not.toContain(String(parishPoint.lat));
    }
  });

  it("filters by status, service_code, dates and ids, newest first", async () => {
    const a = (await post(valid)).body[0]?.service_request_id as string;
    // Another report (the same fields again would be a resend, answered with the first case).
    const b = (await post({ ...valid, description: "Lorries too." })).body[0]?.service_request_id as string;
    await stack.app.caseStore.changeStatus(b, "new", "closed");
    const list = async (query: string) => {
      const res = await fetch(`${base}/requests.json?${query}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Array<{
        service_request_id: string;
        status: string;
        service_code: string;
      }>;
    };
    const ids = (rows: Array<{ service_request_id: string }>) => rows.map((r) => r.service_request_id);

    const open = await list("status=open");
    expect(ids(open)).toContain(a);
    expect(ids(open)).not.toContain(b);
    expect(open.every((r) => r.status === "open")).toBe(true);
    const closed = await list("status=closed&service_code=speeding");
    expect(ids(closed)).toContain(b);
    expect(closed.find((r) => r.service_request_id === b)?.status).toBe("closed");
    expect(ids(await list("status=open,closed"))).toEqual(expect.arrayContaining([a, b]));
    expect(await list("service_code=street-furniture")).toEqual([]);
    expect(await list("service_code=no-such-service")).toEqual([]);

    const all = await list("");
    const times = all.map((r) => (r as unknown as { requested_datetime: string }).requested_datetime);
    expect(times).toEqual([...times].sort().reverse());

    expect(await list("start_date=2000-01-01T00:00:00Z&end_date=2000-02-01T00:00:00Z")).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    const recent = await list(`start_date=${today}T00:00:00Z`);
    expect(ids(recent)).toEqual(expect.arrayContaining([a, b]));
    expect(ids(await list(`service_request_id=${a},${b},NOT-AN-ID&status=open`)).sort()).toEqual(
      [a, b].sort(),
    );
  });

  it("400 for bad filters, 404 for an unknown id or jurisdiction", async () => {
    const bad = await fetch(`${base}/requests.json?status=pending&start_date=yesterday`);
    expect(bad.status).toBe(400);
    const errors = (await bad.json()) as Open311Error[];
    expect(errors.map((e) => e.description.split(":")[0])).toEqual(["status", "start_date"]);
    for (const status of ["__proto__", "constructor", "toString"]) {
      const inherited = await fetch(`${base}/requests.json?status=${status}`);
      expect(inherited.status, status).toBe(400);
    }
    const long = await fetch(
      `${base}/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-12-01T00:00:00Z`,
    );
    expect(long.status).toBe(400);

    const missing = await fetch(`${base}/requests/SPD-2222-2222.xml`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(await fetch(`${base}/requests/%E0%A4%A.json`).then((r) => r.status)).toBe(404);
    const jurisdiction = await fetch(`${base}/services.json?jurisdiction_id=elsewhere`);
    expect(jurisdiction.status).toBe(404);
    expect((await fetch(`${base}/services.json?jurisdiction_id=E07999999`)).status).toBe(200);
  });

  it("escapes what it echoes in XML and JSON", async () => {
    const res = await fetch(`${base}/services/%3Cb%3E%26%22.xml`);
    expect(res.status).toBe(404);
    const xml = await res.text();
    expect(xml).not.toContain("<b>");
    expect(xmlAsJson(xml)).toEqual([{ code: "404", description: expect.any(String) }]);
    const unknownFormat = await fetch(`${base}/services.html`);
    expect(unknownFormat.status).toBe(404);
    expect(unknownFormat.headers.get("content-type")).toBe("application/json; charset=utf-8");
  });
});
