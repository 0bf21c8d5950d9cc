import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDynamoDirectoryBaseline } from "#adapters/dynamodb/dynamo-directory-baseline.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { type FaultProxy, startFaultProxy } from "../helpers/fault-proxy.js";
import { useLocalStack } from "../helpers/local-stack.js";
import { sentEmails } from "../helpers/ses-store.js";

// Issue 17, the weekly clerk directory refresh through the local stack, run by its local command
// as its schedule would (as of Monday 06:00 London): every demo parish asked through the local
// Modern.Gov server, one summary to the district team when something changed and none when
// nothing did, and an unreachable Modern.Gov said to be that, with nothing cached over.

const MONDAY = "2026-12-07T06:00:00.000Z";
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
    // Twelve parishes at one request a second would take a while; the pacing is the same.
    env: { MODERNGOV_MIN_INTERVAL_MS: "10", MODERNGOV_TIMEOUT_MS: "2000" },
    endpoints: { moderngov: (url) => modernGov.proxy.forwardTo(url) },
  },
  (started) => {
    stack = started;
  },
);

async function refresh() {
  const response = await fetch(`${stack.urls.api}/_local/directory-refresh?asOf=${MONDAY}`, {
    method: "POST",
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    checked: number;
    changed: number;
    unreachable: number;
    emailed: boolean;
  };
}

const summaries = async () =>
  (await sentEmails(stack.urls.ses)).filter(
    (e) => e.destination.to.includes(stack.config.DISTRICT_EMAIL) && e.subject.startsWith("Clerk directory:"),
  );

describe("the weekly clerk directory refresh on the local stack", () => {
  it("says Modern.Gov could not be reached, and caches nothing, when it does not answer", async () => {
    modernGov.proxy.rule(() => ({ status: 503, body: "Service Unavailable" }));
    try {
      expect(await refresh()).toEqual({ checked: 12, changed: 0, unreachable: 12, emailed: true });
    } finally {
      modernGov.proxy.rule(() => "pass");
    }
    const [email, ...others] = await summaries();
    expect(others).toEqual([]);
    expect(email?.subject).toBe("Clerk directory: Modern.Gov could not be reached (Monday 7 December 2026)");
    expect(email?.body.text).toContain("could not be reached for any of the 12 parishes");
    expect(await stack.app.contactCache.list()).toEqual(new Map());
  });

  it("emails the district team every parish found the first time, with a link to the directory page", async () => {
    const run = await refresh();
    expect(run).toMatchObject({ checked: 12, unreachable: 0, emailed: true });
    const email = (await summaries()).at(-1);
    expect(email?.subject).toBe(`Clerk directory: ${run.changed} parishes changed (Monday 7 December 2026)`);
    expect(email?.body.text).toContain(
      "Ashcombe (E04999001)\n    Email: no address → clerk@ashcombe-pc.example.org",
    );
    expect(email?.body.html).toContain(`href="${stack.urls.api}/staff/directory"`);
    expect((await stack.app.contactCache.list()).get("E04999001")?.lookup.contact?.email).toBe(
      "clerk@ashcombe-pc.example.org",
    );
  });

  it("sends nothing the next week when nothing changed", async () => {
    const before = (await summaries()).length;
    expect(await refresh()).toEqual({ checked: 12, changed: 0, unreachable: 0, emailed: false });
    expect(await summaries()).toHaveLength(before);
  });

  it("names a changed clerk's address, old → new", async () => {
    // The last summary had another clerk for Ashcombe.
    const baseline = createDynamoDirectoryBaseline({
      client: stack.app.dynamo,
      tableName: stack.config.TABLE_NAME,
    });
    const snapshots = (await baseline.get()) ?? new Map();
    snapshots.set("E04999001", { email: "old.clerk@ashcombe-pc.example.org", problems: [] });
    await baseline.put(snapshots, MONDAY);
    expect(await refresh()).toEqual({ checked: 12, changed: 1, unreachable: 0, emailed: true });
    const email = (await summaries()).at(-1);
    expect(email?.subject).toBe("Clerk directory: 1 parish changed (Monday 7 December 2026)");
    expect(email?.body.text).toContain(
      "Email: old.clerk@ashcombe-pc.example.org → clerk@ashcombe-pc.example.org",
    );
  });
});
