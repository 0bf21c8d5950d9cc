import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aStoredCase } from "../helpers/builders.js";
import { useLocalStack } from "../helpers/local-stack.js";
import { emailsAbout } from "../helpers/ses-store.js";

// A report stored but never queued (the queue was unreachable after the write) is found by the
// scheduled re-queue run and emailed, once, through the real local dispatch path.

let stack: LocalStack;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
});

describe("the re-queue safety net on the local stack", () => {
  it("sends a stored case whose job was lost, exactly once", async () => {
    const lost = aStoredCase("SPD-LQST-0007", { description: "Stored, then the queue was down." });
    // Stored as intake stores it, but no job was ever sent.
    await stack.app.caseStore.create(lost, []);

    const first = await stack.requeue();
    expect(first).toEqual({ requeued: 1, givenUp: 0 });
    await expect.poll(async () => (await stack.app.caseStore.get(lost.reference))?.delivery).toBe("sent");
    expect(await emailsAbout(stack.urls.ses, lost.reference)).toHaveLength(1);

    // Nothing left to do: a second run sends nothing more.
    expect(await stack.requeue()).toEqual({ requeued: 0, givenUp: 0 });
    const types = (await stack.app.caseStore.timeline(lost.reference)).map((e) => e.type);
    expect(types).toContain("requeued");
    expect(types).toContain("sent");
  });
});
