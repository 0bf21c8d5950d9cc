import type { Case, RoutingDecision } from "./case.js";

/**
 * Why Signpost sent a case to the district instead of its parish: the rule id staff see on the
 * case page's "Why" row in place of the service's rule.
 */
export const FALLBACK_RULES = {
  /** The directory has no usable email address for the clerk. */
  noClerkEmail: "no-clerk-email",
  /** The directory could not be read when the case was sent. */
  directoryUnavailable: "directory-unavailable",
  /** The clerk's address bounced permanently. */
  clerkBounced: "clerk-bounced",
} as const;

export type FallbackRule = (typeof FALLBACK_RULES)[keyof typeof FALLBACK_RULES];

/**
 * The routing decision of a case moved to the district by a fallback, so "Why" explains the
 * district it is with now. Where the point fell stays (consent is read against it); the reason is
 * the one the timeline records, as a sentence.
 */
export function fallbackRouting(
  report: Pick<Case, "routing">,
  rule: FallbackRule,
  reason: string,
): RoutingDecision {
  return {
    ruleId: rule,
    requested: "district",
    area: report.routing.area,
    reason: `Sent to the district council because ${reason}`,
  };
}
