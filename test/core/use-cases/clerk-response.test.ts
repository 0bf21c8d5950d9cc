import { describe, expect, it } from "vitest";
import { createHmacLinkSigner } from "#adapters/links/hmac-link-signer.js";
import { fixedKeyRing, type KeyRing } from "#adapters/links/key-ring.js";
import type { Case } from "#core/case/case.js";
import type { TimelineEvent } from "#core/case/timeline.js";
import { ValidationError } from "#core/errors.js";
import type { ClerkAction, ClerkLinkClaims } from "#core/links/clerk-link.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { ATTEMPT_IN_FLIGHT_MS } from "#core/use-cases/attempt-claim.js";
import { CLERK_NOT_FOR_US_RULE, createClerkResponse } from "#core/use-cases/clerk-response.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { aStoredCase } from "../../helpers/builders.js";
import { testCouncils } from "../../helpers/councils.js";
import { countingIds } from "../../helpers/counting-ids.js";
import { TEST_FIRST_COUNCIL, MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { MemoryPublicUpdates } from "../../helpers/memory-public-updates.js";

const REFERENCE = "SPD-AAAA-AAAA";
const PARISH = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
const DISTRICT = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };
const NOW = new Date("2026-12-03T10:00:00.000Z");
const NOW_S = NOW.getTime() / 1000;
const KEY_1 = "k1-secret-0123456789abcdef0123456789abcdef";
const KEY_2 = "k2-secret-0123456789abcdef0123456789abcdef";
const RING: KeyRing = { current: "k1", keys: new Map([["k1", KEY_1]]) };

const names: Record<string, string> = {
  [PARISH.code]: "Ashcombe Parish Council",
  [DISTRICT.code]: "Exampleshire Vale District Council",
};

/** A store whose appends of one event type fail until told otherwise: an attempt stopped half-way. */
class FlakyCaseStore extends MemoryCaseStore {
  failing: TimelineEvent["type"] | undefined;
  override async appendEvents(reference: string, events: TimelineEvent[]): Promise<void> {
    if (events.some((e) => e.type === this.failing)) throw new Error("throttled");
    return super.appendEvents(reference, events);
  }
}

async function setUp(options: { case?: Partial<Case>; ring?: KeyRing } = {}) {
  const caseStore = new FlakyCaseStore();
  await caseStore.create(
    aStoredCase(REFERENCE, {
      destination: PARISH,
      routing: { ruleId: "r", requested: "parish", area: PARISH, reason: "test" },
      createdAt: "2026-12-02T16:58:24.086Z",
      reporter: { email: "sam@example.com", shareWithParish: false, wantsUpdates: true },
      ...options.case,
    }),
    [],
  );
  // A millisecond on each reading: a retry's writes come after the attempt they finish.
  let ticks = 0;
  const clock = { now: () => new Date(NOW.getTime() + ticks++) };
  /** Moves the clock on: an attempt's claim on the link grows old. */
  const wait = (ms: number) => {
    ticks += ms;
  };
  const ids = countingIds();
  const publicUpdates = new MemoryPublicUpdates(clock);
  const jobs: DispatchJob[] = [];
  const queue = { send: async (job: DispatchJob) => void jobs.push(job) };
  const ring = { current: options.ring ?? RING };
  // The ring as the secret holds it now: a test rotates it by replacing `ring.current`.
  const signer = createHmacLinkSigner({ keyRing: () => fixedKeyRing(ring.current).keyRing() });
  const actions = createStaffActions({ caseStore, clock, ids, queue, publicUpdates });
  const clerk = createClerkResponse({
    signer,
    caseStore,
    clock,
    ids,
    actions,
    councils: testCouncils(),
    bodyName: (code) => names[code] ?? code,
  });
  let n = 0;
  const link = (action: ClerkAction, claims: Partial<ClerkLinkClaims> = {}) =>
    signer.sign({
      reference: REFERENCE,
      action,
      destination: PARISH.code,
      expiresAt: NOW_S + 86_400,
      linkId: `link-${action}-${++n}`,
      ...claims,
    });
  const served = () =>
    publicUpdates.list({
      council: TEST_FIRST_COUNCIL,
      from: "2026-01-01T00:00:00Z",
      to: "2027-01-01T00:00:00Z",
      limit: 50,
    });
  const snapshot = async () => ({
    case: await caseStore.get(REFERENCE),
    timeline: await caseStore.timeline(REFERENCE),
    updates: await served(),
    jobs: [...jobs],
  });
  return { caseStore, clerk, link, served, jobs, snapshot, ring, signer, wait };
}

const issues = (error: unknown) => (error instanceof ValidationError ? error.issues : []);

describe("a clerk's one-click answers", () => {
  it("GET shows the choice and changes nothing, however often a scanner fetches it", async () => {
    const { clerk, link, snapshot } = await setUp();
    const before = await snapshot();
    for (const action of ["received", "in-progress", "not-for-us"] as const) {
      const token = await link(action);
      for (let i = 0; i < 3; i++) expect((await clerk.inspect(token)).kind).toBe("ready");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("received: a public update in the body's words, the status unchanged, the resident emailed", async () => {
    const { clerk, link, caseStore, served, jobs } = await setUp();
    const outcome = await clerk.respond(await link("received"), {});
    expect(outcome.kind).toBe("done");
    expect((await caseStore.get(REFERENCE))?.status).toBe("new");
    const [update, ...more] = await served();
    expect(more).toEqual([]);
    expect(update).toMatchObject({
      status: "open",
      text: "Ashcombe Parish Council has received your report and will look at it.",
    });
    expect(jobs).toEqual([
      {
        reference: REFERENCE,
        residentUpdate: { updateId: update?.updateId, status: "open", text: update?.text },
      },
    ]);
    const [entry] = await caseStore.timeline(REFERENCE);
    expect(entry).toMatchObject({ type: "public-update", actor: "clerk-link:E04999001" });
    expect(entry?.data?.linkId).toBe("link-received-1");
  });

  it("in progress: the status moves, the public are told 'in progress', once", async () => {
    const { clerk, link, caseStore, served } = await setUp();
    const token = await link("in-progress");
    expect((await clerk.respond(token, {})).kind).toBe("done");
    expect((await caseStore.get(REFERENCE))?.status).toBe("in-progress");
    expect((await served()).map((u) => [u.status, u.text])).toEqual([
      ["in-progress", "Ashcombe Parish Council is dealing with your report."],
    ]);
    const types = (await caseStore.timeline(REFERENCE)).map((e) => [e.type, e.actor]);
    expect(types).toEqual([
      ["status-changed", "clerk-link:E04999001"],
      ["public-update", "clerk-link:E04999001"],
    ]);
  });

  it("in progress on a case already in progress says so and adds nothing", async () => {
    const { clerk, link, snapshot } = await setUp({ case: { status: "in-progress" } });
    const before = await snapshot();
    const token = await link("in-progress");
    expect((await clerk.inspect(token)).kind).toBe("already-in-progress");
    expect((await clerk.respond(token, {})).kind).toBe("already-in-progress");
    expect(await snapshot()).toEqual(before);
  });

  it("not for us: sent back to the district with the clerk's reason and its own rule", async () => {
    const { clerk, link, caseStore, served, jobs } = await setUp();
    const outcome = await clerk.respond(await link("not-for-us"), {
      reason: "  This road is the county's.  ",
    });
    expect(outcome.kind).toBe("done");
    const moved = await caseStore.get(REFERENCE);
    expect(moved?.destination).toEqual(DISTRICT);
    expect(moved?.delivery).toBe("queued");
    expect(moved?.routing).toMatchObject({
      ruleId: CLERK_NOT_FOR_US_RULE,
      reason: "Re-routed by the clerk of Ashcombe Parish Council, by email link: This road is the county's.",
    });
    const rerouted = (await caseStore.timeline(REFERENCE)).find((e) => e.type === "rerouted");
    expect(rerouted).toMatchObject({
      actor: "clerk-link:E04999001",
      data: { from: PARISH.code, to: DISTRICT.code },
    });
    expect((await served()).map((u) => u.text)).toEqual([
      "Ashcombe Parish Council has passed your report to Exampleshire Vale District Council, who will look at it.",
    ]);
    // The case is queued for the district, and the resident's update with it.
    expect(jobs.map((j) => Boolean(j.residentUpdate))).toEqual([false, true]);
  });

  it.each([
    ["nothing", "", "Enter why this report is not for your council"],
    ["too much", "x".repeat(2001), "Reason must be 2000 characters or fewer"],
    ["a right-to-left override", "Not \u202Eours", undefined],
  ])("not for us refuses %s as the reason, and the link still works", async (_, reason, message) => {
    const { clerk, link, snapshot } = await setUp();
    const token = await link("not-for-us");
    const before = await snapshot();
    const error = await clerk.respond(token, { reason }).catch((e: unknown) => e);
    expect(issues(error).map((i) => i.field)).toEqual(["reason"]);
    if (message) expect(issues(error)[0]?.message).toBe(message);
    expect(await snapshot()).toEqual(before);
    expect((await clerk.respond(token, { reason: "x".repeat(2000) })).kind).toBe("done");
  });

  it("works once: a second POST says the link was used, when, and changes nothing", async () => {
    const { clerk, link, snapshot } = await setUp();
    const token = await link("received");
    await clerk.respond(token, {});
    const after = await snapshot();
    const again = await clerk.respond(token, {});
    const answered = after.timeline.find((e) => e.type === "public-update")?.at;
    expect(again).toMatchObject({ kind: "used", at: answered, claims: { action: "received" } });
    expect((await clerk.inspect(token)).kind).toBe("used");
    expect(await snapshot()).toEqual(after);
  });

  it.each(["received", "in-progress", "not-for-us"] as const)(
    "%s: three presses of one link at once act once; the others say it is in hand",
    async (action) => {
      const { clerk, link, caseStore, served, jobs } = await setUp();
      const token = await link(action);
      const outcomes = await Promise.all([1, 2, 3].map(() => clerk.respond(token, { reason: "Not ours" })));
      expect(outcomes.map((o) => o.kind).sort()).toEqual(["done", "in-hand", "in-hand"]);
      const types = (await caseStore.timeline(REFERENCE)).map((e) => e.type);
      expect(types.filter((t) => t === "public-update")).toHaveLength(1);
      expect(types.filter((t) => t === "status-changed")).toHaveLength(action === "in-progress" ? 1 : 0);
      expect(types.filter((t) => t === "rerouted")).toHaveLength(action === "not-for-us" ? 1 : 0);
      expect(await served()).toHaveLength(1);
      // One resident update, and for "not for us" one dispatch job for the district.
      expect(jobs.filter((j) => j.residentUpdate)).toHaveLength(1);
      expect(jobs.filter((j) => !j.residentUpdate)).toHaveLength(action === "not-for-us" ? 1 : 0);
    },
  );

  it("a POST sent again after one that stopped half-way finishes the answer, once", async () => {
    const { clerk, link, caseStore, served, wait } = await setUp();
    const token = await link("in-progress");
    caseStore.failing = "public-update";
    await expect(clerk.respond(token, {})).rejects.toThrow("throttled");
    // The status moved, and the update was stored but not recorded: the link is not yet used.
    expect((await caseStore.get(REFERENCE))?.status).toBe("in-progress");
    expect((await clerk.inspect(token)).kind).toBe("ready");
    caseStore.failing = undefined;
    // At once, the first attempt may still be at work: left to it.
    expect((await clerk.respond(token, {})).kind).toBe("in-hand");
    wait(ATTEMPT_IN_FLIGHT_MS);
    expect((await clerk.respond(token, {})).kind).toBe("done");
    const updates = await served();
    expect(new Set(updates.map((u) => u.updateId)).size).toBe(1);
    expect((await caseStore.timeline(REFERENCE)).map((e) => e.type)).toEqual([
      "status-changed",
      "public-update",
    ]);
    expect((await clerk.respond(token, {})).kind).toBe("used");
  });

  it("a 'not for us' that stopped after the move finishes, though the case is no longer the parish's", async () => {
    const { clerk, link, caseStore, served, wait } = await setUp();
    const token = await link("not-for-us");
    caseStore.failing = "public-update";
    await expect(clerk.respond(token, { reason: "Not ours" })).rejects.toThrow("throttled");
    caseStore.failing = undefined;
    wait(ATTEMPT_IN_FLIGHT_MS);
    expect((await clerk.inspect(token)).kind).toBe("ready");
    expect((await clerk.respond(token, { reason: "Not ours" })).kind).toBe("done");
    expect((await caseStore.timeline(REFERENCE)).filter((e) => e.type === "rerouted")).toHaveLength(1);
    // Stored again under the same update id (Open311 clients take an id once).
    expect(new Set((await served()).map((u) => u.updateId)).size).toBe(1);
  });

  it("refuses an expired link, and one at its last second", async () => {
    const { clerk, link, snapshot } = await setUp();
    const before = await snapshot();
    expect((await clerk.respond(await link("received", { expiresAt: NOW_S - 1 }), {})).kind).toBe("expired");
    expect((await clerk.respond(await link("received", { expiresAt: NOW_S }), {})).kind).toBe("expired");
    expect((await clerk.inspect(await link("received", { expiresAt: NOW_S + 1 }))).kind).toBe("ready");
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a tampered, malformed or unknown-key link with one answer, and changes nothing", async () => {
    const { clerk, link, snapshot } = await setUp();
    const before = await snapshot();
    const token = await link("received");
    const [keyId, body, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, a: "not-for-us" })).toString("base64url");
    const flipped = signature.slice(0, -2) + (signature.endsWith("AA") ? "BB" : "AA");
    for (const bad of [
      `${keyId}.${forged}.${signature}`,
      `${keyId}.${body}.${flipped}`,
      `k9.${body}.${signature}`,
      "not-a-token",
      "",
    ]) {
      expect(await clerk.inspect(bad), bad).toEqual({ kind: "invalid" });
      expect(await clerk.respond(bad, { reason: "x" }), bad).toEqual({ kind: "invalid" });
    }
    // Signed, but for a case there is not.
    expect(await clerk.respond(await link("received", { reference: "SPD-BBBB-BBBB" }), {})).toEqual({
      kind: "invalid",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("keeps a link signed before a key rotation working, and signs new ones with the new key", async () => {
    const { clerk, link, ring, signer } = await setUp();
    const old = await link("received");
    ring.current = {
      current: "k2",
      keys: new Map([
        ["k1", KEY_1],
        ["k2", KEY_2],
      ]),
    };
    const fresh = await link("in-progress");
    expect(fresh.startsWith("k2.")).toBe(true);
    expect((await clerk.respond(old, {})).kind).toBe("done");
    expect((await clerk.respond(fresh, {})).kind).toBe("done");
    // Once the old key is removed, its links stop working.
    ring.current = { current: "k2", keys: new Map([["k2", KEY_2]]) };
    expect(await signer.verify(old, NOW)).toEqual({ ok: false, refusal: "unknown-key" });
    expect(await clerk.inspect(old)).toEqual({ kind: "invalid" });
  });

  it("refuses a link once the case has moved to another body, changing nothing", async () => {
    const { clerk, link, snapshot } = await setUp({ case: { destination: DISTRICT } });
    const before = await snapshot();
    for (const action of ["received", "in-progress", "not-for-us"] as const) {
      expect((await clerk.respond(await link(action), { reason: "Not ours" })).kind).toBe("moved");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("a link of a case sent back by 'not for us' is refused as moved", async () => {
    const { clerk, link } = await setUp();
    const received = await link("received");
    await clerk.respond(await link("not-for-us"), { reason: "Not ours" });
    expect((await clerk.inspect(received)).kind).toBe("moved");
  });

  it("says a closed case is closed for every answer, 'not for us' too, and changes nothing", async () => {
    const { clerk, link, snapshot } = await setUp({ case: { status: "closed" } });
    const before = await snapshot();
    for (const action of ["received", "in-progress", "not-for-us"] as const) {
      const token = await link(action);
      expect((await clerk.inspect(token)).kind, action).toBe("closed");
      expect((await clerk.respond(token, { reason: "Not ours" })).kind, action).toBe("closed");
    }
    expect(await snapshot()).toEqual(before);
  });

  it("says whether the resident will be emailed", async () => {
    const asked = await setUp();
    expect(await asked.clerk.respond(await asked.link("received"), {})).toMatchObject({
      residentEmailed: true,
    });
    const notAsked = await setUp({
      case: { reporter: { email: "sam@example.com", shareWithParish: false } },
    });
    expect(await notAsked.clerk.respond(await notAsked.link("received"), {})).toMatchObject({
      residentEmailed: false,
    });
  });

  it("does not email a resident who did not ask for updates", async () => {
    const { clerk, link, jobs } = await setUp({
      case: { reporter: { email: "sam@example.com", shareWithParish: false } },
    });
    await clerk.respond(await link("received"), {});
    expect(jobs).toEqual([]);
  });
});
