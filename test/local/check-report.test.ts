import { request } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { newReference } from "#core/case/reference.js";
import { event } from "#core/case/timeline.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// "Check your report" through the local stack: the counters in dynalite, the case and its
// timeline read as in AWS, an email address answered by email through the dispatch queue and the
// SES emulator, and the limits (look-ups per client, wrong answers per reference from a client and
// from everyone) answered with the GOV.UK "Too many attempts" page, a 429 and Retry-After.

const PER_MINUTE = 4;
const PER_REFERENCE_PER_CLIENT = 2;
const PER_REFERENCE = 3;
const NOT_FOUND = "We could not find a report with that reference and email address or postcode";
const EMAILED = "If that is the email address given with report";
const EMAIL = "resident.checking@example.org";
const POSTCODE = "ZX2 1FD";

let stack: LocalStack;
useLocalStack(
  {
    env: {
      CHECK_REPORT_LOOKUPS_PER_MINUTE: String(PER_MINUTE),
      CHECK_REPORT_LOOKUPS_PER_HOUR: "1000",
      CHECK_REPORT_FAILURES_PER_REFERENCE_PER_CLIENT_PER_DAY: String(PER_REFERENCE_PER_CLIENT),
      CHECK_REPORT_FAILURES_PER_REFERENCE_PER_DAY: String(PER_REFERENCE),
    },
  },
  (started) => {
    stack = started;
  },
);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One HTTP request from a loopback address of its own (127.0.0.x), as another client would send it. */
function send(
  from: string,
  path: string,
  init: { method: string; cookie?: string; form?: string },
): Promise<Answer> {
  const url = new URL(path, stack.urls.api);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: init.method,
        localAddress: from,
        headers: {
          ...(init.cookie ? { cookie: init.cookie } : {}),
          ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
        },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(init.form);
  });
}

/** Opens the form from `from`, then sends the reference and answer as a resident would. */
async function check(from: string, reference: string, answer: string): Promise<Answer> {
  const form = await send(from, "/check-your-report", { method: "GET" });
  expect(form.status).toBe(200);
  const setCookie = [form.headers["set-cookie"] ?? []].flat();
  const cookie = setCookie.map((c) => c.split(";")[0]).find((c) => c?.startsWith("signpost_session="));
  const csrf = /name="_csrf" value="([^"]*)"/.exec(form.body)?.[1] ?? "";
  return send(from, "/check-your-report", {
    method: "POST",
    ...(cookie ? { cookie } : {}),
    form: new URLSearchParams({ _csrf: csrf, reference, answer }).toString(),
  });
}

async function aReportWithEmail(): Promise<string> {
  const response = await postReport(
    stack.urls.api,
    aReport({
      reporter: { name: "Sam Checker", email: EMAIL, phone: "07700 900456", shareWithParish: false },
    }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { reference: string }).reference;
}

let found: string;
beforeAll(async () => {
  found = await aReportWithEmail();
});

describe("check your report through the local stack", () => {
  it("shows the public status and the latest public update to the right postcode, and nothing personal", async () => {
    await stack.app.caseStore.appendEvents(found, [
      event(
        new Date(),
        "public-update",
        "Told the public “Investigating”",
        {
          updateId: "u-1",
          status: "investigating",
          text: "The parish clerk is looking at it.",
          visibleToParish: true,
        },
        "staff-officer",
      ),
      event(new Date(), "note", "Note", { text: "Private: ring Sam" }, "staff-officer"),
    ]);
    const answer = await check("127.0.0.1", found.toLowerCase().replaceAll("-", " "), " zx21fd ");
    expect(answer.status).toBe(200);
    expect(answer.headers["cache-control"]).toBe("no-store");
    expect(answer.body).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(answer.body).toContain(found);
    expect(answer.body).toContain("Investigating");
    expect(answer.body).toContain("The parish clerk is looking at it.");
    for (const secret of ["Sam", EMAIL, "07700", "ring Sam", "staff-officer", aReport().description ?? ""]) {
      expect(answer.body, secret).not.toContain(secret);
    }
  });

  it("answers an email address with one page whether or not it was given, and emails the status only to the one given, once an hour", async () => {
    const reference = await aReportWithEmail();
    const right = await check("127.0.0.3", reference, ` ${EMAIL.toUpperCase()} `);
    const wrong = await check("127.0.0.4", reference, "neighbour@example.org");
    const missing = await check(
      "127.0.0.5",
      newReference("SPD", () => 6),
      EMAIL,
    );
    // The same status and the same words, apart from the reference each names.
    const words = (answer: Answer, ref: string) =>
      /<main[\s\S]*<\/main>/
        .exec(answer.body)?.[0]
        .replaceAll(ref, "REF")
        .replace(/value="[^"]*"/g, "");
    expect(right.status).toBe(200);
    expect(right.body).toContain(`${EMAILED} ${reference}, we have emailed its current status to it.`);
    for (const other of [wrong, missing]) expect(other.status).toBe(right.status);
    expect(words(wrong, reference)).toBe(words(right, reference));
    expect(
      words(
        missing,
        newReference("SPD", () => 6),
      ),
    ).toBe(words(right, reference));
    for (const answer of [right, wrong]) {
      expect(answer.body).not.toContain("Investigating");
      expect(answer.body).not.toContain(NOT_FOUND);
    }
    // Asked again within the hour: still one email, to the address given.
    expect((await check("127.0.0.6", reference, EMAIL)).status).toBe(200);
    // Both jobs handled (the queue empty), then counted: the second found the hour's claim taken.
    await queueDrained(stack);
    expect(await emailsAbout(stack.urls.ses, `The status of your report ${reference}`)).toHaveLength(1);
    const [email] = await emailsAbout(stack.urls.ses, `The status of your report ${reference}`);
    expect(email?.destination.to).toEqual([EMAIL]);
    expect(email?.body.text).toContain("Status: Open");
    for (const secret of ["Sam", "07700", aReport().description ?? "", "neighbour"]) {
      expect(`${email?.body.text}${email?.body.html}`, secret).not.toContain(secret);
    }
  });

  it("gives one refusal, with one status, for a wrong postcode and for a reference with no report", async () => {
    const wrong = await check("127.0.0.2", found, "ZX2 1FE");
    const missing = await check(
      "127.0.0.2",
      newReference("SPD", () => 5),
      POSTCODE,
    );
    for (const answer of [wrong, missing]) {
      expect(answer.status).toBe(404);
      expect(answer.body).toContain(NOT_FOUND);
      expect(answer.body).toContain("govuk-error-summary");
    }
  });

  it("refuses a client its wrong answers at a reference for the day, with Retry-After, while the resident still checks", async () => {
    const reference = await aReportWithEmail();
    const answers: Answer[] = [];
    for (let i = 0; i <= PER_REFERENCE_PER_CLIENT; i++) {
      answers.push(await check("127.0.0.8", reference, `ZX9 ${i}AA`));
    }
    expect(answers.map((a) => a.status)).toEqual([...Array(PER_REFERENCE_PER_CLIENT).fill(404), 429]);
    const refused = answers[PER_REFERENCE_PER_CLIENT];
    expect(Number(refused?.headers["retry-after"])).toBeGreaterThan(0);
    expect(refused?.body).toMatch(/Try again in \d+ (hours?|minutes?|seconds?)\./);
    expect((await check("127.0.0.9", reference, POSTCODE)).status).toBe(200);
  });

  it("refuses a reference every answer, a right one from a fresh address too, once it has had its wrong answers from everyone", async () => {
    const reference = await aReportWithEmail();
    // Each guess from an address of its own: the per-client limits never come into it.
    const answers: Answer[] = [];
    for (let i = 0; i <= PER_REFERENCE; i++) {
      answers.push(await check(`127.0.0.${10 + i}`, reference, `guess${i}@example.org`));
    }
    // An email address is answered the same, right or wrong, until the limit.
    expect(answers.slice(0, PER_REFERENCE).map((a) => a.status)).toEqual(Array(PER_REFERENCE).fill(200));
    const right = await check("127.0.0.30", reference, POSTCODE);
    for (const refused of [answers[PER_REFERENCE], right]) {
      expect(refused?.status).toBe(429);
      expect(Number(refused?.headers["retry-after"])).toBeGreaterThan(0);
      expect(refused?.body).toContain("Too many attempts");
      expect(refused?.body).toMatch(/Try again in \d+ (hours?|minutes?|seconds?)\./);
      expect(refused?.body).not.toContain(NOT_FOUND);
    }
    // Another report is checked as before.
    expect((await check("127.0.0.30", found, POSTCODE)).status).toBe(200);
  });

  it("refuses one client's burst of look-ups with the 429 page, and still answers another client", async () => {
    // Fixed minutes: a burst of twice the limit and one more cannot fit in two windows.
    const statuses: number[] = [];
    let refusal: Answer | undefined;
    for (let i = 0; i < PER_MINUTE * 2 + 1; i++) {
      const answer = await check("127.0.0.40", found, POSTCODE);
      statuses.push(answer.status);
      if (answer.status === 429) refusal ??= answer;
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(PER_MINUTE * 2);
    expect(refusal?.body).toContain("Too many attempts");
    expect(refusal?.body).toMatch(/Try again in \d+ (minutes?|seconds?)\./);
    expect((await check("127.0.0.41", found, POSTCODE)).status).toBe(200);
  });
});
