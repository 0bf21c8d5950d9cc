import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import type { DigestRun } from "#core/use-cases/send-digest.js";
import { logger } from "../logger.js";

export interface DigestOutcome {
  throughDay: string;
  digests: number;
  sent: number;
  failed: number;
  more: boolean;
}

/**
 * Run on a schedule (EventBridge Scheduler at the digest hour, London time; a timer or the local
 * command under `npm start`): email each body the reports held over its daily cap.
 */
export function createDigestHandler(deps: {
  sendDigest: () => Promise<DigestRun>;
  afterRun?: () => Promise<void>;
}) {
  return middy<ScheduledEvent, DigestOutcome>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .handler(async () => {
      const run = await deps.sendDigest();
      await deps.afterRun?.();
      const failed = run.failures.flatMap((f) => f.references);
      // References and digest names only: never a resident's or a clerk's details.
      logger.info("Daily digest run", {
        throughDay: run.throughDay,
        digests: run.digests,
        sent: run.sent.length,
        failed: failed.length,
        more: run.more,
      });
      if (run.more) logger.warn("More held reports wait than one run takes: run the digest again");
      if (run.failures.length > 0) {
        for (const failure of run.failures) logger.error("Digest not sent", { ...failure });
        // Failing the run (after the rest is done) fires the function's error alarm, and Lambda's
        // retry of the scheduled invocation sends what is still held; what went is not sent again.
        throw new Error(
          `${run.failures.length} digest(s) not sent; ${failed.length} case(s) still held: ${failed.join(", ")}`,
        );
      }
      return {
        throughDay: run.throughDay,
        digests: run.digests.length,
        sent: run.sent.length,
        failed: 0,
        more: run.more,
      };
    });
}
