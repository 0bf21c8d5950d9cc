import { describe, expect, it } from "vitest";
import { localContext } from "../../functions/local/lambda-context.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { demoPlaces } from "../helpers/browser.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoClerks, demoParishes } from "../helpers/demo-data.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { bounceEvent, sqsEvent } from "../helpers/ses-events.js";
import { emailsAbout } from "../helpers/ses-store.js";
import { StaffClient } from "../helpers/staff-client.js";

// The clerk directory on the whole local stack: the local Modern.Gov server behind "refresh now",
// an override set in the case log that dispatch then sends to, and a bounce the directory shows.

let stack: LocalStack;
// No pause between Modern.Gov requests: the test refreshes every demo parish in turn.
useLocalStack({ env: { MODERNGOV_MIN_INTERVAL_MS: "0" } }, (started) => {
  stack = started;
});

const rowOf = (body: string, code: string) =>
  new RegExp(`<tr class="govuk-table__row" id="parish-${code}">[\\s\\S]*?</tr>`).exec(body)?.[0] ?? "";
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, " ")
    .trim();
/** "St Aldhelm & Marsh Parish Council" and "Saint Aldhelm and Marsh" are one parish. */
const nameKey = (name: string) =>
  name
    .toLowerCase()
    .replace(/\b(parish council|town council|parish meeting)\b/g, "")
    .replace(/\bst\b/g, "saint")
    .replace(/&/g, "and")
    .replace(/['’]/g, "")
    .replace(/[^a-z]+/g, " ")
    .trim();
const sameName = (a: string, b: string) => nameKey(a) === nameKey(b);
const LITTLE_WENDLE = (parishes: Array<{ code: string; name: string }>) =>
  parishes.find((p) => p.name === "Little Wendle")?.code ?? "missing";

const SOURCES =
  /Modern\.Gov (web service|web service \(SOAP\)|parish list page|parish page)|Override set by staff/;

describe("the clerk directory on the local stack", () => {
  it("lists every demo parish, then each with its source after a refresh", { timeout: 120_000 }, async () => {
    const staff = await new StaffClient(stack.urls.api).signIn();
    const before = await staff.request("/staff/directory");
    expect(before.response.status).toBe(200);
    const parishes = demoParishes();
    expect(parishes.length).toBeGreaterThan(5);
    for (const p of parishes) expect(text(rowOf(before.body, p.code))).toContain("Never looked up");

    const csrf = staff.csrf(before.body);
    for (const p of parishes) {
      const refreshed = await staff.request(`/staff/directory/${p.code}/refresh`, {
        method: "POST",
        form: { _csrf: csrf },
      });
      expect(refreshed.response.headers.get("location"), p.name).toBe(
        `/staff/directory/${p.code}?done=refreshed`,
      );
    }
    const after = await staff.request("/staff/directory");
    // Each parish against the demo Modern.Gov data: a clerk's address with where it came from,
    // or, for the council without one (Little Wendle) and the parish Modern.Gov lacks, the problem.
    const clerks = demoClerks().parishCouncils;
    const unmatched: string[] = [];
    for (const p of parishes) {
      const row = text(rowOf(after.body, p.code));
      const council = clerks.find((c) => sameName(c.title, p.name));
      if (!council) unmatched.push(p.name);
      if (council?.clerk?.email) {
        expect(row, p.name).toMatch(SOURCES);
        expect(row, p.name).toContain(council.clerk.email);
      } else {
        expect(row, p.name).toMatch(council ? /No email address/ : /No match/);
      }
    }
    // Only the parish the demo Modern.Gov has no council for is unmatched.
    expect(unmatched).toEqual(["Westerholme"]);
    expect(text(rowOf(after.body, LITTLE_WENDLE(parishes)))).toContain("No email address");
    const { parish } = demoPlaces();
    expect(rowOf(after.body, parish.expected)).toContain(parish.clerkEmail);
  });

  it(
    "sends a report to an override, says so on the case, audits it, and shows the clerk's bounce",
    { timeout: 120_000 },
    async () => {
      const { parish } = demoPlaces();
      const staff = await new StaffClient(stack.urls.api).signIn();
      const page = await staff.request(`/staff/directory/${parish.expected}`);
      const set = await staff.request(`/staff/directory/${parish.expected}/override`, {
        method: "POST",
        form: {
          _csrf: staff.csrf(page.body),
          email: "override.clerk@parish.example.org",
          clerkName: "Sam Override",
          reason: "The clerk phoned with a new address",
        },
      });
      expect(set.response.status).toBe(303);

      const response = await postReport(stack.urls.api, aReport({ location: { postcode: parish.postcode } }));
      expect(response.status).toBe(201);
      const { reference } = (await response.json()) as { reference: string };
      await queueDrained(stack);
      expect((await stack.app.caseStore.get(reference))?.recipient).toBe("override.clerk@parish.example.org");
      const [email] = await emailsAbout(stack.urls.ses, reference);
      expect(email?.destination.to).toEqual(["override.clerk@parish.example.org"]);
      const sent = (await stack.app.caseStore.timeline(reference)).find((e) => e.type === "sent");
      expect(String(sent?.data?.contactSource)).toMatch(
        /^Override set by staff@[^ ]+ in the clerk directory on /,
      );

      const parishPage = text((await staff.request(`/staff/directory/${parish.expected}`)).body);
      expect(parishPage).toMatch(
        /staff@\S+ Set .*Email: override\.clerk@parish\.example\.org.* The clerk phoned with a new address/,
      );

      // The override's address bounces: the case goes to the district, and the directory says why.
      await stack.deliveryEvents(
        sqsEvent(bounceEvent("override.clerk@parish.example.org", undefined, reference)),
        localContext("signpost-delivery-events"),
      );
      await queueDrained(stack);
      const list = text(rowOf((await staff.request("/staff/directory")).body, parish.expected));
      expect(list).toContain(`Bounced Email to override.clerk@parish.example.org bounced permanently`);
      expect(list).toContain(`(case ${reference})`);
    },
  );
});
