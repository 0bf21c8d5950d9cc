/**
 * Dispatch queue behaviour, the one source for the SQS queue in CDK and the local queue. Change a
 * value here and both change (a test compares the synthesised template with these).
 */
export const dispatchQueueSettings = {
  /** Six times the dispatch function's timeout, as AWS recommends for SQS event sources. */
  visibilityTimeoutSeconds: 60,
  dispatchTimeoutSeconds: 10,
  /** Receives before a job is dead-lettered, unless the environment's config says otherwise. */
  maxReceiveCount: 5,
  batchSize: 5,
  /** Dead letters wait this long for staff to re-drive them. */
  deadLetterRetentionDays: 14,
} as const;
