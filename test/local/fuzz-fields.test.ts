import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NOT_IN_SINGLE_LINE } from "#core/input/text-rules.js";
import { DEMO_OPEN311_API_KEY } from "../../functions/config/open311-demo-key.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { sentEmails } from "../helpers/ses-store.js";

// Issue 15, "Done when": every single-line and free-text field of the JSON API and of Open311's
// POST, fuzzed with control, line-break, bidi and lone-surrogate characters, gives a 400 that names
// the field or a created report, and each created report reaches its recipient in exactly one
// email whose subject holds no such character. Bounded: about 600 requests, one email per created
// report, on one local stack.

let stack: LocalStack;
let api: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  api = stack.urls.api;
});

/** The hostile characters, by name. */
const HOSTILE: Array<[string, string]> = [
  ["NUL", "\u0000"],
  ["BEL", "\u0007"],
  ["tab", "\t"],
  ["LF", "\n"],
  ["CR", "\r"],
  ["CRLF", "\r\n"],
  ["VT", "\u000B"],
  ["ESC", "\u001B"],
  ["DEL", "\u007F"],
  ["C1 CSI", "\u009B"],
  ["NEL", "\u0085"],
  ["LS", "\u2028"],
  ["PS", "\u2029"],
  ["ALM", "\u061C"],
  ["LRM", "\u200E"],
  ["RLM", "\u200F"],
  ["LRE", "\u202A"],
  ["RLO", "\u202E"],
  ["LRI", "\u2066"],
  ["PDI", "\u2069"],
  ["lone high surrogate", "\uD800"],
  ["lone low surrogate", "\uDFFF"],
  ["reversed pair", "\uDC00\uD800"],
];
/** Those that trimming could hide at the end of a value, so they are tried there too. */
const AT_THE_END = new Set(["tab", "LF", "CR", "CRLF", "NEL", "LS", "PS"]);

/** Each value with a hostile character in its middle, and at its end where trimming matters. */
function variants(good: string): Array<[string, string]> {
  const middle = Math.ceil(good.length / 2);
  return HOSTILE.flatMap(([name, char]): Array<[string, string]> => [
    [`${name} inside`, `${good.slice(0, middle)}${char}${good.slice(middle)}`],
    ...(AT_THE_END.has(name) ? [[`${name} at the end`, `${good}${char}`] as [string, string]] : []),
  ]);
}

/** What was created: the reference, and the reporter's address (their acknowledgement is not counted). */
const created: Array<{ reference: string; reporterEmail?: string }> = [];

/** The JSON API's text fields: the path errors name, a good value, and a report holding a value. */
const JSON_FIELDS: Array<[string, string, (value: string) => object]> = [
  ["service", "speeding", (v) => ({ ...aReport(), service: v })],
  ["answers.outcome", "speedwatch", (v) => aReport({ answers: { outcome: v } })],
  ["location.postcode", "ZX2 1FD", (v) => aReport({ location: { postcode: v } })],
  ["roadName", "Mill Lane", (v) => aReport({ roadName: v })],
  ["when", "Weekday mornings", (v) => aReport({ when: v })],
  ["description", "Cars speed past the school.", (v) => aReport({ description: v })],
  ["reporter.name", "Sam Jones", (v) => aReport({ reporter: { name: v } })],
  ["reporter.email", "sam@example.com", (v) => aReport({ reporter: { email: v } })],
  ["reporter.phone", "01632 960 001", (v) => aReport({ reporter: { phone: v } })],
];

async function postJson(field: string, body: object, what: string) {
  // JSON.stringify writes an unpaired surrogate as a \ud800 escape: valid JSON, ill-formed text.
  const response = await postReport(api, JSON.stringify(body));
  const answer = (await response.json()) as { reference?: string; errors?: Array<{ field: string }> };
  expect([201, 400], what).toContain(response.status);
  if (response.status === 400) {
    // The service is checked against the catalogue after the schema; any other field is named.
    if (field !== "service")
      expect(
        answer.errors?.map((e) => e.field),
        what,
      ).toContain(field);
  } else {
    expect(answer.reference, `${what}: ${JSON.stringify(answer)}`).toMatch(/^[A-Z]{3}-/);
    const reporter = (body as { reporter?: { email?: string } }).reporter;
    created.push({
      reference: answer.reference ?? "",
      ...(reporter?.email ? { reporterEmail: reporter.email } : {}),
    });
  }
  return response.status;
}

/** Open311's text fields, by form field name, with good values; lat/long place the report. */
const OPEN311_BASE: Record<string, string> = {
  api_key: DEMO_OPEN311_API_KEY,
  service_code: "speeding",
  lat: "54.61482",
  long: "2.23385",
  description: "Cars speed past the school.",
  "attribute[danger]": "no",
  "attribute[road-type]": "residential",
  "attribute[outcome]": "speedwatch",
};
const OPEN311_FIELDS: Array<[string, string]> = [
  ["service_code", "speeding"],
  ["attribute[outcome]", "speedwatch"],
  ["address_string", "Mill Lane"],
  ["description", "Cars speed past the school."],
  ["first_name", "Sam"],
  ["last_name", "Jones"],
  ["email", "sam@example.com"],
  ["phone", "01632 960 001"],
];

/**
 * Percent-encodes as a form does, except that an unpaired surrogate is written as the three bytes
 * a careless encoder makes of it (WTF-8), which are not UTF-8: what a hostile client can send.
 */
function formEncode(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const paired =
      unit >= 0xd800 && unit <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
        ? text.slice(i, i + 2)
        : "";
    if (paired) {
      out += encodeURIComponent(paired);
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      out +=
        `%${(0xe0 | (unit >> 12)).toString(16)}%${(0x80 | ((unit >> 6) & 0x3f)).toString(16)}%${(0x80 | (unit & 0x3f)).toString(16)}`.toUpperCase();
    } else {
      out += encodeURIComponent(text[i] ?? "");
    }
  }
  return out;
}

async function postOpen311(field: string, fields: Record<string, string>, what: string) {
  const body = Object.entries(fields)
    .map(([name, value]) => `${formEncode(name)}=${formEncode(value)}`)
    .join("&");
  const response = await fetch(`${api}/open311/v2/requests.json`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
  });
  const answer = (await response.json()) as Array<{ service_request_id?: string; description?: string }>;
  // GeoReport v2 answers a service_code it does not know with 404 (the spec's "not found").
  expect(field === "service_code" ? [201, 400, 404] : [201, 400], what).toContain(response.status);
  if (response.status === 400) {
    // A field that is not UTF-8 is refused before its form is read, by name; the rest by the schema.
    if (field !== "service_code") {
      expect(answer.map((e) => e.description).join("\n"), what).toMatch(
        new RegExp(
          `(^|\\n)${field.replace(/[[\]]/g, "\\$&")}: |The form field ${field.replace(/[[\]]/g, "\\$&")} is not valid UTF-8`,
        ),
      );
    }
  } else if (response.status === 201) {
    expect(answer[0]?.service_request_id, `${what}: ${JSON.stringify(answer)}`).toMatch(/^[A-Z]{3}-/);
    created.push({
      reference: answer[0]?.service_request_id ?? "",
      ...(fields.email ? { reporterEmail: fields.email } : {}),
    });
  }
  return response.status;
}

describe("every text field under control, line-break, bidi and lone-surrogate characters", () => {
  it("JSON API: each answer is a 400 naming the field, or a created report", async () => {
    const statuses: number[] = [];
    for (const [field, good, place] of JSON_FIELDS) {
      for (const [name, value] of variants(good)) {
        statuses.push(await postJson(field, place(value), `${field} with ${name}`));
      }
    }
    // Both kinds of answer happen: refusals, and descriptions with tabs and line breaks accepted.
    expect(statuses).toContain(400);
    expect(statuses).toContain(201);
  }, 60_000);

  it("Open311 POST: each answer is a 400 naming the field, or a created request", async () => {
    const statuses: number[] = [];
    for (const [field, good] of OPEN311_FIELDS) {
      for (const [name, value] of variants(good)) {
        statuses.push(await postOpen311(field, { ...OPEN311_BASE, [field]: value }, `${field} with ${name}`));
      }
    }
    expect(statuses).toContain(400);
    expect(statuses).toContain(201);
  }, 60_000);

  it("random mixes in random fields: the same", async () => {
    const hostile = fc.constantFrom(...HOSTILE.map(([, char]) => char));
    const text = fc
      .array(fc.oneof(hostile, fc.constantFrom("a", "Z", " ", "1", ".", "-", "'", "é", "🚗")), {
        minLength: 1,
        maxLength: 12,
      })
      .map((parts) => parts.join(""));
    await fc.assert(
      fc.asyncProperty(
        fc.nat(JSON_FIELDS.length - 1),
        fc.nat(OPEN311_FIELDS.length - 1),
        text,
        async (j, o, value) => {
          const [jsonField, , place] = JSON_FIELDS[j] ?? JSON_FIELDS[0]!;
          await postJson(jsonField, place(value), `${jsonField} = ${JSON.stringify(value)}`);
          const [openField] = OPEN311_FIELDS[o] ?? OPEN311_FIELDS[0]!;
          await postOpen311(
            openField,
            { ...OPEN311_BASE, [openField]: value },
            `${openField} = ${JSON.stringify(value)}`,
          );
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it("each created report is emailed to its recipient exactly once, with a clean subject", async () => {
    expect(created.length).toBeGreaterThan(0);
    // Open311 keeps reports whose contact details it leaves off (issue 16): a few hundred reports
    // at one place, each marked against up to 10 earlier ones as it is sent, so the deadline that
    // detects a hang is longer than for a few (alone, on an idle machine, they drain in about 20 s).
    await stack.queue.drained(150_000);
    const emails = await sentEmails(stack.urls.ses);
    for (const { reference, reporterEmail } of created) {
      const toRecipient = emails.filter(
        (e) =>
          e.subject.includes(reference) &&
          !e.destination.to.some((to) => to.toLowerCase() === reporterEmail?.trim().toLowerCase()),
      );
      expect(toRecipient.length, reference).toBe(1);
      expect(NOT_IN_SINGLE_LINE.test(toRecipient[0]?.subject ?? ""), toRecipient[0]?.subject).toBe(false);
    }
  }, 180_000);
});

describe("the issue's attacks, as reported", () => {
  const victim = "victim@example.net";
  const lure = "Sam.\n\nACTION NEEDED: your parking fine is unpaid. Pay at https://evil.example/pay";

  it("finding 4: a name carrying a notice and a link, with a victim's address, never reaches the victim", async () => {
    const json = await postReport(api, aReport({ reporter: { name: lure, email: victim } }));
    expect(json.status).toBe(400);
    expect(((await json.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual([
      "reporter.name",
    ]);
    // Open311 never refuses a report for its contact details (issue 16): the name is left off.
    const open311 = await postOpen311(
      "first_name",
      { ...OPEN311_BASE, first_name: lure, email: victim },
      "lure",
    );
    expect(open311).toBe(201);
    // The one-line part alone (no line break) is still not a name.
    const link = await postReport(
      api,
      aReport({ reporter: { name: "Sam Pay at evil.example", email: victim } }),
    );
    expect(link.status).toBe(400);
    await queueDrained(stack);
    const toVictim = (await sentEmails(stack.urls.ses)).filter((e) => e.destination.to.includes(victim));
    // At most the Open311 report's acknowledgement, which echoes nothing the client sent.
    expect(toVictim.length).toBeLessThanOrEqual(1);
    for (const email of toVictim) {
      expect(`${email.subject}\n${email.body.text}\n${email.body.html}`).not.toMatch(
        /evil\.example|ACTION NEEDED/,
      );
    }
  });

  it("finding 8: an escaped unpaired surrogate in the description is a 400 naming it, never a 201", async () => {
    const body = JSON.stringify(aReport()).replace('"Cars speed past the school."', '"Cars \\ud800 speed"');
    expect(body).toContain("\\ud800");
    const response = await postReport(api, body);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({
      errors: [
        {
          field: "description",
          message: "Description must be valid Unicode text: it contains an unpaired surrogate",
        },
      ],
    });
  });

  it("finding 11: a right-to-left override in the road name (the clerk's subject) is refused by name", async () => {
    const response = await postReport(api, aReport({ roadName: "Mill Lane \u202Eenal lliM" }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      errors: [
        {
          field: "roadName",
          message: "Road name must not contain line breaks or hidden formatting characters",
        },
      ],
    });
  });
});
