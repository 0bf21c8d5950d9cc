import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoParishes, demoPostcodes } from "../helpers/demo-data.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";
import { StaffClient } from "../helpers/staff-client.js";

// Issue 15, finding 2, through the local stack (DynamoDB on dynalite, the SES emulator): a resident
// who agreed to share their details with Ashcombe, re-routed by staff to another parish. The new
// clerk gets the report without name, email or phone and with Reply-To the district, and the
// resident gets no second "we have received your report".

let stack: LocalStack;
useLocalStack({}, (started) => {
  stack = started;
});

const RESIDENT = { name: "Dorothy Quill", email: "dorothy.quill@example.net", phone: "07700 900123" };

describe("re-routing keeps to the resident's consent", () => {
  it("sends the new parish no contact details, Reply-To the district, and no second acknowledgement", async () => {
    const postcode = demoPostcodes().find((p) => p.expected === "E04999001")?.postcode;
    const response = await postReport(
      stack.urls.api,
      aReport({ location: { postcode }, reporter: { ...RESIDENT, shareWithParish: true } }),
    );
    const { reference } = (await response.json()) as { reference: string };
    await queueDrained(stack);
    const first = await emailsAbout(stack.urls.ses, reference);
    const toAshcombe = first.find((e) => e.destination.to[0] === "clerk@ashcombe-pc.example.org");
    expect(toAshcombe?.body.text).toContain(RESIDENT.phone);
    // Shared, but the email carries one-click links: a reply (which quotes them) goes to the district.
    expect(toAshcombe?.body.text).toContain(`start a new email to ${RESIDENT.email}`);
    expect(toAshcombe?.replyTo).toEqual([stack.config.DISTRICT_EMAIL]);
    expect(first.filter((e) => e.destination.to[0] === RESIDENT.email)).toHaveLength(1);

    const other = demoParishes().find((p) => p.code === "E04999002");
    if (!other) throw new Error("demo parish E04999002 missing");
    // Staff re-route it from the case page, which says who gets the details, through the
    // confirmation page, which says so for this council and asks why.
    const staff = await new StaffClient(stack.urls.api).signIn();
    const page = await staff.request(`/staff/cases/${reference}`);
    expect(page.body).toContain("without the resident&#39;s contact details unless");
    const confirm = await staff.request(`/staff/cases/${reference}/reroute?destination=${other.code}`);
    expect(confirm.response.status).toBe(200);
    expect(confirm.body).toContain("The resident&#39;s contact details do not go with it");
    const rerouted = await staff.request(`/staff/cases/${reference}/reroute`, {
      method: "POST",
      form: {
        _csrf: staff.csrf(confirm.body),
        destination: other.code,
        from: "E04999001",
        reason: "The road is in the next parish",
      },
    });
    expect(rerouted.response.status).toBe(303);
    expect(rerouted.response.headers.get("location")).toBe(`/staff/cases/${reference}?done=rerouted`);
    await queueDrained(stack);

    const all = await emailsAbout(stack.urls.ses, reference);
    expect(all).toHaveLength(3);
    const toOther = all.find(
      (e) => e.messageId !== toAshcombe?.messageId && e.destination.to[0] !== RESIDENT.email,
    );
    expect(toOther?.destination.to[0]).not.toBe("clerk@ashcombe-pc.example.org");
    for (const detail of Object.values(RESIDENT)) {
      expect(toOther?.body.text).not.toContain(detail);
      expect(toOther?.body.html).not.toContain(detail);
    }
    expect(toOther?.replyTo).toEqual([stack.config.DISTRICT_EMAIL]);
    expect(all.filter((e) => e.destination.to[0] === RESIDENT.email)).toHaveLength(1);
    expect(await stack.app.caseStore.get(reference)).toMatchObject({
      delivery: "sent",
      destination: { code: "E04999002" },
      routing: { ruleId: "staff-reroute", reason: "Re-routed by staff: The road is in the next parish" },
      acknowledgedAt: expect.any(String),
    });
  });
});
