import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { FormSession } from "../helpers/browser.js";
import { aReport, postReport } from "../helpers/builders.js";
import { useLocalStack } from "../helpers/local-stack.js";
import { postReportFrom } from "../helpers/post-from.js";
import { StaffClient } from "../helpers/staff-client.js";

// Issue 15, finding 5: one client's burst of reports meets 429 with Retry-After, through the local
// stack (counters in dynalite, shared by the API and the form), while another client's report and
// a member of staff's sign-in and action go through.

const PER_MINUTE = 3;
/**
 * The stack's clock is real, so a burst may straddle a minute's end. In fixed windows, a burst of
 * twice the limit and one more cannot fit under the limit in two windows: some report is refused
 * whichever instant the burst starts at.
 */
const BURST = PER_MINUTE * 2 + 1;

let stack: LocalStack;
useLocalStack(
  // The hour's limit out of the way, so the minute is the window that refuses.
  { env: { CLIENT_REPORTS_PER_MINUTE: String(PER_MINUTE), CLIENT_REPORTS_PER_HOUR: "1000" } },
  (started) => {
    stack = started;
  },
);

describe("per-client limits through the local stack", () => {
  const accepted: string[] = [];

  it("refuses part of one client's burst with 429 and Retry-After, and stores every report it accepted", async () => {
    const answers = await Promise.all(
      Array.from({ length: BURST }, async () => {
        const response = await postReport(stack.urls.api, aReport());
        return {
          status: response.status,
          type: response.headers.get("content-type"),
          retryAfter: response.headers.get("retry-after"),
          body: (await response.json()) as { reference?: string; type?: string },
        };
      }),
    );
    const refused = answers.filter((a) => a.status === 429);
    const created = answers.filter((a) => a.status === 201);
    expect(refused.length).toBeGreaterThan(0);
    expect(created.length + refused.length).toBe(BURST);
    // At most a full minute's worth in each of the (at most two) windows the burst touched.
    expect(created.length).toBeLessThanOrEqual(PER_MINUTE * 2);
    for (const answer of refused) {
      expect(answer.type).toBe("application/problem+json");
      expect(answer.body.type).toBe("https://signpost.example/problems/too-many-requests");
      // Whole seconds to the end of the minute that refused it.
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60);
    }
    for (const answer of created) {
      const reference = answer.body.reference ?? "";
      expect(await stack.app.caseStore.get(reference)).toMatchObject({ reference });
      accepted.push(reference);
    }
  });

  it("still takes another client's report meanwhile", async () => {
    const response = await postReportFrom("127.0.0.2", stack.urls.api, aReport());
    expect(response.status).toBe(201);
  });

  it("shows the form's resident the GOV.UK page when their address is over its limit", async () => {
    // The form counts against the same address as the API. Each try is a new report; at most two
    // windows' worth can be taken before one is refused.
    let refusedPage: { status: number; retryAfter: string | null; body: string } | undefined;
    for (let attempt = 0; attempt <= PER_MINUTE * 2 && !refusedPage; attempt++) {
      const session = await new FormSession(stack.urls.api).begin("/speeding", "/speeding/questions/danger");
      await session.walk([
        ["/speeding/questions/danger", { danger: "no" }],
        ["/speeding/questions/road-type", { "road-type": "residential" }],
        ["/speeding/questions/outcome", { outcome: "speedwatch" }],
        ["/speeding/location", { postcode: "ZX2 1FD" }],
        ["/speeding/details", { description: "Cars speed past the school." }],
        ["/speeding/contact", {}],
      ]);
      await session.get("/speeding/check-answers");
      const sent = await session.post("/speeding/check-answers", {});
      if (sent.status === 429)
        refusedPage = { status: sent.status, retryAfter: sent.headers.get("retry-after"), body: sent.body };
      else expect(sent.status).toBe(303);
    }
    expect(refusedPage?.body).toContain("You have sent a lot of reports");
    expect(refusedPage?.body).toContain('href="/speeding/check-answers"');
    expect(Number(refusedPage?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(refusedPage?.retryAfter)).toBeLessThanOrEqual(60);
  });

  it("lets staff sign in and change a case's status from the flooded address", async () => {
    const reference = accepted[0] ?? "";
    const staff = await new StaffClient(stack.urls.api).signIn();
    const page = await staff.request(`/staff/cases/${reference}`);
    expect(page.response.status).toBe(200);
    const changed = await staff.request(`/staff/cases/${reference}/status`, {
      method: "POST",
      form: { _csrf: staff.csrf(page.body), status: "in-progress", reason: "Passed to the clerk" },
    });
    expect(changed.response.status).toBe(303);
    expect((await stack.app.caseStore.get(reference))?.status).toBe("in-progress");
  });
});
