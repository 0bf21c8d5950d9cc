import { describe, expect, it } from "vitest";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";
import { StaffClient } from "../helpers/staff-client.js";

// The case log of councils whose cases go beyond parish and district (issue 20), through the local
// stack on the demo's three councils: staff filter by a body, re-route a case to a body covering it
// (and the body gets the email), are refused a body or parish that does not cover the case, and
// export the CSV with the body's name and the fallback's reason. Each council sees only its own.

let stack: LocalStack;
useLocalStack({ councils: "demo", queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
});

const HIGHWAYS = { id: "exampleshire-county-highways", name: "Exampleshire County Council Highways" };
const HIGHWAYS_EMAIL = "highways@exampleshire.example.org";

const staffOf = (council: string) => {
  const user = DEMO_STAFF_USERS.find((u) => u.council === council && u.groups.includes("staff"));
  if (!user) throw new Error(`no demo staff for ${council}`);
  return new StaffClient(stack.urls.api).signIn(user);
};

async function report(postcode: string, outcome: string): Promise<string> {
  const response = await postReport(
    stack.urls.api,
    aReport({ location: { postcode }, answers: { outcome } }),
  );
  const body = (await response.json()) as { reference: string };
  expect(response.status, JSON.stringify(body)).toBe(201);
  return body.reference;
}

/** The text of the "Sent to" cell of a case's row in the case list. */
const sentToCell = (html: string, reference: string) => {
  const row = new RegExp(`${reference}[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "";
  return [...row.matchAll(/<td class="govuk-table__cell">([^<]*)<\/td>/g)].map((m) => m[1]);
};

describe("the case log with bodies beyond parish and council", () => {
  it("filters by a body, by name, and lists the body's cases only", async () => {
    const toHighways = await report("ZX1 5ZB", "road-layout");
    const toParish = await report("ZX2 1FD", "speedwatch");
    const staff = await staffOf("exampleshire-vale");
    const list = await staff.request("/staff/cases");
    expect(list.body).toContain(`<option value="${HIGHWAYS.id}">${HIGHWAYS.name}</option>`);
    expect(list.body).toContain("Exampleshire Safer Roads Partnership");
    const filtered = await staff.request(`/staff/cases?sentTo=${HIGHWAYS.id}`);
    expect(filtered.response.status).toBe(200);
    expect(filtered.body).toContain(toHighways);
    expect(filtered.body).not.toContain(toParish);
    expect(sentToCell(filtered.body, toHighways)).toContain(HIGHWAYS.name);
    const anyBody = await staff.request("/staff/cases?sentTo=bodies");
    expect(anyBody.body).toContain(toHighways);
    expect(anyBody.body).not.toContain(toParish);
  });

  it("re-routes a parish's case to the county's highways, who get the email, and the timeline says so", async () => {
    const reference = await report("ZX2 1FD", "speedwatch");
    await queueDrained(stack);
    const staff = await staffOf("exampleshire-vale");
    const page = await staff.request(`/staff/cases/${reference}`);
    expect(page.body).toContain(`<option value="${HIGHWAYS.id}">${HIGHWAYS.name}</option>`);
    const confirm = await staff.request(`/staff/cases/${reference}/reroute?destination=${HIGHWAYS.id}`);
    expect(confirm.response.status).toBe(200);
    expect(confirm.body).toContain(`Re-route this case to ${HIGHWAYS.name}?`);
    expect(confirm.body).not.toContain("no email address for its clerk");
    const moved = await staff.request(`/staff/cases/${reference}/reroute`, {
      method: "POST",
      form: {
        _csrf: staff.csrf(confirm.body),
        destination: HIGHWAYS.id,
        from: "E04999001",
        reason: "The speed limit is the county's",
      },
    });
    expect(moved.response.status).toBe(303);
    await queueDrained(stack);
    expect(await stack.app.caseStore.get(reference)).toMatchObject({
      delivery: "sent",
      destination: { kind: "body", code: HIGHWAYS.id, name: HIGHWAYS.name },
      recipient: HIGHWAYS_EMAIL,
    });
    const emails = await emailsAbout(stack.urls.ses, reference);
    expect(emails.flatMap((e) => e.destination.to)).toContain(HIGHWAYS_EMAIL);
    const after = await staff.request(`/staff/cases/${reference}`);
    // What moved, from where, to where, why, and who did it, in words.
    expect(after.body).toMatch(
      /Re-routed from Ashcombe Parish Council to Exampleshire County Council Highways(, without the resident&#39;s contact details)?: The speed limit is the county&#39;s<\/span>\s*<span[^>]*>You, /,
    );
    expect(after.body).toMatch(
      /id="sent-to">Exampleshire County Council Highways<br><span[^>]*>County council</,
    );
  });

  it.each([
    ["a body that does not cover the case", "saltmere", "ZX30 1AE", HIGHWAYS.id],
    ["another council's parish", "exampleshire-vale", "ZX1 5ZB", "E04999101"],
    ["another council's own area", "exampleshire-vale", "ZX1 5ZB", "E06999999"],
  ])("refuses a crafted re-route to %s", async (_, council, postcode, destination) => {
    const reference = await report(postcode, "speedwatch");
    await queueDrained(stack);
    const before = await stack.app.caseStore.get(reference);
    const staff = await staffOf(council);
    const page = await staff.request(`/staff/cases/${reference}`);
    expect(page.body).not.toContain(`<option value="${destination}"`);
    const crafted = await staff.request(`/staff/cases/${reference}/reroute`, {
      method: "POST",
      form: {
        _csrf: staff.csrf(page.body),
        destination,
        from: before?.destination.code ?? "",
        reason: "Crafted",
      },
    });
    expect(crafted.response.status).toBe(400);
    expect(crafted.body).toContain("Select where to send the case");
    expect((await stack.app.caseStore.get(reference))?.destination).toEqual(before?.destination);
  });

  it("refuses another council's staff re-routing the case at all", async () => {
    const reference = await report("ZX1 5ZB", "road-layout");
    const staff = await staffOf("saltmere");
    const page = await staff.request("/staff/cases");
    const crafted = await staff.request(`/staff/cases/${reference}/reroute`, {
      method: "POST",
      form: { _csrf: staff.csrf(page.body), destination: "E06999999", reason: "Crafted" },
    });
    expect(crafted.response.status).toBe(404);
    expect((await stack.app.caseStore.get(reference))?.destination.code).toBe(HIGHWAYS.id);
  });

  it("ignores a filter naming another council's parish: the list stays the council's own", async () => {
    const vale = await report("ZX2 1FD", "speedwatch");
    const staff = await staffOf("harrowfield");
    const list = await staff.request("/staff/cases?sentTo=E04999001");
    expect(list.response.status).toBe(200);
    expect(list.body).not.toContain(vale);
    expect(list.body).not.toContain('value="E04999001" selected');
  });

  it("counts each body's cases on the reports page, by name", async () => {
    await report("ZX1 5ZB", "road-layout");
    const staff = await staffOf("exampleshire-vale");
    const reports = await staff.request("/staff/reports");
    expect(reports.response.status).toBe(200);
    const table = /id="table-destination"[\s\S]*?<\/thead>/.exec(reports.body)?.[0] ?? "";
    expect(table).toContain(`Sent to ${HIGHWAYS.name}`);
    expect(reports.body).toContain("First action, sent to other organisations");
    // Saltmere sends none to the county's highways: no series for it there.
    const saltmere = await (await staffOf("saltmere")).request("/staff/reports");
    expect(saltmere.body).not.toContain(`Sent to ${HIGHWAYS.name}`);
  });

  it("exports the body's name and the fallback's reason in the CSV", async () => {
    const fellBack = await report("ZX30 1AE", "road-layout");
    const enforcement = await report("ZX30 1AE", "enforcement");
    const staff = await staffOf("saltmere");
    const csv = await staff.request("/staff/cases.csv");
    expect(csv.response.status).toBe(200);
    const lines = csv.body.replace(/^\uFEFF/, "").split("\r\n");
    const header = (lines[0] ?? "").split('","');
    const sentTo = header.indexOf("Sent to");
    const fallback = header.indexOf("Fallback reason");
    expect(sentTo).toBeGreaterThan(0);
    expect(fallback).toBe(sentTo + 1);
    const cells = (reference: string) =>
      (lines.find((l) => l.startsWith(`"${reference}"`)) ?? "").split('","');
    expect(cells(fellBack)[sentTo]).toBe("Saltmere Council");
    expect(cells(fellBack)[fallback]).toBe("Saltmere is a unitary area with no county council");
    expect(cells(enforcement)[sentTo]).toBe("Exampleshire Safer Roads Partnership");
    expect(cells(enforcement)[fallback]).toBe("");
    // The case page says why in plain words too.
    const casePage = await staff.request(`/staff/cases/${fellBack}`);
    expect(/id="why">([\s\S]*?)<\/dd>/.exec(casePage.body)?.[1]).toContain(
      "Saltmere is a unitary area with no county council, so Saltmere Council, its own highway authority, has it",
    );
    // Another council's staff export none of it.
    const other = await (await staffOf("harrowfield")).request("/staff/cases.csv");
    expect(other.body).not.toContain(fellBack);
  });
});
