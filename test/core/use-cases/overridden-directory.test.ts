import { describe, expect, it } from "vitest";
import type { ClerkOverride } from "#core/ports/directory-overrides.js";
import { OverriddenDirectory } from "#core/use-cases/overridden-directory.js";
import { directoryOf } from "../../helpers/fake-directory.js";

// Staff overrides win over the directory until removed; one read of the overrides serves every
// parish for a short while, so a warm function adds no read per report.

const ASHCOMBE = { code: "E04999001", name: "Ashcombe" };
const BROOKFIELD = { code: "E04999002", name: "Brookfield" };
const OVERRIDE: ClerkOverride = {
  parishCode: ASHCOMBE.code,
  councilName: "Ashcombe Parish Council",
  email: "new.clerk@ashcombe.example",
  clerkName: "Pat Clerk",
  reason: "The clerk wrote to us",
  setBy: "staff@example.org",
  setAt: "2026-12-01T09:00:00.000Z",
};

function setup() {
  let now = 0;
  let stored = new Map<string, ClerkOverride>([[ASHCOMBE.code, OVERRIDE]]);
  let reads = 0;
  const inner = directoryOf((parish) => ({
    councilName: `${parish.name} Parish Council`,
    email: `modern.gov@${parish.name.toLowerCase()}.example`,
    source: "https://moderngov.example/mgWebService.asmx/GetParishCouncils",
    via: "web-service",
  }));
  const directory = new OverriddenDirectory(
    inner,
    {
      list: async () => {
        reads++;
        return stored;
      },
    },
    { clock: { now: () => new Date(now) }, memoMs: 1000 },
  );
  return {
    directory,
    reads: () => reads,
    advance: (ms: number) => (now += ms),
    store: (next: Map<string, ClerkOverride>) => (stored = next),
  };
}

describe("Class: OverriddenDirectory", () => {
  it("gives an overridden parish its override, marked as one, and others the directory's contact", async () => {
    const { directory } = setup();
    expect(await directory.lookUp(ASHCOMBE)).toEqual({
      contact: {
        councilName: "Ashcombe Parish Council",
        email: "new.clerk@ashcombe.example",
        clerkName: "Pat Clerk",
        source: "Override set by staff@example.org in the clerk directory on 2026-12-01T09:00:00.000Z",
        via: "override",
        fetchedAt: "2026-12-01T09:00:00.000Z",
      },
      problems: [],
    });
    expect((await directory.lookUp(BROOKFIELD)).contact?.email).toBe("modern.gov@brookfield.example");
  });

  it("reads the overrides once per memo period, then sees a removal", async () => {
    const { directory, reads, advance, store } = setup();
    await directory.lookUp(ASHCOMBE);
    await directory.lookUp(BROOKFIELD);
    await directory.lookUp(ASHCOMBE);
    expect(reads()).toBe(1);
    store(new Map());
    expect((await directory.lookUp(ASHCOMBE)).contact?.via).toBe("override");
    advance(1001);
    expect((await directory.lookUp(ASHCOMBE)).contact?.email).toBe("modern.gov@ashcombe.example");
    expect(reads()).toBe(2);
  });

  it("does not remember a failed read of the overrides", async () => {
    let fail = true;
    const directory = new OverriddenDirectory(
      directoryOf(() => undefined),
      {
        list: async () => {
          if (fail) throw new Error("table unavailable");
          return new Map([[ASHCOMBE.code, OVERRIDE]]);
        },
      },
      { clock: { now: () => new Date(0) } },
    );
    await expect(directory.lookUp(ASHCOMBE)).rejects.toThrow("table unavailable");
    fail = false;
    expect((await directory.lookUp(ASHCOMBE)).contact?.email).toBe(OVERRIDE.email);
  });

  it("waits for the inner directory's background refreshes", async () => {
    let settled = false;
    const inner = {
      ...directoryOf(() => undefined),
      settle: async () => {
        settled = true;
      },
    };
    await new OverriddenDirectory(
      inner,
      { list: async () => new Map() },
      { clock: { now: () => new Date() } },
    ).settle();
    expect(settled).toBe(true);
  });

  it("passes a look-up's options (a forced refresh, its deadline) to the directory it wraps", async () => {
    const given: unknown[] = [];
    const inner = {
      lookUp: async (_parish: unknown, options?: unknown) => {
        given.push(options);
        return { problems: [] };
      },
    };
    await new OverriddenDirectory(
      inner,
      { list: async () => new Map() },
      { clock: { now: () => new Date() } },
    ).lookUp(BROOKFIELD, { fresh: true, deadlineMs: 100 });
    expect(given).toEqual([{ fresh: true, deadlineMs: 100 }]);
  });
});
