import { caseLogCaseUrl, createClerkLinks, type SignClerkLinks } from "#core/use-cases/clerk-links.js";
import { describeError } from "#core/use-cases/describe-error.js";
import type { Config } from "../../config/env.js";
import { logger } from "../../http/logger.js";
import { countClerkLinksUnsigned } from "../../http/metrics.js";
import type { Adapters } from "../adapters/all-adapters.js";
import { linkSigner } from "../adapters/link-signer.js";

/** What dispatch and the digest log when an email goes without its one-click links. */
export const LINKS_UNSIGNED_LOG_MESSAGE = "Clerk links not signed: email sent without them";

/**
 * The links in emails to councils, for dispatch and the daily digest: a parish clerk's signed
 * one-click answers (where the key ring's secret and the public address are set) and each case's
 * page in the case log (where CASE_LOG_URL is set).
 */
export function clerkEmailLinks(
  config: Config,
  adapters: Pick<Adapters, "recorded" | "ids" | "clock">,
): {
  clerkLinks?: SignClerkLinks;
  onLinkError?: (error: unknown) => void;
  caseUrl?: (reference: string) => string;
} {
  const signer = linkSigner(config, adapters);
  const caseLogUrl = config.CASE_LOG_URL;
  return {
    ...(signer && config.PUBLIC_URL
      ? {
          clerkLinks: createClerkLinks({ ...adapters, signer, publicUrl: config.PUBLIC_URL }),
          onLinkError: linksUnsigned,
        }
      : {}),
    ...(caseLogUrl ? { caseUrl: (reference: string) => caseLogCaseUrl(caseLogUrl, reference) } : {}),
  };
}

/**
 * The email still goes; a wrong secret id or a missing grant would otherwise take the links out
 * of every email unseen, so each is logged and counted (the ClerkLinksUnsigned alarm). The error's
 * name and message only: signing failed, so there is no token, and the key ring's errors never
 * carry its keys.
 */
function linksUnsigned(error: unknown): void {
  logger.warn(LINKS_UNSIGNED_LOG_MESSAGE, { error: describeError(error) });
  countClerkLinksUnsigned();
}
