import { describe, expect, it } from "vitest";
import type { Destination } from "#core/case/case.js";
import { event } from "#core/case/timeline.js";
import { ValidationError } from "#core/errors.js";
import type { DispatchJob } from "#core/ports/queue.js";
import { createRequeueAwaiting, defaultRequeueSettings } from "#core/use-cases/requeue-awaiting.js";
import { createStaffActions, MAX_NOTE_LENGTH, MAX_STAFF_REROUTES } from "#core/use-cases/staff-actions.js";
import { aStoredCase } from "../../helpers/builders.js";
import { oneCouncil } from "../../helpers/councils.js";
import { countingIds } from "../../helpers/counting-ids.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// A staff re-route takes a reason, as a status change does, and the case's routing decision
// follows it: the "Why" row explains the new destination, while the place the point fell (which
// consent is read against) stays.

const REF = "SPD-AAAA-AAAA";
const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const BROOKFIELD: Destination = { kind: "parish", code: "E04999002", name: "Brookfield" };
const DISTRICT: Destination = { kind: "district", code: "E07999999", name: "Exampleshire Vale" };

async function setUp() {
  const caseStore = new MemoryCaseStore();
  await caseStore.create(
    aStoredCase(REF, {
      delivery: "sent",
      destination: ASHCOMBE,
      routing: { ruleId: "parish-speedwatch", requested: "parish", area: ASHCOMBE, reason: "in Ashcombe" },
      reporter: { name: "Ada", email: "ada@example.org", shareWithParish: true, sharedWith: [ASHCOMBE.code] },
    }),
    [],
  );
  const queued: DispatchJob[] = [];
  const actions = createStaffActions({
    caseStore,
    clock: { now: () => new Date("2026-12-03T10:00:00Z") },
    ids: countingIds(),
    queue: { send: async (job) => void queued.push(job) },
  });
  return { caseStore, actions, queued };
}

const issuesOf = (error: unknown) => (error instanceof ValidationError ? error.issues : []);

describe("Function: reroute", () => {
  it("moves the case, explains the new destination and records the reason on the timeline", async () => {
    const { caseStore, actions, queued } = await setUp();
    expect(await actions.reroute(REF, DISTRICT, "  The clerk is away  ", "officer@district.example")).toBe(
      "rerouted",
    );
    expect(await caseStore.get(REF)).toMatchObject({
      delivery: "queued",
      destination: DISTRICT,
      routing: {
        ruleId: "staff-reroute",
        requested: "district",
        area: ASHCOMBE,
        reason: "Re-routed by staff: The clerk is away",
      },
    });
    expect(queued).toEqual([{ reference: REF }]);
    const [rerouted] = (await caseStore.timeline(REF)).filter((e) => e.type === "rerouted");
    expect(rerouted).toMatchObject({
      actor: "officer@district.example",
      summary: "Re-routed by staff from Ashcombe to Exampleshire Vale: The clerk is away",
      data: { from: ASHCOMBE.code, to: DISTRICT.code },
    });
  });

  it("moves the case once when two re-routes run at once (a double click), and queues it once", async () => {
    const { caseStore, actions, queued } = await setUp();
    const results = await Promise.all([
      actions.reroute(REF, DISTRICT, "Not ours", "officer"),
      actions.reroute(REF, DISTRICT, "Not ours", "officer"),
    ]);
    expect(results.sort()).toEqual(["rerouted", "unchanged"]);
    expect((await caseStore.timeline(REF)).filter((e) => e.type === "rerouted")).toHaveLength(1);
    expect(queued).toEqual([{ reference: REF }]);
  });

  it("refuses a re-route that lost the race to another body's, writing nothing", async () => {
    const { caseStore, actions, queued } = await setUp();
    const [first, second] = await Promise.allSettled([
      actions.reroute(REF, DISTRICT, "Not ours", "officer"),
      actions.reroute(REF, BROOKFIELD, "Theirs", "officer"),
    ]);
    expect(first).toEqual({ status: "fulfilled", value: "rerouted" });
    expect(second.status === "rejected" && issuesOf(second.reason)[0]?.message).toMatch(/^Someone else/);
    expect((await caseStore.get(REF))?.destination).toEqual(DISTRICT);
    expect((await caseStore.timeline(REF)).filter((e) => e.type === "rerouted")).toHaveLength(1);
    expect(queued).toHaveLength(1);
  });

  it("says when the new parish gets the case without the resident's details", async () => {
    const { caseStore, actions } = await setUp();
    await actions.reroute(REF, BROOKFIELD, "Their road", "officer");
    const [rerouted] = (await caseStore.timeline(REF)).filter((e) => e.type === "rerouted");
    expect(rerouted?.summary).toBe(
      "Re-routed by staff from Ashcombe to Brookfield, without the resident's contact details: Their road",
    );
    expect((await caseStore.get(REF))?.routing).toMatchObject({ requested: "parish", area: ASHCOMBE });
  });

  it.each([
    ["no reason", "  ", "Enter why you are re-routing the case"],
    ["a reason too long", "x".repeat(MAX_NOTE_LENGTH + 1), "Reason must be 2000 characters or fewer"],
    ["a right-to-left override", "Their \u202Eroad", "Reason must not contain"],
  ])("refuses %s and changes nothing", async (_, reason, message) => {
    const { caseStore, actions, queued } = await setUp();
    const error = await actions.reroute(REF, DISTRICT, reason, "officer").catch((e) => e);
    expect(issuesOf(error).map((i) => i.field)).toEqual(["reason"]);
    expect(issuesOf(error)[0]?.message).toContain(message.slice(0, 20));
    expect(await caseStore.get(REF)).toMatchObject({ destination: ASHCOMBE, delivery: "sent" });
    expect(await caseStore.timeline(REF)).toEqual([]);
    expect(queued).toEqual([]);
  });

  it("takes a reason of exactly 2,000 characters", async () => {
    const { actions } = await setUp();
    expect(await actions.reroute(REF, DISTRICT, "x".repeat(MAX_NOTE_LENGTH), "officer")).toBe("rerouted");
  });

  it("refuses a choice made before someone else moved the case, and does nothing twice", async () => {
    const { caseStore, actions, queued } = await setUp();
    await actions.reroute(REF, BROOKFIELD, "First", "officer-1", { from: ASHCOMBE.code });
    const stale = await actions
      .reroute(REF, DISTRICT, "Second", "officer-2", { from: ASHCOMBE.code })
      .catch((e) => e);
    expect(issuesOf(stale).map((i) => i.field)).toEqual(["destination"]);
    // The first form sent again: already done.
    expect(await actions.reroute(REF, BROOKFIELD, "First", "officer-1", { from: ASHCOMBE.code })).toBe(
      "unchanged",
    );
    expect((await caseStore.get(REF))?.destination).toEqual(BROOKFIELD);
    expect((await caseStore.timeline(REF)).filter((e) => e.type === "rerouted")).toHaveLength(1);
    expect(queued).toHaveLength(1);
  });

  it("records its timeline entry in the same write as the move, never in a second one", async () => {
    const { caseStore } = await setUp();
    // The use case's view of the store: a second write would fail, leaving the case moved with no entry.
    const failing = async () => {
      throw new Error("DynamoDB is unavailable");
    };
    const store = new Proxy(caseStore, {
      get: (target, name) => {
        if (name === "appendEvents") return failing;
        const value: unknown = Reflect.get(target, name, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const actions = createStaffActions({
      caseStore: store,
      clock: { now: () => new Date("2026-12-03T10:00:00Z") },
      ids: countingIds(),
      queue: { send: async () => undefined },
    });
    expect(await actions.reroute(REF, DISTRICT, "The clerk is away", "officer")).toBe("rerouted");
    expect((await caseStore.timeline(REF)).map((e) => e.type)).toEqual(["rerouted"]);
  });

  it("leaves a case moved but never queued (the queue was down) to the requeue sweep, which finds it", async () => {
    let now = new Date("2026-12-03T10:00:00Z");
    const clock = { now: () => now };
    const caseStore = new MemoryCaseStore({ now: clock.now });
    await caseStore.create(
      aStoredCase(REF, {
        createdAt: "2026-12-02T09:00:00.000Z",
        delivery: "sent",
        destination: ASHCOMBE,
        routing: { ruleId: "parish-speedwatch", requested: "parish", area: ASHCOMBE, reason: "in Ashcombe" },
      }),
      [],
    );
    const failing = createStaffActions({
      caseStore,
      clock,
      ids: countingIds(),
      queue: {
        send: async () => {
          throw new Error("SQS is unavailable");
        },
      },
    });
    await expect(failing.reroute(REF, DISTRICT, "The clerk is away", "officer")).rejects.toThrow("SQS");
    // Moved with its entry; the form sent again finds it done and leaves it to the sweep.
    expect(await caseStore.get(REF)).toMatchObject({ destination: DISTRICT, delivery: "queued" });
    expect((await caseStore.timeline(REF)).map((e) => e.type)).toEqual(["rerouted"]);
    expect(await failing.reroute(REF, DISTRICT, "The clerk is away", "officer")).toBe("unchanged");
    const queued: DispatchJob[] = [];
    const sweep = createRequeueAwaiting({
      caseStore,
      clock,
      councils: oneCouncil,
      queue: { send: async (job) => void queued.push(job) },
    });
    expect((await sweep()).requeued).toEqual([]);
    now = new Date(now.getTime() + (defaultRequeueSettings.staleMinutes + 1) * 60_000);
    expect((await sweep()).requeued).toEqual([REF]);
    expect(queued).toEqual([{ reference: REF }]);
  });

  it(`refuses a re-route past ${MAX_STAFF_REROUTES}, so the case item stays well under DynamoDB's 400 KB`, async () => {
    const { caseStore, actions, queued } = await setUp();
    const places = [BROOKFIELD, ASHCOMBE];
    for (let i = 0; i < MAX_STAFF_REROUTES; i++) {
      expect(
        await actions.reroute(REF, places[i % 2] as Destination, "é".repeat(MAX_NOTE_LENGTH), "officer"),
      ).toBe("rerouted");
    }
    const error = await actions.reroute(REF, DISTRICT, "Once more", "officer").catch((e) => e);
    expect(issuesOf(error)[0]?.message).toContain(`re-routed ${MAX_STAFF_REROUTES} times`);
    expect((await caseStore.get(REF))?.destination).toEqual(ASHCOMBE);
    expect(queued).toHaveLength(MAX_STAFF_REROUTES);
    // The entries written with the moves, at their longest, in UTF-8 as DynamoDB counts them.
    const entries = (await caseStore.timeline(REF)).filter((e) => e.type === "rerouted");
    const bytes = Buffer.byteLength(JSON.stringify(entries), "utf8");
    expect(bytes).toBeLessThan(100 * 1024);
  });

  it("counts only staff re-routes toward the limit, not dispatch's fallbacks", async () => {
    const { caseStore, actions } = await setUp();
    await caseStore.appendEvents(
      REF,
      Array.from({ length: MAX_STAFF_REROUTES }, (_, i) =>
        event(new Date(Date.UTC(2026, 11, 2, 0, i)), "rerouted", "Sent to the district instead", {
          from: ASHCOMBE.code,
          to: DISTRICT.code,
        }),
      ),
    );
    expect(await actions.reroute(REF, BROOKFIELD, "Their road", "officer")).toBe("rerouted");
  });
});
