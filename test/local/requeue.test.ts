import { describe, expect, it } from "vitest";
import type { Case } from "#core/case/case.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
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
    const at = new Date(Date.now() - 40 * 60_000).toISOString();
    const destination = { kind: "district" as const, code: "E07999999", name: "Exampleshire Vale" };
    const lost: Case = {
      reference: "SPD-LQST-0007",
      service: "speeding",
      status: "new",
      delivery: "queued",
      createdAt: at,
      updatedAt: at,
      answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
      location: { lat: 54.61482, lng: 2.23385, postcode: "ZX2 1FD" },
      description: "Stored, then the queue was down.",
      destination,
      routing: { ruleId: "r", requested: "district", area: destination, reason: "test" },
      retainUntil: Math.floor(Date.now() / 1000) + 86_400,
    };
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
