import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDirectoryBaseline } from "#adapters/dynamodb/dynamo-directory-baseline.js";
import { DEMO_STAFF_USERS } from "../../functions/local/identity-provider.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { demoParishes } from "../helpers/demo-data.js";
import { type FaultProxy, startFaultProxy } from "../helpers/fault-proxy.js";
import { useLocalStack } from "../helpers/local-stack.js";
import { type StoredEmail, sentEmails } from "../helpers/ses-store.js";
import { StaffClient } from "../helpers/staff-client.js";

// Each council's own Modern.Gov site for its clerk directory, on the local stack serving the demo's
// three councils: the weekly refresh asks each council's site about its own parishes and mails its
// own team, from its own address (one council's Modern.Gov being down changes nothing for the
// others), and the case log's directory pages show, refresh and override only the signed-in staff
// member's council's parishes: another council's parish is "not found", as another council's case is.

const MONDAY = "2026-12-07T06:00:00.000Z";
const COUNCILS = {
  vale: { id: "exampleshire-vale", area: "E07999999", name: "Exampleshire Vale District Council" },
  harrowfield: { id: "harrowfield", area: "E07999998", name: "Harrowfield District Council" },
  saltmere: { id: "saltmere", area: "E06999999", name: "Saltmere Council" },
} as const;
type DemoCouncil = (typeof COUNCILS)[keyof typeof COUNCILS];

const modernGov = { proxy: undefined as unknown as FaultProxy };
beforeAll(async () => {
  modernGov.proxy = await startFaultProxy();
});
afterAll(async () => {
  await modernGov.proxy?.close();
});

let stack: LocalStack;
useLocalStack(
  {
    councils: "demo",
    env: { MODERNGOV_MIN_INTERVAL_MS: "0", MODERNGOV_TIMEOUT_MS: "2000" },
    endpoints: { moderngov: (url) => modernGov.proxy.forwardTo(url) },
  },
  (started) => {
    stack = started;
  },
);

/** A council's settings as the stack's councils file has them. */
const settingsOf = (council: DemoCouncil) => {
  const found = stack.app.councils.byId(council.id);
  if (!found) throw new Error(`the stack does not serve ${council.id}`);
  return found;
};
const summariesTo = async (council: DemoCouncil): Promise<StoredEmail[]> =>
  (await sentEmails(stack.urls.ses)).filter(
    (e) => e.destination.to.includes(settingsOf(council).email) && e.subject.startsWith("Clerk directory:"),
  );
const codesIn = (text: string) => [...new Set(text.match(/E04\d{6}/g) ?? [])].sort();
const parishCodes = (council: DemoCouncil) =>
  demoParishes(council.area)
    .map((p) => p.code)
    .sort();

async function refresh() {
  const response = await fetch(`${stack.urls.api}/_local/directory-refresh?asOf=${MONDAY}`, {
    method: "POST",
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { checked: number; changed: number; unreachable: number };
}

describe("the weekly clerk directory refresh, per council", () => {
  it(
    "mails each council's team its own parishes, from its address, and Saltmere's that its Modern.Gov is down",
    { timeout: 120_000 },
    async () => {
      const asked: string[] = [];
      modernGov.proxy.rule((request) => {
        asked.push(request.path.toLowerCase());
        return request.path.toLowerCase().startsWith("/saltmere/")
          ? { status: 503, body: "Service Unavailable" }
          : "pass";
      });
      let run: Awaited<ReturnType<typeof refresh>>;
      try {
        run = await refresh();
      } finally {
        modernGov.proxy.rule(() => "pass");
      }
      const all = Object.values(COUNCILS).flatMap(parishCodes);
      expect(run).toMatchObject({ checked: all.length, unreachable: parishCodes(COUNCILS.saltmere).length });
      // Harrowfield's parishes were asked of Harrowfield's site.
      expect(asked.some((path) => path.startsWith("/harrowfield/"))).toBe(true);

      for (const council of [COUNCILS.vale, COUNCILS.harrowfield]) {
        const [email, ...others] = await summariesTo(council);
        expect(others).toEqual([]);
        expect(email?.from).toContain(settingsOf(council).senderEmail);
        expect(email?.subject).toBe(
          `Clerk directory: ${parishCodes(council).length} parishes changed (Monday 7 December 2026)`,
        );
        expect(codesIn(email?.body.text ?? "")).toEqual(parishCodes(council));
        expect(email?.body.text).toContain(`sent each week by ${council.name}'s Signpost service`);
        expect(email?.body.html).toContain(`href="${stack.urls.api}/staff/directory"`);
      }
      const [down, ...more] = await summariesTo(COUNCILS.saltmere);
      expect(more).toEqual([]);
      expect(down?.from).toContain(settingsOf(COUNCILS.saltmere).senderEmail);
      expect(down?.subject).toBe("Clerk directory: Modern.Gov could not be reached (Monday 7 December 2026)");
      expect(down?.body.text).toContain(`could not be reached for any of the 4 parishes`);
      expect(down?.body.text).toContain("Saltmere Council's Signpost service");

      const cached = await stack.app.contactCache.list();
      const brindlecote = cached.get(parishCodes(COUNCILS.harrowfield)[0] as string)?.lookup.contact;
      expect(brindlecote?.source).toMatch(/\/harrowfield\//);
      for (const code of parishCodes(COUNCILS.saltmere)) expect(cached.has(code)).toBe(false);
    },
  );

  it("keeps one baseline per council, each holding its own parishes only", async () => {
    const baselineOf = (council?: string) =>
      createDynamoDirectoryBaseline({
        client: stack.app.dynamo,
        tableName: stack.config.TABLE_NAME,
        ...(council ? { council } : {}),
      }).get();
    // The first council keeps the item a one-council deployment always had.
    expect([...((await baselineOf()) ?? new Map()).keys()].sort()).toEqual(parishCodes(COUNCILS.vale));
    expect([...((await baselineOf(COUNCILS.harrowfield.id)) ?? new Map()).keys()].sort()).toEqual(
      parishCodes(COUNCILS.harrowfield),
    );
  });

  it("tells Saltmere what it found once its Modern.Gov answers, and nobody else anything", async () => {
    const before = await Promise.all(Object.values(COUNCILS).map(async (c) => (await summariesTo(c)).length));
    const run = await refresh();
    expect(run.unreachable).toBe(0);
    const after = await Promise.all(Object.values(COUNCILS).map(async (c) => (await summariesTo(c)).length));
    expect(after).toEqual([before[0], before[1], (before[2] ?? 0) + 1]);
    const found = (await summariesTo(COUNCILS.saltmere)).at(-1);
    expect(codesIn(found?.body.text ?? "")).toEqual(parishCodes(COUNCILS.saltmere));
  });
});

describe("the case log's clerk directory, per council", () => {
  const userOf = (council: DemoCouncil) => {
    const user = DEMO_STAFF_USERS.find((u) => u.council === council.id && u.groups.includes("staff"));
    if (!user) throw new Error(`no demo staff user for ${council.id}`);
    return user;
  };
  const signedIn = (council: DemoCouncil) => new StaffClient(stack.urls.api).signIn(userOf(council));
  const theirs = () => parishCodes(COUNCILS.vale)[0] as string;
  const ours = () => parishCodes(COUNCILS.harrowfield)[0] as string;

  it("lists only the signed-in council's parishes", async () => {
    for (const council of Object.values(COUNCILS)) {
      const staff = await signedIn(council);
      const { response, body } = await staff.request("/staff/directory");
      expect(response.status).toBe(200);
      const listed = [...new Set(body.match(/id="parish-(E04\d{6})"/g) ?? [])]
        .map((m) => m.slice('id="parish-'.length, -1))
        .sort();
      expect(listed).toEqual(parishCodes(council));
      expect(body).toContain(`Every parish of ${council.name} (${listed.length})`);
    }
  });

  it("refreshes a parish through the council's own Modern.Gov site", async () => {
    const staff = await signedIn(COUNCILS.saltmere);
    const code = parishCodes(COUNCILS.saltmere)[0] as string;
    const page = await staff.request(`/staff/directory/${code}`);
    expect(page.response.status).toBe(200);
    const asked: string[] = [];
    modernGov.proxy.rule((request) => {
      asked.push(request.path.toLowerCase());
      return "pass";
    });
    const refreshed = await staff.request(`/staff/directory/${code}/refresh`, {
      method: "POST",
      form: { _csrf: staff.csrf(page.body) },
    });
    expect(refreshed.response.status).toBe(303);
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.every((path) => path.startsWith("/saltmere/"))).toBe(true);
    const cached = (await stack.app.contactCache.list()).get(code);
    expect(cached?.lookup.contact?.source).toMatch(/\/saltmere\//);
  });

  it("answers 404 to every page and action on another council's parish, and changes nothing", async () => {
    const vale = await signedIn(COUNCILS.vale);
    const valePage = await vale.request(`/staff/directory/${theirs()}`);
    const set = await vale.request(`/staff/directory/${theirs()}/override`, {
      method: "POST",
      form: {
        _csrf: vale.csrf(valePage.body),
        email: "vale.override@parish.example.org",
        reason: "The clerk phoned",
        version: "",
      },
    });
    expect(set.response.status).toBe(303);
    const override = await stack.app.directoryOverrides.get(theirs());
    expect(override?.email).toBe("vale.override@parish.example.org");

    const staff = await signedIn(COUNCILS.harrowfield);
    const own = await staff.request(`/staff/directory/${ours()}`);
    expect(own.response.status).toBe(200);
    const csrf = staff.csrf(own.body);
    const requests: Array<[string, string, Record<string, string>?]> = [
      ["GET", `/staff/directory/${theirs()}`],
      ["GET", `/staff/directory/${theirs()}/remove`],
      [
        "POST",
        `/staff/directory/${theirs()}/override`,
        {
          _csrf: csrf,
          email: "harrowfield.override@parish.example.org",
          reason: "Not ours",
          version: String(override?.version ?? ""),
        },
      ],
      [
        "POST",
        `/staff/directory/${theirs()}/remove`,
        { _csrf: csrf, removeReason: "Not ours", version: String(override?.version ?? "") },
      ],
      ["POST", `/staff/directory/${theirs()}/refresh`, { _csrf: csrf }],
    ];
    const before = (await stack.app.contactCache.list()).get(theirs());
    for (const [method, path, form] of requests) {
      const { response, body } = await staff.request(path, { method, ...(form ? { form } : {}) });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(body).not.toContain("vale.override@parish.example.org");
    }
    expect(await stack.app.directoryOverrides.get(theirs())).toEqual(override);
    expect((await stack.app.contactCache.list()).get(theirs())).toEqual(before);
    // Vale's own staff still see their override.
    expect((await vale.request(`/staff/directory/${theirs()}`)).body).toContain(
      "vale.override@parish.example.org",
    );
  });
});
