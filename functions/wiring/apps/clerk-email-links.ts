import { caseLogCaseUrl, createClerkLinks, type SignClerkLinks } from "#core/use-cases/clerk-links.js";
import type { Config } from "../../config/env.js";
import type { Adapters } from "../adapters/all-adapters.js";
import { linkSigner } from "../adapters/link-signer.js";

/**
 * The links in emails to councils, for dispatch and the daily digest: a parish clerk's signed
 * one-click answers (where the key ring's secret and the public address are set) and each case's
 * page in the case log (where CASE_LOG_URL is set).
 */
export function clerkEmailLinks(
  config: Config,
  adapters: Pick<Adapters, "recorded" | "ids" | "clock">,
): { clerkLinks?: SignClerkLinks; caseUrl?: (reference: string) => string } {
  const signer = linkSigner(config, adapters);
  const caseLogUrl = config.CASE_LOG_URL;
  return {
    ...(signer && config.PUBLIC_URL
      ? { clerkLinks: createClerkLinks({ ...adapters, signer, publicUrl: config.PUBLIC_URL }) }
      : {}),
    ...(caseLogUrl ? { caseUrl: (reference: string) => caseLogCaseUrl(caseLogUrl, reference) } : {}),
  };
}
