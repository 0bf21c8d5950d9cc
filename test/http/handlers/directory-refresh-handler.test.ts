import type { ScheduledEvent } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DirectoryRefreshRun } from "#core/use-cases/refresh-directory.js";
import { createDirectoryRefreshHandler } from "../../../functions/http/handlers/directory-refresh-handler.js";
import { logger } from "../../../functions/http/logger.js";
import { localContext } from "../../../functions/local/lambda-context.js";

// The scheduled run answers with counts, logs parish codes and never a clerk's address, and an
// unreachable Modern.Gov is a warning, not a failed run (a retry would email the team again).
// The tests run the logger at ERROR (and Powertools resets the level each invocation), so what
// the handler logs is read from the logger's calls.

const ASHCOMBE = { code: "E04999001", name: "Ashcombe" };
const COUNCIL = { id: "exampleshire-vale", name: "Exampleshire Vale District Council" };
const run = (outcome: Partial<DirectoryRefreshRun>) =>
  createDirectoryRefreshHandler({
    refreshDirectories: async () => [
      { council: COUNCIL, run: { checked: 1, changes: [], unreachable: [], ...outcome } },
    ],
  })({} as ScheduledEvent, localContext("test"));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("directory refresh handler", () => {
  it("answers with counts and logs which parishes changed, without their clerks' addresses", async () => {
    const info = vi.spyOn(logger, "info");
    const outcome = await run({
      changes: [
        {
          parish: ASHCOMBE,
          kind: "changed",
          before: "old.clerk@ashcombe.example",
          after: "new.clerk@ashcombe.example",
          newProblems: [],
        },
      ],
      emailed: "m-1",
    });
    expect(outcome).toEqual({ checked: 1, changed: 1, unreachable: 0, emailed: true });
    expect(info).toHaveBeenCalledWith(
      "Clerk directory refresh",
      expect.objectContaining({ changes: ["E04999001:changed"] }),
    );
    expect(JSON.stringify(info.mock.calls)).not.toContain("ashcombe.example");
  });

  it("warns, and still succeeds, when Modern.Gov answered for no parish", async () => {
    const warn = vi.spyOn(logger, "warn");
    const outcome = await run({
      unreachable: [{ parish: ASHCOMBE, error: "Modern.Gov: HTTP 503" }],
      emailed: "m",
    });
    expect(outcome).toEqual({ checked: 1, changed: 0, unreachable: 1, emailed: true });
    expect(warn).toHaveBeenCalledWith(
      "Clerk directory refresh: Modern.Gov could not be reached for any parish",
      { council: COUNCIL.id },
    );
  });

  it("gives the run the function's remaining time less a budget to finish", async () => {
    let remainingMs = 900_000;
    const timeLeft: number[] = [];
    const handler = createDirectoryRefreshHandler({
      refreshDirectories: async (options) => {
        timeLeft.push(options?.timeLeftMs?.() ?? Number.NaN);
        remainingMs = 30_000;
        timeLeft.push(options?.timeLeftMs?.() ?? Number.NaN);
        return [{ council: COUNCIL, run: { checked: 0, changes: [], unreachable: [] } }];
      },
      finishBudgetMs: 60_000,
    });
    await handler({} as ScheduledEvent, {
      ...localContext("test"),
      getRemainingTimeInMillis: () => remainingMs,
    });
    expect(timeLeft).toEqual([840_000, -30_000]);
  });

  it("does not warn when some parishes answered", async () => {
    const warn = vi.spyOn(logger, "warn");
    await run({ checked: 2, unreachable: [{ parish: ASHCOMBE, error: "timeout" }] });
    expect(warn).not.toHaveBeenCalled();
  });

  it("adds up every council's run, and fails only once each has run, naming the one that failed", async () => {
    const info = vi.spyOn(logger, "info");
    const error = vi.spyOn(logger, "error").mockImplementation(() => {});
    const saltmere = { id: "saltmere", name: "Saltmere Council" };
    const harrowfield = { id: "harrowfield", name: "Harrowfield District Council" };
    const handler = createDirectoryRefreshHandler({
      refreshDirectories: async () => [
        { council: COUNCIL, run: { checked: 12, changes: [], unreachable: [] } },
        { council: saltmere, error: new Error("SES: throttled") },
        {
          council: harrowfield,
          run: {
            checked: 5,
            changes: [],
            unreachable: [{ parish: ASHCOMBE, error: "timeout" }],
            emailed: "m",
          },
        },
      ],
    });
    await expect(handler({} as ScheduledEvent, localContext("test"))).rejects.toThrow(
      "Clerk directory refresh failed for saltmere (the other councils' ran)",
    );
    expect(info.mock.calls.map(([, data]) => (data as { council: string }).council)).toEqual([
      COUNCIL.id,
      harrowfield.id,
    ]);
    expect(error).toHaveBeenCalledWith(
      "Clerk directory refresh failed for one council; the others went ahead",
      expect.objectContaining({ council: "saltmere" }),
    );
  });

  it("answers with the totals over every council when none failed", async () => {
    const handler = createDirectoryRefreshHandler({
      refreshDirectories: async () => [
        { council: COUNCIL, run: { checked: 12, changes: [], unreachable: [] } },
        {
          council: { id: "saltmere", name: "Saltmere Council" },
          run: {
            checked: 4,
            changes: [],
            unreachable: [{ parish: ASHCOMBE, error: "timeout" }],
            emailed: "m",
          },
        },
      ],
    });
    expect(await handler({} as ScheduledEvent, localContext("test"))).toEqual({
      checked: 16,
      changed: 0,
      unreachable: 1,
      emailed: true,
    });
  });
});
