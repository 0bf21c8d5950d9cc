import type { ScheduledEvent } from "aws-lambda";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DigestRun } from "#core/use-cases/send-digest.js";
import { createDigestHandler } from "../../../functions/http/handlers/digest-handler.js";
import { localContext } from "../../../functions/local/lambda-context.js";
import { DIGEST_NOT_SENT_LOG_MESSAGE } from "../../../infra/constructs/operations-alarms.js";

// The scheduled run answers with what it sent; a digest not sent fails the run (the function's
// error alarm, and Lambda's retry) and logs the line the DigestNotSent alarm counts.

const run = (outcome: Partial<DigestRun>) =>
  createDigestHandler({
    sendDigest: async () => ({
      throughDay: "2026-12-02",
      digests: [],
      sent: [],
      failures: [],
      more: false,
      ...outcome,
    }),
  })({} as ScheduledEvent, localContext("test"));

let logged = "";
const writeErr = process.stderr.write.bind(process.stderr);
beforeEach(() => {
  logged = "";
  process.stderr.write = (chunk: string | Uint8Array) => {
    logged += chunk.toString();
    return true;
  };
});
afterEach(() => {
  process.stderr.write = writeErr;
});

describe("digest handler", () => {
  it("answers with what it sent", async () => {
    expect(
      await run({ digests: ["DIGEST-E04999001-2026-12-02"], sent: ["SPD-AAAA-AAA4", "SPD-AAAA-AAB2"] }),
    ).toEqual({
      throughDay: "2026-12-02",
      digests: 1,
      sent: 2,
      failed: 0,
      more: false,
    });
  });

  it("fails the run when a digest was not sent, naming the cases still held, and logs it for the alarm", async () => {
    await expect(
      run({
        failures: [
          { digest: "DIGEST-E04999001-2026-12-02", references: ["SPD-AAAA-AAB2"], error: "Error: SES down" },
        ],
      }),
    ).rejects.toThrow(/1 case\(s\) still held: SPD-AAAA-AAB2/);
    const lines = logged
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { message: string; digest?: string });
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: DIGEST_NOT_SENT_LOG_MESSAGE,
        digest: "DIGEST-E04999001-2026-12-02",
      }),
    );
  });
});
