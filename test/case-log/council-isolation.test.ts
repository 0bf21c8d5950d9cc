import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Destination } from "#core/case/case.js";
import type { Council } from "#core/councils/council.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { caseLogUnderTest, speedingCase } from "../helpers/case-log-harness.js";
import { exampleshireVale, harrowfield, twoCouncils } from "../helpers/councils.js";
import { startDynaliteClient } from "../helpers/dynalite-client.js";
import { TEST_FIRST_COUNCIL } from "../helpers/memory-case-store.js";

// Two councils' cases in one table (docs/adr/0012-many-councils.md): staff of one council never
// see, find, count, export or act on the other's, on any route, and a token naming no council
// served sees nothing. Harrowfield's cases reuse Exampleshire Vale's parish code and postcode on
// purpose, so only the council keeps them apart.

const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const VALE: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };
const HARROWDEN: Destination = { kind: "parish", code: "E04999101", name: "Harrowden" };
const HARROWFIELD: Destination = { kind: "district", code: "E07999998", name: "Harrowfield" };

const OURS_OLD = "SPD-AAAA-AAA4"; // stored before councils: no `council`, so the first's
const OURS = "SPD-AAAA-AAB2";
const THEIRS = "SPD-BBBB-BBBQ";
const THEIRS_TOO = "SPD-BBBB-BBCN";
const THEIR_WORDS = "Harrowfield lorries on the green";
const PASSWORD = "staff-password";

let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
let store: DynamoCaseStore;
const queued: DispatchJob[] = [];

const geography = async (council: Council) => ({
  bodies: new Map(),
  areas: council.id === harrowfield.id ? [HARROWFIELD, HARROWDEN] : [VALE, ASHCOMBE],
});

beforeAll(async () => {
  dynalite = await startDynaliteClient("council-isolation");
  store = new DynamoCaseStore({
    firstCouncil: TEST_FIRST_COUNCIL,
    client: dynalite.client,
    tableName: "council-isolation",
  });
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString();
  const located = { location: { lat: 54.5, lng: 2.3, postcode: "ZX1 5ZB" } };
  await store.create(speedingCase(OURS_OLD, ASHCOMBE, at(1), { ...located, delivery: "failed" }), []);
  await store.create(speedingCase(OURS, VALE, at(2), { ...located, council: exampleshireVale.id }), []);
  const theirs = {
    ...located,
    council: harrowfield.id,
    description: THEIR_WORDS,
    delivery: "failed" as const,
  };
  // Sent to the same parish code as ours, and a little later, so a list that ignored councils would show it first.
  await store.create(speedingCase(THEIRS, ASHCOMBE, at(3), theirs), []);
  await store.create(speedingCase(THEIRS_TOO, HARROWDEN, at(4), theirs), []);
});
afterAll(() => dynalite?.close());

const caseLog = caseLogUnderTest(
  [
    { email: "staff@vale.example", password: PASSWORD, groups: ["staff"], council: exampleshireVale.id },
    { email: "staff@harrowfield.example", password: PASSWORD, groups: ["staff"], council: harrowfield.id },
    {
      email: "clerk@ashcombe.example",
      password: PASSWORD,
      groups: ["clerk"],
      parish: ASHCOMBE.code,
      council: exampleshireVale.id,
    },
    // A Harrowfield clerk whose parish is Exampleshire Vale's: a parish not in their council.
    {
      email: "clerk@astray.example",
      password: PASSWORD,
      groups: ["clerk"],
      parish: ASHCOMBE.code,
      council: harrowfield.id,
    },
    { email: "staff@nowhere.example", password: PASSWORD, groups: ["staff"] },
    { email: "staff@saltmere.example", password: PASSWORD, groups: ["staff"], council: "saltmere" },
  ],
  () => ({
    caseStore: store,
    councils: twoCouncils,
    clock: { now: () => new Date() },
    actions: createStaffActions({
      caseStore: store,
      clock: { now: () => new Date() },
      ids: systemIds,
      queue: { send: async (job: DispatchJob) => void queued.push(job) },
    }),
    redrive: async () => "redriven",
    geography,
  }),
);

const signedIn = async (email: string) => (await caseLog.mustSignIn(email, PASSWORD)).cookies;
const get = async (email: string, path: string, query = "") =>
  caseLog.call({ path, query, cookies: await signedIn(email) });

describe("the case log of one council among two", () => {
  it("names every council on the sign-in page, before it can know whose the person is", async () => {
    const body = (await caseLog.call({ path: "/staff/sign-in" })).body ?? "";
    expect(body).toContain("Exampleshire Vale District Council and Harrowfield District Council");
  });

  it("lists only its own council's cases, by any filter, and names that council", async () => {
    for (const query of [
      "",
      "sentTo=E04999001",
      "sentTo=parishes",
      "email=not-sent",
      "q=ZX1",
      "status=new",
    ]) {
      const body = (await get("staff@vale.example", "/staff/cases", query)).body ?? "";
      expect(body, query).not.toContain(THEIRS);
      expect(body, query).not.toContain(THEIRS_TOO);
      expect(body, query).not.toContain(THEIR_WORDS);
    }
    const ours = (await get("staff@vale.example", "/staff/cases")).body ?? "";
    expect(ours).toContain(OURS_OLD);
    expect(ours).toContain(OURS);
    expect(ours).toContain("Exampleshire Vale District Council");
    const theirs = (await get("staff@harrowfield.example", "/staff/cases")).body ?? "";
    expect(theirs).toContain(THEIRS);
    expect(theirs).not.toContain(OURS);
    expect(theirs).not.toContain(OURS_OLD);
    expect(theirs).toContain("Harrowfield District Council");
  });

  it("finds another council's case by reference as no case at all", async () => {
    const response = await get("staff@vale.example", "/staff/cases", `q=${THEIRS}`);
    expect(response.body).not.toContain(THEIR_WORDS);
    expect(response.body).toContain(`No case with reference ${THEIRS}`);
    for (const path of [`/staff/cases/${THEIRS}`, `/staff/cases/${THEIRS}/reroute`]) {
      const page = await get("staff@vale.example", path, "destination=E04999001");
      expect(page.statusCode, path).toBe(404);
      expect(page.body, path).not.toContain(THEIR_WORDS);
    }
  });

  it("counts and exports only its own council's cases", async () => {
    const counts = JSON.parse((await get("staff@vale.example", "/staff/cases/counts.json")).body ?? "{}");
    expect(counts).toEqual({ new: 2, "in-progress": 0, closed: 0 });
    const theirCounts = JSON.parse(
      (await get("staff@harrowfield.example", "/staff/cases/counts.json")).body ?? "{}",
    );
    expect(theirCounts).toEqual({ new: 2, "in-progress": 0, closed: 0 });
    for (const query of ["", `q=${THEIRS}`, "sentTo=E04999001"]) {
      const csv = (await get("staff@vale.example", "/staff/cases.csv", query)).body ?? "";
      // A reference searched for is named back in the error; nothing of the case is.
      if (!query.startsWith("q=")) expect(csv, query).not.toContain(THEIRS);
      expect(csv, query).not.toContain(THEIR_WORDS);
    }
    expect((await get("staff@vale.example", "/staff/cases.csv")).body).toContain(OURS_OLD);
  });

  it("leaves another council's cases out of the reports", async () => {
    const ours = (await get("staff@vale.example", "/staff/reports")).body ?? "";
    const theirs = (await get("staff@harrowfield.example", "/staff/reports")).body ?? "";
    expect(ours).not.toContain("Harrowden");
    expect(ours).not.toContain(THEIRS);
    expect(theirs).not.toContain(OURS);
  });

  it("acts on another council's case nowhere: every action is not found and changes nothing", async () => {
    const { cookies, csrf } = await caseLog.mustSignIn("staff@vale.example", PASSWORD);
    const form = { _csrf: csrf, _key: crypto.randomUUID() };
    const posts: Array<[string, Record<string, string>]> = [
      [`/staff/cases/${THEIRS}/status`, { ...form, status: "closed", reason: "" }],
      [`/staff/cases/${THEIRS}/notes`, { ...form, note: "Not ours" }],
      [`/staff/cases/${THEIRS}/redrive`, form],
      [`/staff/cases/${THEIRS}/reroute`, { ...form, destination: VALE.code, reason: "Ours now" }],
      [`/staff/cases/${THEIRS}/progress-emails/stop`, form],
      [`/staff/cases/${THEIRS}/duplicates/link`, { ...form, duplicateOf: OURS }],
      [`/staff/cases/${THEIRS}/duplicates/unlink`, { ...form, duplicateOf: OURS }],
    ];
    for (const [path, body] of posts) {
      const response = await caseLog.call({ method: "POST", path, cookies, form: body });
      expect(response.statusCode, path).toBe(404);
    }
    // Linking one of ours to theirs: "there is no case", and neither is marked.
    const link = await caseLog.call({
      method: "POST",
      path: `/staff/cases/${OURS}/duplicates/link`,
      cookies,
      form: { ...form, duplicateOf: THEIRS },
    });
    expect(link.statusCode).toBe(400);
    expect(link.body).toContain(`There is no case ${THEIRS}`);
    const after = await store.get(THEIRS);
    expect(after).toMatchObject({ status: "new", delivery: "failed", destination: ASHCOMBE });
    expect(after?.possibleDuplicates).toBeUndefined();
    expect((await store.timeline(THEIRS)).length).toBe(0);
  });

  it("re-routes only within the council", async () => {
    const cookies = await signedIn("staff@vale.example");
    const page = await caseLog.call({
      path: `/staff/cases/${OURS}/reroute`,
      query: `destination=${HARROWDEN.code}`,
      cookies,
    });
    expect(page.body).toContain("Select where to send the case");
  });

  it("shows a clerk only their own council's cases of their parish", async () => {
    const clerk = (await get("clerk@ashcombe.example", "/staff/cases")).body ?? "";
    expect(clerk).toContain(OURS_OLD);
    expect(clerk).not.toContain(THEIRS);
    expect((await get("clerk@ashcombe.example", `/staff/cases/${THEIRS}`)).statusCode).toBe(404);
    // A clerk whose parish is not their council's is a clerk without a parish: nothing.
    const astray = (await get("clerk@astray.example", "/staff/cases")).body ?? "";
    for (const reference of [OURS_OLD, OURS, THEIRS, THEIRS_TOO]) expect(astray).not.toContain(reference);
    expect((await get("clerk@astray.example", `/staff/cases/${THEIRS}`)).statusCode).toBe(404);
  });

  it("shows nothing to a token naming no council, or a council not served", async () => {
    for (const email of ["staff@nowhere.example", "staff@saltmere.example"]) {
      for (const path of [
        "/staff/cases",
        "/staff/cases/counts.json",
        "/staff/cases.csv",
        `/staff/cases/${OURS}`,
      ]) {
        const response = await get(email, path);
        expect(response.statusCode, `${email} ${path}`).toBe(403);
        for (const reference of [OURS_OLD, OURS, THEIRS])
          expect(response.body ?? "").not.toContain(reference);
      }
    }
  });
});
