import { type Case, destinationTarget, type RoutingDecision } from "./case.js";

/**
 * Why Signpost sent a case to its council instead of the body chosen: the rule id staff see on the
 * case page's "Why" row in place of the service's rule.
 */
export const FALLBACK_RULES = {
  /** The directory has no usable email address for the clerk. */
  noClerkEmail: "no-clerk-email",
  /** The directory could not be read when the case was sent. */
  directoryUnavailable: "directory-unavailable",
  /** The clerk's address bounced permanently. */
  clerkBounced: "clerk-bounced",
  /** The body the case names is not in the bodies data, or has no email address there. */
  unknownBody: "unknown-body",
  /** The body's address bounced permanently. */
  bodyBounced: "body-bounced",
} as const;

export type FallbackRule = (typeof FALLBACK_RULES)[keyof typeof FALLBACK_RULES];

/**
 * The routing decision of a case moved to its council by a fallback, so "Why" explains the council
 * it is with now, and `fallback` records the move. Where the point fell stays (consent is read
 * against it); the reason is the one the timeline records, as a sentence naming the council.
 */
export function fallbackRouting(
  report: Pick<Case, "routing" | "destination">,
  rule: FallbackRule,
  reason: string,
  councilName = "the district council",
): RoutingDecision {
  return {
    ruleId: rule,
    // What the rule asked for stays; `fallback` says where it went instead, and why.
    requested: report.routing.requested,
    fallback: { from: destinationTarget(report.destination), to: "district", why: reason },
    area: report.routing.area,
    reason: `Sent to ${councilName} because ${reason}`,
  };
}
