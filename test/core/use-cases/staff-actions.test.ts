import { describe, expect, it } from "vitest";
import { ValidationError } from "#core/errors.js";
import { ATTEMPT_IN_FLIGHT_MS } from "#core/use-cases/attempt-claim.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { aStoredCase } from "../../helpers/builders.js";
import { countingIds } from "../../helpers/counting-ids.js";
import { TEST_FIRST_COUNCIL, MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { MemoryPublicUpdates } from "../../helpers/memory-public-updates.js";

// Staff reasons and notes reach clerks (when marked for the parish) and CSV exports: they follow
// the residents' free-text rules, so nothing in them reorders what follows or fails to encode.

async function setUp() {
  const caseStore = new MemoryCaseStore();
  await caseStore.create(aStoredCase("SPD-AAAA-AAAA"), []);
  const actions = createStaffActions({
    caseStore,
    clock: { now: () => new Date("2026-12-03T10:00:00Z") },
    ids: countingIds(),
  });
  return { caseStore, actions };
}

const refusals = (error: unknown) => (error instanceof ValidationError ? error.issues : []);

describe("staff text", () => {
  it.each([
    ["a right-to-left override", "Rang \u202Ethe clerk"],
    ["an isolate", "Rang \u2066the clerk\u2069"],
    ["a control character", "Rang\u0007 the clerk"],
    ["an unpaired surrogate", "Rang \ud800 the clerk"],
  ])("refuses %s in a reason or a note, and records nothing", async (_, text) => {
    const { caseStore, actions } = await setUp();
    const reason = await actions.changeStatus("SPD-AAAA-AAAA", "closed", text, "officer").catch((e) => e);
    expect(refusals(reason).map((i) => i.field)).toEqual(["reason"]);
    const note = await actions.addNote("SPD-AAAA-AAAA", text, "officer", "k1").catch((e) => e);
    expect(refusals(note).map((i) => i.field)).toEqual(["note"]);
    expect((await caseStore.get("SPD-AAAA-AAAA"))?.status).toBe("new");
    expect(await caseStore.timeline("SPD-AAAA-AAAA")).toEqual([]);
  });

  it("keeps line breaks, tabs and right-to-left writing with its marks", async () => {
    const { caseStore, actions } = await setUp();
    const text = "Rang the clerk.\n\tשלום\u200F world";
    expect(await actions.addNote("SPD-AAAA-AAAA", text, "officer", "k2")).toBe("added");
    expect(await actions.changeStatus("SPD-AAAA-AAAA", "closed", text, "officer")).toBe("changed");
    expect((await caseStore.timeline("SPD-AAAA-AAAA")).map((e) => e.summary)).toContain(text);
  });
});

describe("public updates with a status change", () => {
  async function withUpdates() {
    const { caseStore } = await setUp();
    const publicUpdates = new MemoryPublicUpdates({ now: () => new Date("2026-12-03T10:00:00Z") });
    // Not on a whole second: the update keeps its milliseconds (the order written).
    let now = new Date("2026-12-03T10:00:00.750Z");
    const actions = createStaffActions({
      caseStore,
      publicUpdates,
      clock: { now: () => now },
      ids: countingIds(),
    });
    /** Moves the clock on by `ms`: an attempt's claim grows old. */
    const wait = (ms: number) => {
      now = new Date(now.getTime() + ms);
    };
    const served = () =>
      publicUpdates.list({
        council: TEST_FIRST_COUNCIL,
        from: "2026-12-01T00:00:00.000Z",
        to: "2026-12-31T00:00:00.000Z",
        limit: 10,
      });
    return { caseStore, actions, publicUpdates, served, wait };
  }
  const KEY = "11111111-2222-4333-8444-555555555555";

  it("stores the public text apart from the internal reason, with the status chosen, and records both", async () => {
    const { caseStore, actions, served } = await withUpdates();
    const result = await actions.changeStatus(
      "SPD-AAAA-AAAA",
      "closed",
      "Officer Smith sorted it",
      "officer",
      {
        publicUpdate: { text: "  The sign has been replaced.  ", status: "fixed" },
        actionKey: KEY,
      },
    );
    expect(result).toBe("changed");
    const [update, ...others] = await served();
    expect(others).toEqual([]);
    expect(update).toMatchObject({
      reference: "SPD-AAAA-AAAA",
      status: "fixed",
      text: "The sign has been replaced.",
      at: "2026-12-03T10:00:00.750Z",
      retainUntil: (await caseStore.get("SPD-AAAA-AAAA"))?.retainUntil,
    });
    expect(update?.text).not.toContain("Smith");
    const timeline = await caseStore.timeline("SPD-AAAA-AAAA");
    expect(timeline.map((e) => e.type)).toEqual(["status-changed", "public-update"]);
    const [changed, told] = timeline;
    expect(changed?.summary).toContain("Officer Smith");
    expect(changed?.data?.visibleToParish).toBeUndefined();
    expect(told?.summary).toBe("Told the public “Fixed”: The sign has been replaced.");
    expect(told?.data).toMatchObject({ updateId: update?.updateId, status: "fixed", visibleToParish: true });
  });

  it("tells the public the status that goes with the new case status when none is chosen", async () => {
    const { actions, served } = await withUpdates();
    await actions.changeStatus("SPD-AAAA-AAAA", "in-progress", "r", "officer", {
      publicUpdate: { text: "Passed to the highways team" },
      actionKey: KEY,
    });
    expect((await served()).map((u) => u.status)).toEqual(["in-progress"]);
  });

  it("finishes a public update an attempt claimed but did not write, when staff send the form again", async () => {
    const { caseStore, actions, publicUpdates, served, wait } = await withUpdates();
    const add = publicUpdates.add.bind(publicUpdates);
    let failures = 1;
    publicUpdates.add = async (update) => {
      if (failures-- > 0) throw new Error("DynamoDB throttled");
      return add(update);
    };
    const form = { actionKey: KEY };
    await expect(actions.changeStatus("SPD-AAAA-AAAA", "closed", "done", "officer", form)).rejects.toThrow(
      "throttled",
    );
    expect((await caseStore.get("SPD-AAAA-AAAA"))?.status).toBe("closed");
    expect(await served()).toEqual([]);
    // Sent again at once (a double click), the first attempt may still be at work: left to it.
    expect(await actions.changeStatus("SPD-AAAA-AAAA", "closed", "done", "officer", form)).toBe("unchanged");
    expect(await served()).toEqual([]);
    wait(ATTEMPT_IN_FLIGHT_MS);
    // The same form a minute on: the status has gone through, its public update now does, once.
    expect(await actions.changeStatus("SPD-AAAA-AAAA", "closed", "done", "officer", form)).toBe("unchanged");
    expect(await actions.changeStatus("SPD-AAAA-AAAA", "closed", "done", "officer", form)).toBe("unchanged");
    expect((await served()).map((u) => u.status)).toEqual(["closed"]);
    // A fresh form with the status the case has, and no words, says nothing new.
    await actions.changeStatus("SPD-AAAA-AAAA", "closed", "", "officer", {
      actionKey: "99999999-2222-4333-8444-555555555555",
    });
    expect(await served()).toHaveLength(1);
  });

  it("tells the public of every change of status, the status alone when there are no words", async () => {
    const { caseStore, actions, served } = await withUpdates();
    await actions.changeStatus("SPD-AAAA-AAAA", "closed", "r", "officer", {
      publicUpdate: { text: "  ", status: "fixed" },
      actionKey: KEY,
    });
    await actions.changeStatus("SPD-AAAA-AAAA", "in-progress", "reopened", "officer");
    expect((await served()).map((u) => [u.status, u.text])).toEqual([
      ["fixed", ""],
      ["in-progress", ""],
    ]);
    const told = (await caseStore.timeline("SPD-AAAA-AAAA")).filter((e) => e.type === "public-update");
    expect(told.map((e) => e.summary)).toEqual(["Told the public “Fixed”", "Told the public “In progress”"]);
  });

  it.each([
    [
      "a status that does not fit the new case status",
      { text: "Done", status: "in-progress" },
      "publicStatus",
    ],
    ["a status that is not one", { text: "Done", status: "constructor" }, "publicStatus"],
    ["text that is too long", { text: "x".repeat(2001) }, "publicUpdate"],
    ["a right-to-left override", { text: "Fixed \u202Eit" }, "publicUpdate"],
    ["an unpaired surrogate", { text: "Fixed \ud800" }, "publicUpdate"],
  ])("refuses %s, and changes and records nothing", async (_, publicUpdate, field) => {
    const { caseStore, actions, served } = await withUpdates();
    const error = await actions
      .changeStatus("SPD-AAAA-AAAA", "closed", "r", "officer", { publicUpdate, actionKey: KEY })
      .catch((e) => e);
    expect(refusals(error).map((i) => i.field)).toEqual([field]);
    expect((await caseStore.get("SPD-AAAA-AAAA"))?.status).toBe("new");
    expect(await caseStore.timeline("SPD-AAAA-AAAA")).toEqual([]);
    expect(await served()).toEqual([]);
  });

  it("takes 2,000 characters of public text", async () => {
    const { actions, served } = await withUpdates();
    await actions.changeStatus("SPD-AAAA-AAAA", "closed", "r", "officer", {
      publicUpdate: { text: "x".repeat(2000) },
      actionKey: KEY,
    });
    expect((await served()).map((u) => u.text.length)).toEqual([2000]);
  });

  it("stores a retried form's public update once, and a lost one when the status went through", async () => {
    const { caseStore, actions, served } = await withUpdates();
    const form = {
      publicUpdate: { text: "Scheduled for Monday", status: "action-scheduled" },
      actionKey: KEY,
    };
    expect(await actions.changeStatus("SPD-AAAA-AAAA", "in-progress", "r", "officer", form)).toBe("changed");
    expect(await actions.changeStatus("SPD-AAAA-AAAA", "in-progress", "r", "officer", form)).toBe(
      "unchanged",
    );
    expect((await served()).map((u) => u.text)).toEqual(["Scheduled for Monday"]);

    // The status changed but the update was never stored (the function stopped in between): the
    // same form sent again stores it.
    await caseStore.changeStatus("SPD-AAAA-AAAA", "in-progress", "closed");
    const lost = {
      publicUpdate: { text: "Fixed on Monday" },
      actionKey: "21111111-2222-4333-8444-555555555555",
    };
    expect(await actions.changeStatus("SPD-AAAA-AAAA", "closed", "r", "officer", lost)).toBe("unchanged");
    expect((await served()).map((u) => [u.text, u.status])).toEqual([
      ["Scheduled for Monday", "action-scheduled"],
      ["Fixed on Monday", "closed"],
    ]);
  });
});
