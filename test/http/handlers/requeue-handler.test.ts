import type { ScheduledEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createRequeueHandler } from "../../../functions/http/handlers/requeue-handler.js";
import { localContext } from "../../../functions/local/lambda-context.js";

// The scheduled run reports cases it gave up on by failing, so the function's error alarm fires.

const run = (outcome: { requeued: string[]; givenUp: string[] }) =>
  createRequeueHandler({ requeueAwaiting: async () => outcome })({} as ScheduledEvent, localContext("test"));

describe("requeue handler", () => {
  it("answers with what it queued again", async () => {
    expect(await run({ requeued: ["SPD-AAAA-AAA4"], givenUp: [] })).toEqual({ requeued: 1, givenUp: 0 });
  });

  it("fails the run when it gave up on a case, naming it", async () => {
    await expect(run({ requeued: [], givenUp: ["SPD-AAAA-AAB2"] })).rejects.toThrow(/SPD-AAAA-AAB2/);
  });
});
