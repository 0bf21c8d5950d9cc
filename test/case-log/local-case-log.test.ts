import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Case, destinationTarget } from "#core/case/case.js";
import { newReference } from "#core/case/reference.js";
import { MAX_READS_PER_PARTITION } from "#core/ports/case-store.js";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { seededRandom } from "../helpers/dynalite-client.js";
import { type FaultProxy, startFaultProxy } from "../helpers/fault-proxy.js";
import { useLocalStack } from "../helpers/local-stack.js";
import { StaffClient } from "../helpers/staff-client.js";

// The case log through the local stack (`npm start`): the gateway, dynalite and the local identity
// provider over real HTTP. A report made through the JSON API shows up for signed-in staff.

let stack: LocalStack;
let base: string;
let dynamo: FaultProxy;
/** DynamoDB operations seen by the proxy in front of dynalite, in order. */
const operations: string[] = [];
beforeAll(async () => {
  dynamo = await startFaultProxy();
  dynamo.rule((request) => {
    operations.push(String(request.headers["x-amz-target"] ?? "").replace("DynamoDB_20120810.", ""));
    return "pass";
  });
});
afterAll(async () => {
  await dynamo?.close();
});
// Registered after the proxy's hooks: starts once it is up and stops before it closes.
useLocalStack(
  { queue: { visibilityTimeoutMs: 200 }, endpoints: { dynamodb: (url) => dynamo.forwardTo(url) } },
  (started) => {
    stack = started;
    base = stack.urls.api;
  },
);

describe("the case log on the local stack", () => {
  it("signs in with the demo login, lists and opens a new report, and signs out", async () => {
    const created = await postReport(base, aReport({ description: "Cars speed past the <school> at 8am." }));
    expect(created.status).toBe(201);
    const { reference } = (await created.json()) as { reference: string };

    const staff = new StaffClient(base);
    expect((await staff.request("/staff/cases")).response.status).toBe(303);
    const signInPage = await staff.request("/staff/sign-in");
    expect(signInPage.response.status).toBe(200);
    const demo = DEMO_STAFF_USERS[0];
    const signedIn = await staff.request("/staff/sign-in", {
      method: "POST",
      form: { _csrf: staff.csrf(signInPage.body), email: demo?.email ?? "", password: demo?.password ?? "" },
    });
    expect(signedIn.response.status).toBe(303);
    expect(signedIn.response.headers.get("location")).toBe("/staff/cases");

    const list = await staff.request("/staff/cases");
    expect(list.response.status).toBe(200);
    expect(list.body).toContain(reference);
    const one = await staff.request(`/staff/cases/${reference}`);
    expect(one.response.status).toBe(200);
    expect(one.body).toContain("Cars speed past the &lt;school&gt; at 8am.");
    expect(one.body).toMatch(/Report received, for [^<]+ Council<\/span>/);

    // The resident form receives the staff cookies now (site cookies, Path=/), ignores them, and stays the resident form.
    expect((await fetch(`${base}/`)).status).toBe(200);

    const out = await staff.request("/staff/sign-out", {
      method: "POST",
      form: { _csrf: staff.csrf(list.body) },
    });
    expect(out.response.status).toBe(303);
    expect((await staff.request("/staff/cases")).response.status).toBe(303);
  });

  it("ends the session at sign-out even for a copy of the cookie", async () => {
    const staff = await new StaffClient(base).signIn();
    const copy = new StaffClient(base);
    for (const [k, v] of staff.jar) copy.jar.set(k, v);
    const list = await staff.request("/staff/cases");
    expect((await copy.request("/staff/cases")).response.status).toBe(200);
    await staff.request("/staff/sign-out", { method: "POST", form: { _csrf: staff.csrf(list.body) } });
    // The token itself is still signed and unexpired; the sign-out record refuses it.
    const after = await copy.request("/staff/cases");
    expect(after.response.status).toBe(303);
    expect(after.response.headers.get("location")).toBe("/staff/sign-in?return=%2Fstaff%2Fcases");
  });

  it("pages 1,000 cases with no gaps or repeats, each page in a fixed number of DynamoDB calls", async () => {
    const seeded = await seed(1000);
    const staff = await new StaffClient(base).signIn();
    // Per page: the sign-out check, the status counts, and the bounded reads of at most three
    // index partitions (one per status when no status or destination narrows it), twice: once for
    // the page and once for the district map's newest cases.
    const bound = 2 + 2 * 3 * MAX_READS_PER_PARTITION;
    const filters = [
      "",
      "status=closed",
      "sentTo=parishes",
      "sentTo=E07999999",
      "service=street-furniture",
      "sentTo=parishes&service=street-furniture&status=in-progress",
      "email=not-sent",
      "from-day=1&from-month=11&from-year=2026&to-day=2&to-month=11&to-year=2026",
    ];
    const mostPerPage: number[] = [];
    for (const filter of filters) {
      let path: string | undefined = `/staff/cases${filter ? `?${filter}` : ""}`;
      let pages = 0;
      const seen = new Set<string>();
      while (path) {
        operations.length = 0;
        const { response, body } = await staff.request(path);
        expect(response.status, path).toBe(200);
        expect(operations.length, `${path}: ${operations.join(", ")}`).toBeLessThanOrEqual(bound);
        mostPerPage.push(operations.length);
        expect(operations.filter((op) => op === "Scan")).toEqual([]);
        for (const [, ref] of body.matchAll(/>(SPD-[0-9A-Z]{4}-[0-9A-Z]{4})</g)) {
          expect(seen.has(ref ?? ""), `${ref} twice`).toBe(false);
          seen.add(ref ?? "");
        }
        path = /href="(\/staff\/cases\?[^"]*after=[^"]+)"/.exec(body)?.[1]?.replaceAll("&amp;", "&");
        pages += 1;
      }
      if (filter === "") {
        // Every seeded case, once, across 20-odd pages of 50 (plus the reports of the other tests).
        for (const c of seeded) expect(seen.has(c.reference), c.reference).toBe(true);
        expect(pages).toBeGreaterThanOrEqual(20);
      }
      if (filter === "status=closed") {
        // The other tests' reports are all new: closed ones are exactly the seeded closed ones.
        const closed = seeded.filter((c) => c.status === "closed").map((c) => c.reference);
        expect([...seen].sort()).toEqual(closed.sort());
      }
    }
    expect(Math.max(...mostPerPage)).toBeLessThanOrEqual(bound);
  });
});

/** Cases straight into the store: statuses, destinations, services and days vary. */
async function seed(count: number): Promise<Case[]> {
  const areas = [
    { kind: "parish" as const, code: "E04999001", name: "Ashcombe" },
    { kind: "parish" as const, code: "E04999003", name: "Great Wendle" },
    { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" },
  ];
  const statuses = ["new", "in-progress", "closed"] as const;
  const random = seededRandom(11);
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const destination = areas[random(3)] ?? areas[0]!;
    const createdAt = new Date(Date.UTC(2026, 9, 25) + i * 1_200_000).toISOString();
    const report: Case = {
      reference: newReference("SPD", random),
      service: random(5) === 0 ? "street-furniture" : "speeding",
      status: statuses[random(3)] ?? "new",
      delivery: i % 29 === 0 ? "failed" : "sent",
      createdAt,
      updatedAt: createdAt,
      answers: {},
      location: { lat: 54.5, lng: 2.3 },
      description: `Seeded ${i}`,
      destination,
      routing: {
        ruleId: "seed",
        requested: destinationTarget(destination),
        area: destination,
        reason: "seeded",
      },
      retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    };
    cases.push(report);
  }
  // Twenty at a time, as concurrent reports would arrive.
  for (let i = 0; i < cases.length; i += 20) {
    await Promise.all(cases.slice(i, i + 20).map((c) => stack.app.caseStore.create(c, [])));
  }
  return cases;
}
