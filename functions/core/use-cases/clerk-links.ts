import type { Case, Destination } from "../case/case.js";
import type { SignedClerkLinks } from "../email/clerk-guidance.js";
import { CLERK_ACTIONS, CLERK_LINK_DAYS, type ClerkAction, type ClerkLinks } from "../links/clerk-link.js";
import type { Clock } from "../ports/clock.js";
import type { Ids } from "../ports/ids.js";
import type { LinkSigner } from "../ports/link-signer.js";

/** Signs a case's one-click links for the body an email goes to; none for the district. */
export type SignClerkLinks = (
  report: Pick<Case, "reference">,
  destination: Destination,
) => Promise<SignedClerkLinks | undefined>;

export interface ClerkLinkDeps {
  signer: LinkSigner;
  /** The resident form's public address, ending `/` (PUBLIC_URL): the answer pages are under it. */
  publicUrl: string;
  ids: Ids;
  clock: Clock;
}

// The web's `paths.clerkResponse`, which the core may not import; a test keeps the two the same.
export const CLERK_RESPONSE_PATH = "respond/";

/**
 * Three signed links for one email, one per answer, each with its own id (a link works once). They
 * name the body the email went to, so a case moved elsewhere since refuses them. The district team
 * gets none: it answers in the case log.
 */
export function createClerkLinks(deps: ClerkLinkDeps): SignClerkLinks {
  const base = withSlash(deps.publicUrl);
  return async function clerkLinks(report, destination) {
    if (destination.kind === "district") return undefined;
    const expiresAtSeconds = Math.floor(deps.clock.now().getTime() / 1000) + CLERK_LINK_DAYS * 86_400;
    const sign = async (action: ClerkAction) => {
      const token = await deps.signer.sign({
        reference: report.reference,
        action,
        destination: destination.code,
        expiresAt: expiresAtSeconds,
        linkId: deps.ids.uuid(),
      });
      return [action, `${base}${CLERK_RESPONSE_PATH}${token}`] as const;
    };
    const urls = Object.fromEntries(await Promise.all(CLERK_ACTIONS.map(sign))) as ClerkLinks;
    return { urls, expiresAt: new Date(expiresAtSeconds * 1000).toISOString() };
  };
}

/**
 * A case's page in the staff case log (CASE_LOG_URL ends `/staff/`): the case log's `staffPaths.case`,
 * which the core may not import; a test keeps the two the same.
 */
export function caseLogCaseUrl(caseLogUrl: string, reference: string): string {
  return `${withSlash(caseLogUrl)}cases/${encodeURIComponent(reference)}`;
}

const withSlash = (url: string) => (url.endsWith("/") ? url : `${url}/`);
