import { describe, expect, it } from "vitest";
import { ValidationError } from "#core/errors.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { aStoredCase } from "../../helpers/builders.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

// Staff reasons and notes reach clerks (when marked for the parish) and CSV exports: they follow
// the residents' free-text rules, so nothing in them reorders what follows or fails to encode.

async function setUp() {
  const caseStore = new MemoryCaseStore();
  await caseStore.create(aStoredCase("SPD-AAAA-AAAA"), []);
  let n = 0;
  const actions = createStaffActions({
    caseStore,
    clock: { now: () => new Date("2026-12-03T10:00:00Z") },
    ids: {
      uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
      int: () => 0,
      hex: () => "00",
      base64: () => "AA==",
    },
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
