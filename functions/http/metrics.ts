import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SubmitReportResult } from "#core/use-cases/submit-report.js";
import { METRICS_SERVICE, reportMetricNames } from "./metric-names.js";

/**
 * Business metrics as CloudWatch embedded metric format (EMF) lines in the function's log: no SDK
 * call, no permission. The namespace comes from POWERTOOLS_METRICS_NAMESPACE (set by CDK on every
 * function); POWERTOOLS_METRICS_DISABLED turns them off (the tests do).
 */
export const metrics = new Metrics({ serviceName: METRICS_SERVICE });

/** Where a report went: a parish, the district, or signposted elsewhere (never stored). */
export type DestinationKind = "parish" | "district" | "body" | "signposted";

/** One count, written at once (a single-metric line), so no handler needs a flush middleware. */
function count(name: string, dimensions: Record<string, string> = {}): void {
  const line = metrics.singleMetric();
  for (const [key, value] of Object.entries(dimensions)) line.addDimension(key, value);
  line.addMetric(name, MetricUnit.Count, 1);
}

/**
 * A report accepted at a submit point (API, form or Open311), by where it is going. A replayed
 * submission (same idempotency key) was counted the first time.
 */
export function countReportReceived(result: SubmitReportResult): void {
  if (result.outcome === "created" && result.replayed) return;
  const destination: DestinationKind = result.outcome === "signpost" ? "signposted" : result.destination.kind;
  count(reportMetricNames.received, { destination });
}

/** A report emailed to its recipient, by the kind of body it went to. */
export const countReportSent = (destination: DestinationKind) =>
  count(reportMetricNames.sent, { destination });

/** A send that failed (retried by the queue), or that was dead-lettered after the last receive. */
export const countReportFailed = (final: boolean) =>
  count(reportMetricNames.failed, { attempt: final ? "last" : "retrying" });

/** A report the mail provider can never send as it is: marked not sent at once, not retried. */
export const countReportRefused = () => count(reportMetricNames.failed, { attempt: "permanent" });

/** A report held for its body's daily digest (the body's daily cap of emails was reached). */
export const countReportHeld = (destination: DestinationKind) =>
  count(reportMetricNames.held, { destination });

/** Cases the re-queue safety net gave up on (marked not sent). */
export const countCasesGivenUp = (cases: number) => {
  const line = metrics.singleMetric();
  line.addMetric(reportMetricNames.givenUp, MetricUnit.Count, cases);
};

/** A delivery-events message that was not an SES event, dropped rather than retried forever. */
export const countDroppedEvent = () => count(reportMetricNames.droppedEvents);

/** An email to a council sent without its one-click links: they could not be signed (key ring, grant). */
export const countClerkLinksUnsigned = () => count(reportMetricNames.linksUnsigned);
