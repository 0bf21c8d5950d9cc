import { describe, expect, it } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";
import { StaffClient } from "../helpers/staff-client.js";

// Stopping progress emails through the local stack: staff press "Stop progress emails" when a
// resident asks, and the next public update goes to nobody; a parish clerk the resident did not
// share their details with reads the same words whether or not the resident asked, and may not stop.

let stack: LocalStack;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
});

async function reportFrom(email: string, wantsUpdates: boolean): Promise<string> {
  const response = await postReport(
    stack.urls.api,
    aReport({
      reporter: {
        name: "Sam Resident",
        email,
        shareWithParish: false,
        ...(wantsUpdates ? { wantsUpdates } : {}),
      },
    }),
  );
  expect(response.status).toBe(201);
  return ((await response.json()) as { reference: string }).reference;
}

const CLERK = DEMO_STAFF_USERS[1];

describe("stopping progress emails", () => {
  it("stops them from the case page, says so, and sends no later update", async () => {
    const address = "stop-me@example.net";
    const reference = await reportFrom(address, true);
    await queueDrained(stack);
    const staff = await new StaffClient(stack.urls.api).signIn();
    const before = await staff.request(`/staff/cases/${reference}`);
    expect(before.body).toContain("Stop progress emails");

    const stopped = await staff.request(`/staff/cases/${reference}/progress-emails/stop`, {
      method: "POST",
      form: { _csrf: staff.csrf(before.body) },
    });
    expect(stopped.response.status).toBe(303);
    expect(stopped.response.headers.get("location")).toBe(
      `/staff/cases/${reference}?done=progress-emails-stopped`,
    );
    const after = await staff.request(`/staff/cases/${reference}?done=progress-emails-stopped`);
    expect(after.body).toContain("Progress emails stopped");
    expect(after.body).toContain("Progress emails stopped at the resident&#39;s request");
    expect(after.body).toContain("Progress emails to the resident have stopped");
    expect(after.body).not.toContain('id="stop-progress-emails"');
    expect(after.body).not.toContain('name="emailResident"');
    expect((await stack.app.caseStore.get(reference))?.progressEmailsStoppedAt).toBeDefined();

    // The status form, sent as a stale page would send it (box ticked): nothing is queued for them.
    const key = /name="_key" value="([0-9a-f-]{36})"/.exec(before.body)?.[1] ?? "";
    const changed = await staff.request(`/staff/cases/${reference}/status`, {
      method: "POST",
      form: {
        _csrf: staff.csrf(before.body),
        _key: key,
        status: "in-progress",
        reason: "Booked",
        publicUpdate: "A speed survey is booked.",
        emailResidentOffered: "yes",
        emailResident: "yes",
      },
    });
    expect(changed.response.status).toBe(303);
    await queueDrained(stack);
    const sent = (await emailsAbout(stack.urls.ses, reference)).filter((e) =>
      e.destination.to.includes(address),
    );
    expect(sent.map((e) => e.subject)).toEqual([`We have received your report: ${reference}`]);
    const types = (await stack.app.caseStore.timeline(reference)).map((e) => e.type);
    expect(types).toContain("public-update");
    expect(types).not.toContain("resident-emailed");
  });

  it("shows a clerk the same neutral words whether or not the resident asked, and lets them stop nothing", async () => {
    const asked = await reportFrom("clerk-asked@example.net", true);
    const notAsked = await reportFrom("clerk-not-asked@example.net", false);
    await queueDrained(stack);
    const clerk = await new StaffClient(stack.urls.api).signIn(CLERK);
    const part = (body: string) =>
      /<form method="post" action="[^"]*\/status"[\s\S]*?<\/form>/
        .exec(body)?.[0]
        .replace(/[0-9a-f-]{36}|[a-f0-9]{64}|[A-Z]{3}-[A-Z0-9]{4}-[A-Z0-9]{4}/g, "") ?? "";
    const askedPage = await clerk.request(`/staff/cases/${asked}`);
    const notAskedPage = await clerk.request(`/staff/cases/${notAsked}`);
    expect(askedPage.response.status).toBe(200);
    expect(part(askedPage.body)).toContain("if they asked for progress emails");
    expect(part(askedPage.body)).toEqual(part(notAskedPage.body));
    for (const body of [askedPage.body, notAskedPage.body]) {
      expect(body).not.toContain("The resident asked to be emailed");
      expect(body).not.toContain("did not ask for progress emails");
      expect(body).not.toContain("Stop progress emails");
    }
    const refused = await clerk.request(`/staff/cases/${asked}/progress-emails/stop`, {
      method: "POST",
      form: { _csrf: clerk.csrf(askedPage.body) },
    });
    expect(refused.response.status).toBe(403);
    expect((await stack.app.caseStore.get(asked))?.progressEmailsStoppedAt).toBeUndefined();
  });
});
