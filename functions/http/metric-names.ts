/** Names of the custom metrics the handlers emit, shared with the alarms in CDK. */
export const reportMetricNames = {
  received: "ReportsReceived",
  sent: "ReportsSent",
  /** Dimension `attempt`: `retrying`, `last` (dead-lettered) or `permanent` (refused as invalid, not retried). */
  failed: "ReportsFailed",
  /** Reports over their body's daily cap, held for the body's daily digest. */
  held: "ReportsHeld",
  givenUp: "CasesGivenUp",
  /** SQS messages on the delivery-events queue that were not SES events (dropped, not retried). */
  droppedEvents: "DeliveryEventsDropped",
  /** An email to a council sent without its one-click links because they could not be signed. */
  linksUnsigned: "ClerkLinksUnsigned",
} as const;

/** The dimension every custom metric carries (Powertools' default, from the service name). */
export const METRICS_SERVICE = "signpost";
