import { describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import { newReference } from "#core/case/reference.js";
import { ForbiddenError, ValidationError } from "#core/errors.js";
import { createDuplicateLinks } from "#core/use-cases/duplicate-links.js";
import { MAX_POSSIBLE_DUPLICATES } from "#core/use-cases/possible-duplicates.js";
import { oneCouncil } from "../../helpers/councils.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";

const NOW = new Date("2026-11-23T12:00:00Z");
const ashcombe = { kind: "parish" as const, code: "E04999001", name: "Ashcombe" };
// Valid references (their check characters hold), as staff would type them.
const A = newReference("SPD", () => 0);
const B = newReference("SPD", () => 1);
const C = newReference("SPD", () => 2);
const OFFICER = "officer@council.example";

function aCase(reference: string, overrides: Partial<Case> = {}): Case {
  return {
    reference,
    service: "speeding",
    status: "new",
    delivery: "sent",
    createdAt: NOW.toISOString(),
    updatedAt: NOW.toISOString(),
    answers: {},
    location: { lat: 52, lng: -1 },
    description: "Fast cars",
    destination: ashcombe,
    routing: { ruleId: "r", requested: "parish", area: ashcombe, reason: "test" },
    retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
    ...overrides,
  };
}

async function setup(cases: Case[]) {
  const caseStore = new MemoryCaseStore({ now: () => NOW });
  for (const c of cases) await caseStore.create(c, []);
  const links = createDuplicateLinks({ caseStore, clock: { now: () => NOW }, councils: oneCouncil });
  const marks = async (reference: string) => (await caseStore.get(reference))?.possibleDuplicates ?? [];
  const events = async (reference: string) =>
    (await caseStore.timeline(reference)).map((e) => ({ type: e.type, summary: e.summary, actor: e.actor }));
  return { caseStore, links, marks, events };
}

describe("Use case: duplicate links", () => {
  it("unlinks a marked pair on both sides, with an event on each, once", async () => {
    const { links, marks, events } = await setup([
      aCase(A, { possibleDuplicates: [B, C] }),
      aCase(B, { possibleDuplicates: [A] }),
      aCase(C, { possibleDuplicates: [A] }),
    ]);
    expect(await links.unlink(A, B, OFFICER, "staff")).toBe("unlinked");
    expect(await marks(A)).toEqual([C]);
    expect(await marks(B)).toEqual([]);
    expect(await events(A)).toEqual([
      { type: "duplicate-unlinked", summary: `Unlinked by staff: not a duplicate of ${B}`, actor: OFFICER },
    ]);
    expect(await events(B)).toEqual([
      { type: "duplicate-unlinked", summary: `Unlinked by staff: not a duplicate of ${A}`, actor: OFFICER },
    ]);
    expect(await links.unlink(A, B, OFFICER, "staff")).toBe("unchanged");
    expect(await events(A)).toHaveLength(1);
    expect(await events(B)).toHaveLength(1);
  });

  it("links a case to another by reference as typed, on both sides, once", async () => {
    const { links, marks, events } = await setup([aCase(A), aCase(B)]);
    expect(await links.link(A, ` ${B.toLowerCase().replaceAll("-", " ")} `, OFFICER, "staff")).toBe("linked");
    expect(await marks(A)).toEqual([B]);
    expect(await marks(B)).toEqual([A]);
    expect((await events(B)).map((e) => e.type)).toEqual(["duplicate-linked"]);
    expect(await links.link(B, A, OFFICER, "staff")).toBe("unchanged");
    expect(await events(A)).toHaveLength(1);
    expect(await events(B)).toHaveLength(1);
  });

  it("refuses clerks, whatever they ask", async () => {
    const { links, marks } = await setup([
      aCase(A, { possibleDuplicates: [B] }),
      aCase(B, { possibleDuplicates: [A] }),
    ]);
    await expect(links.unlink(A, B, "clerk@parish.example", "clerk")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(links.link(A, C, "clerk@parish.example", "clerk")).rejects.toBeInstanceOf(ForbiddenError);
    expect(await marks(A)).toEqual([B]);
  });

  it.each([
    ["not a reference", "SPD-2222"],
    ["a wrong check character", `${B.slice(0, -1)}${B.endsWith("2") ? "3" : "2"}`],
    ["the case itself", A],
    ["a case there is not", C],
  ])("refuses to link to %s, naming the field", async (_, other) => {
    const { links, marks } = await setup([aCase(A), aCase(B)]);
    const refused = await links.link(A, other, OFFICER, "staff").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([expect.objectContaining({ field: "duplicateOf" })]);
    expect(await marks(A)).toEqual([]);
  });

  it("refuses a link past the most a case may hold", async () => {
    const many = Array.from({ length: MAX_POSSIBLE_DUPLICATES }, (_, i) => `SPD-X${i}`);
    const { links, marks } = await setup([aCase(A, { possibleDuplicates: many }), aCase(B)]);
    await expect(links.link(B, A, OFFICER, "staff")).rejects.toBeInstanceOf(ValidationError);
    expect(await marks(B)).toEqual([]);
  });
});
