import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";
import { StaffClient } from "../helpers/staff-client.js";

// Residents hear back, through the local stack: two reports, one asking for progress emails and
// one not; staff change each one's status with "Email this update to the resident" sent; the
// first resident gets exactly one update email in the SES emulator, the second nothing.

let stack: LocalStack;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
});

const ASKED = "asked@example.net";
const NOT_ASKED = "not-asked@example.net";

async function reportFrom(email: string, wantsUpdates: boolean): Promise<string> {
  const response = await postReport(
    stack.urls.api,
    aReport({
      description: "Cars speed past the school at 8am.",
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

/** Staff change the case to in progress from its page, with public words and the email box as given. */
async function changeStatus(staff: StaffClient, reference: string, emailResident = true) {
  const page = await staff.request(`/staff/cases/${reference}`);
  const key = /name="_key" value="([0-9a-f-]{36})"/.exec(page.body)?.[1] ?? "";
  const changed = await staff.request(`/staff/cases/${reference}/status`, {
    method: "POST",
    form: {
      _csrf: staff.csrf(page.body),
      _key: key,
      status: "in-progress",
      reason: "Officer Jones will look at it; the resident sounds upset",
      publicUpdate: "A speed survey is booked for next week.",
      emailResidentOffered: "yes",
      ...(emailResident ? { emailResident: "yes" } : {}),
    },
  });
  expect(changed.response.status).toBe(303);
  return page.body;
}

describe("progress emails on the local stack", () => {
  it("emails the update once to the resident who asked, and nothing to the one who did not", async () => {
    const asked = await reportFrom(ASKED, true);
    const notAsked = await reportFrom(NOT_ASKED, false);
    await queueDrained(stack);
    // The acknowledgement promises progress emails only to the resident who asked.
    const to = async (reference: string, address: string) =>
      (await emailsAbout(stack.urls.ses, reference)).filter((e) => e.destination.to.includes(address));
    const [askedAck] = await to(asked, ASKED);
    expect(askedAck?.subject).toBe(`We have received your report: ${asked}`);
    expect(askedAck?.body.text).toContain("We will email you when there is progress");
    const [notAskedAck] = await to(notAsked, NOT_ASKED);
    expect(notAskedAck?.subject).toBe(`We have received your report: ${notAsked}`);
    expect(notAskedAck?.body.text).not.toContain("We will email you when there is progress");

    const staff = await new StaffClient(stack.urls.api).signIn();
    const askedPage = await changeStatus(staff, asked);
    expect(askedPage).toContain("Email this update to the resident");
    // Ticked at first: the resident asked to hear.
    expect(askedPage).toMatch(/<input[^>]*name="emailResident"[^>]*value="yes"[^>]*checked/);
    const notAskedPage = await changeStatus(staff, notAsked);
    expect(notAskedPage).not.toContain("Email this update to the resident");
    expect(notAskedPage).toContain("The resident did not ask for progress emails");
    await queueDrained(stack);

    const updates = async (to: string) =>
      (await emailsAbout(stack.urls.ses, "Update on your report")).filter((e) =>
        e.destination.to.includes(to),
      );
    const [update, ...more] = await updates(ASKED);
    expect(more).toEqual([]);
    expect(update?.subject).toBe(`Update on your report ${asked}`);
    expect(update?.replyTo).toEqual([stack.config.DISTRICT_EMAIL]);
    for (const part of [update?.body.text, update?.body.html]) {
      expect(part).toContain("In progress");
      expect(part).toContain("A speed survey is booked for next week.");
      expect(part).not.toMatch(/Officer Jones|upset|Sam Resident|\b8am\b/);
    }
    expect(await updates(NOT_ASKED)).toEqual([]);

    // Staff see it on the timeline, without the address.
    const timeline = await stack.app.caseStore.timeline(asked);
    const emailed = timeline.filter((e) => e.type === "resident-emailed");
    expect(emailed.map((e) => e.summary)).toEqual(["Emailed the resident the update “In progress”"]);
    expect(JSON.stringify(timeline.filter((e) => e.type !== "sent"))).not.toContain(ASKED);
    const shown = await staff.request(`/staff/cases/${asked}`);
    expect(shown.body).toContain("Emailed the resident the update “In progress”");
    expect((await stack.app.caseStore.timeline(notAsked)).map((e) => e.type)).not.toContain(
      "resident-emailed",
    );
    // The report's own delivery is untouched by the progress email.
    expect((await stack.app.caseStore.get(asked))?.delivery).toBe("sent");
  });
});

it("sends nothing when staff untick the box, even to a resident who asked", async () => {
  const address = "unticked@example.net";
  const reference = await reportFrom(address, true);
  await queueDrained(stack);
  const staff = await new StaffClient(stack.urls.api).signIn();
  await changeStatus(staff, reference, false);
  await queueDrained(stack);
  const sent = (await emailsAbout(stack.urls.ses, reference)).filter((e) =>
    e.destination.to.includes(address),
  );
  expect(sent.map((e) => e.subject)).toEqual([`We have received your report: ${reference}`]);
  // The public update itself was stored: only the email was not sent.
  const types = (await stack.app.caseStore.timeline(reference)).map((e) => e.type);
  expect(types).toContain("public-update");
  expect(types).not.toContain("resident-emailed");
});
