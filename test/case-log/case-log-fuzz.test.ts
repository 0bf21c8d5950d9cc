import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { caseLogRoutes } from "../../functions/http/case-log/case-log-routes.js";
import { STAFF_CHALLENGE_COOKIE } from "../../functions/http/case-log/staff-cookies.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { useLocalStack } from "../helpers/local-stack.js";
import { StaffClient } from "../helpers/staff-client.js";

// Property tests on the case log through the local stack: hostile query strings, form bodies and
// cookies on every route, signed in and not, never produce a 5xx, and never echo markup unescaped.

let stack: LocalStack;
let staff: StaffClient;
let reference: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
});
beforeAll(async () => {
  const created = await postReport(stack.urls.api, aReport({ description: "Fuzz target." }));
  reference = ((await created.json()) as { reference: string }).reference;
  staff = await new StaffClient(stack.urls.api).signIn();
});

const MARK = "<i-fuzz>";
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "",
    MARK,
    "\uD800",
    "x".repeat(3000),
    "new",
    "closed",
    "in-progress",
    "parishes",
    "E04999001",
    "E07999999",
    "speeding",
    "31",
    "2",
    "0",
    "-1",
    "99999",
    "2026",
    "2026-11-01T00:00:00.000Z#SPD-AAAA-AAAA",
    "00000000-0000-4000-a000-000000000000",
  ),
);
const fieldName = fc.oneof(
  fc.constantFrom(
    "status",
    "sentTo",
    "service",
    "after",
    "from-day",
    "from-month",
    "from-year",
    "to-day",
    "to-month",
    "to-year",
    "reason",
    "note",
    "_key",
    "destination",
    "email",
    "password",
    "confirm",
    "code",
    "__proto__",
  ),
  fc.string(),
);
const pairs = fc.array(fc.tuple(fieldName, hostile), { maxLength: 8 });
const paths = [
  ...new Set(caseLogRoutes.map((r) => `${r.method} ${r.example.replace("SPD-2222-2222", "{ref}")}`)),
];
/** URL-encodes any string (a lone surrogate becomes U+FFFD, as a browser would send it). */
const encode = (text: string) => encodeURIComponent(Buffer.from(text).toString("utf8"));

const request = fc.record({
  route: fc.constantFrom(...paths),
  ref: fc.oneof(fc.constant("real"), hostile),
  query: pairs,
  form: pairs,
  signedIn: fc.boolean(),
  withCsrf: fc.boolean(),
  challenge: fc.option(hostile),
});

describe("case log fuzzing", () => {
  it("answers every hostile request without a 5xx and without echoing markup", async () => {
    const anonymous = new StaffClient(stack.urls.api);
    const page = await anonymous.request("/staff/sign-in");
    const anonymousCsrf = anonymous.csrf(page.body);
    const staffCsrf = staff.csrf((await staff.request("/staff/cases")).body);
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [method = "GET", template = "/"] = r.route.split(" ");
        const ref = r.ref === "real" ? reference : encode(r.ref);
        const path = template.replace("{ref}", ref);
        const client = r.signedIn ? staff : anonymous;
        const query = new URLSearchParams(r.query).toString();
        const form = new URLSearchParams(r.form);
        if (r.withCsrf) form.set("_csrf", r.signedIn ? staffCsrf : anonymousCsrf);
        const saved = client.jar.get(STAFF_CHALLENGE_COOKIE);
        if (r.challenge !== null) client.jar.set(STAFF_CHALLENGE_COOKIE, encode(r.challenge));
        const { response, body } = await client.request(`${path}${query ? `?${query}` : ""}`, {
          method,
          ...(method === "POST" ? { body: form.toString() } : {}),
        });
        if (saved === undefined) client.jar.delete(STAFF_CHALLENGE_COOKIE);
        else client.jar.set(STAFF_CHALLENGE_COOKIE, saved);
        expect(response.status, `${method} ${path}?${query}`).toBeLessThan(500);
        expect(body).not.toContain(MARK);
        // Sign-out in the run would end the shared session: sign in again.
        if (r.signedIn && path === "/staff/sign-out" && response.status === 303) await staff.signIn();
      }),
      { numRuns: 250 },
    );
  }, 240_000);
});
