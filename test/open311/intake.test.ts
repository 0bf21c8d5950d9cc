import { describe, expect, it } from "vitest";
import { DEMO_OPEN311_API_KEY } from "../../functions/config/open311-demo-key.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";
import { postForm, xmlAsJson } from "./helpers.js";

// Issue 16: POST requests never refuses a report it can route. Each report goes through the local
// stack (gateway, Open311 handler, intake, dispatch) and is read back from the case store and the
// SES emulator.

let stack: LocalStack;
let base: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  base = `${stack.urls.api}/open311/v2`;
});

const postcodes = demoPostcodes();
const parishPoint = postcodes.find((p) => p.postcode === "ZX2 1FD") as (typeof postcodes)[number];
const outside = postcodes.find((p) => p.expected === "outside") as (typeof postcodes)[number];
const DISTRICT_INBOX = "highways@exampleshire-vale.example.org";

const valid = {
  api_key: DEMO_OPEN311_API_KEY,
  jurisdiction_id: "E07999999",
  service_code: "speeding",
  lat: String(parishPoint.lat),
  long: String(parishPoint.lng),
  description: "Cars speed past the school.",
  "attribute[danger]": "no",
  "attribute[road-type]": "residential",
  "attribute[outcome]": "speedwatch",
};

type Answer = { code?: number; description?: string; service_request_id?: string; service_notice?: string };

async function post(
  body: Record<string, string> | string | URLSearchParams,
  format: "json" | "xml" = "json",
) {
  const response = await postForm(
    `${base}/requests.${format}`,
    body instanceof URLSearchParams ? body.toString() : body,
  );
  const text = await response.text();
  const answers = (format === "json" ? JSON.parse(text) : xmlAsJson(text)) as Answer[];
  return { status: response.status, answers, reference: answers[0]?.service_request_id ?? "" };
}

async function stored(reference: string) {
  const found = await stack.app.caseStore.get(reference);
  if (!found) throw new Error(`${reference} was not stored`);
  return found;
}

describe("POST requests keeps every report it can route", () => {
  it("takes a 4,000-character description, FixMyStreet's layout included, whole", async () => {
    // Three bytes a character in UTF-8, nine percent-encoded: past the resident form's 32 KB bound.
    const detail = "道".repeat(4000 - 120);
    const description =
      `title: Speeding\n\ndetail: ${detail}\n\nurl: https://www.fixmystreet.com/report/2851\n\nSubmitted via FixMyStreet\n`
        .slice(0, 4000)
        .padEnd(4000, ".");
    expect(description).toHaveLength(4000);
    const res = await post({ ...valid, description });
    expect(res.status).toBe(201);
    expect((await stored(res.reference)).description).toBe(description.trim());

    // Over the spec's limit (FixMyStreet's title and link around a long detail): kept, start and
    // end (the link), with the middle left out and said so, rather than refused and lost.
    const long = `title: Speeding\n\ndetail: ${"Lorries thunder past. ".repeat(300)}\n\nurl: https://www.fixmystreet.com/report/2852\n\nSubmitted via FixMyStreet\n`;
    const over = await post({ ...valid, description: long });
    expect(over.status).toBe(201);
    const kept = await stored(over.reference);
    expect(kept.description.length).toBeLessThanOrEqual(4000);
    expect(kept.description.startsWith("title: Speeding")).toBe(true);
    expect(kept.description).toMatch(/characters left out/);
    expect(
      kept.description.endsWith("url: https://www.fixmystreet.com/report/2852\n\nSubmitted via FixMyStreet"),
    ).toBe(true);
    expect(kept.fromClient?.notUsed?.map((n) => n.field)).toContain("description");
  });

  it("keeps twenty unknown attributes on the case, an XSS string as plain text, and emails the right council", async () => {
    const extras = Array.from({ length: 20 }, (_, i): [string, string] => [
      `attribute[cobrand_${i}]`,
      `value ${i}`,
    ]);
    extras[3] = ["attribute[fixmystreet_id]", "2851"];
    extras[4] = ["attribute[closest_address]", "<script>alert('x')</script> Mill Lane"];
    const body = new URLSearchParams([
      ...Object.entries(valid),
      ...extras,
      ["device_id", "phone-1"],
      ["account_id", "7"],
    ]);
    const res = await post(body);
    expect(res.status).toBe(201);
    const report = await stored(res.reference);
    expect(report.fromClient?.attributes).toEqual(
      extras.map(([name, value]) => ({ code: name.slice("attribute[".length, -1), value })),
    );
    expect(report.fromClient?.attributes?.[4]?.value).toBe("<script>alert('x')</script> Mill Lane");
    expect(report.destination).toMatchObject({ kind: "parish" });
    await queueDrained(stack);
    const emails = await emailsAbout(stack.urls.ses, res.reference);
    expect(emails.length).toBeGreaterThan(0);
    for (const email of emails) expect(email.body.html ?? "").not.toContain("<script>");
  });

  it.each([
    ["danger=yes (call 999)", { "attribute[danger]": "yes" }, "immediate-danger", "Call 999 now", /call 999/],
    [
      "road-type=motorway (National Highways)",
      { "attribute[road-type]": "motorway" },
      "trunk-road",
      "Report it to National Highways",
      /https:\/\/nationalhighways\.co\.uk\/contact-us\//,
    ],
  ])(
    "answers %s with a 201 and a notice, and sends the case to the district with the signpost",
    async (_what, change, ruleId, title, notice) => {
      for (const format of ["json", "xml"] as const) {
        const res = await post({ ...valid, ...change, description: "" }, format);
        expect(res.status).toBe(201);
        expect(res.answers[0]?.service_notice).toMatch(new RegExp(`^${title}\\. `));
        expect(res.answers[0]?.service_notice).toMatch(notice);
        expect(res.answers[0]?.service_notice).toMatch(/Sent to Exampleshire Vale District Council\.$/);
        const report = await stored(res.reference);
        // In a parish, but the district takes a signposted report.
        expect(report.destination).toMatchObject({ kind: "district", code: "E07999999" });
        expect(report.signpost).toMatchObject({ ruleId, title });
        expect(report.routing.reason).toMatch(/could not show them that/);
        const timeline = await stack.app.caseStore.timeline(res.reference);
        expect(timeline.map((e) => e.type)).toContain("signposted");
        await queueDrained(stack);
        const emails = await emailsAbout(stack.urls.ses, res.reference);
        expect(emails.map((e) => e.destination.to[0])).toContain(DISTRICT_INBOX);
      }
    },
  );

  it("still refuses a signposted report from outside the district, saying so", async () => {
    const res = await post({
      ...valid,
      "attribute[danger]": "yes",
      lat: String(outside.lat),
      long: String(outside.lng),
    });
    expect(res.status).toBe(400);
    expect(res.answers[0]?.description).toMatch(/outside Exampleshire Vale/);
  });

  it("keeps a phone number as written, and stores the report without a name, phone or email it cannot use", async () => {
    const kept = await post({
      ...valid,
      first_name: "Sam",
      last_name: "Resident",
      phone: "01632 960 001 ext. 2",
    });
    expect(kept.status).toBe(201);
    expect((await stored(kept.reference)).reporter).toMatchObject({
      name: "Sam Resident",
      phone: "01632 960 001 ext. 2",
    });

    const unusable = await post({
      ...valid,
      first_name: "Cllr",
      last_name: "Sam Jones (Ward councillor)",
      phone: "ring the office",
      email: "sam at example",
    });
    expect(unusable.status).toBe(201);
    const report = await stored(unusable.reference);
    expect(report.reporter).toBeUndefined();
    expect(report.fromClient?.notUsed?.map((n) => n.field)).toEqual([
      "last_name",
      "first_name",
      "email",
      "phone",
    ]);
    expect(JSON.stringify(report.fromClient)).not.toMatch(/Ward councillor|ring the office|sam at example/);
  });

  it("keeps repeated https media_url links and names the ones it cannot keep", async () => {
    const body = new URLSearchParams([
      ...Object.entries(valid),
      ["media_url", "https://www.fixmystreet.com/photo/2851.0.full.jpeg"],
      ["media_url", "https://www.fixmystreet.com/photo/2851.1.full.jpeg"],
      ["media_url", "http://www.fixmystreet.com/photo/2851.2.full.jpeg"],
    ]);
    const res = await post(body);
    expect(res.status).toBe(201);
    const report = await stored(res.reference);
    expect(report.fromClient?.mediaUrls).toEqual([
      "https://www.fixmystreet.com/photo/2851.0.full.jpeg",
      "https://www.fixmystreet.com/photo/2851.1.full.jpeg",
    ]);
    expect(report.fromClient?.notUsed).toEqual([
      { field: "media_url", reason: "not an https link; photo links must start https://" },
    ]);
  });

  it("reads a multipart body like FixMyStreet's when it uploads photo files", async () => {
    const form = new FormData();
    for (const [name, value] of Object.entries({
      ...valid,
      "attribute[fixmystreet_id]": "2852",
      first_name: "Sam",
    })) {
      form.append(name, value);
    }
    form.append(
      "photo1",
      new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: "image/jpeg" }),
      "2852.0.full.jpeg",
    );
    // A full-size photo (2 MB) is counted like any other: API Gateway takes up to 10 MB.
    form.append(
      "photo2",
      new Blob([new Uint8Array(2 * 1024 * 1024).fill(0xd8)], { type: "image/jpeg" }),
      "2852.1.full.jpeg",
    );
    const response = await fetch(`${base}/requests.xml`, { method: "POST", body: form });
    expect(response.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    expect(response.status).toBe(201);
    const [answer] = xmlAsJson(await response.text()) as Answer[];
    const report = await stored(answer?.service_request_id ?? "");
    expect(report.reporter?.name).toBe("Sam");
    expect(report.fromClient).toEqual({
      attributes: [{ code: "fixmystreet_id", value: "2852" }],
      notUsed: [
        { field: "files", reason: "2 photo files attached; photos are taken as media_url links only" },
      ],
    });
  });

  it("needs a description only where the service does", async () => {
    const { description: _description, ...none } = valid;
    const speeding = await post(none);
    expect(speeding.status).toBe(400);
    expect(speeding.answers).toEqual([
      { code: 400, description: "description: Enter a description of the speeding" },
    ]);
    const bench = await post({
      ...none,
      service_code: "street-furniture",
      "attribute[item]": "bench",
      "attribute[owner]": "district",
      "attribute[road-type]": "",
      "attribute[outcome]": "",
    });
    expect(bench.status).toBe(201);
    expect((await stored(bench.reference)).description).toBe("");
  });

  it("answers a resend of the same report (a timeout, a 5xx) with the first case, not a second", async () => {
    const fields = { ...valid, description: "Vans speed at 7am by the church, every weekday." };
    const first = await post(fields);
    expect(first.status).toBe(201);
    // FixMyStreet builds its fields from a hash: a resend may list them in another order.
    const resent = await post(new URLSearchParams(Object.entries(fields).reverse()));
    expect(resent.status).toBe(201);
    expect(resent.reference).toBe(first.reference);
    const other = await post({ ...fields, description: "Vans speed at 8am by the church, every weekday." });
    expect(other.reference).not.toBe(first.reference);
  });

  it("keeps 415 with the spec's error list for any other body", async () => {
    const response = await fetch(`${base}/requests.xml`, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "service_code=speeding",
    });
    expect(response.status).toBe(415);
    expect(xmlAsJson(await response.text())).toEqual([
      {
        code: "415",
        description: "Send the request as application/x-www-form-urlencoded, or multipart/form-data",
      },
    ]);
  });
});
