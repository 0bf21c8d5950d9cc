import type { AreaChain } from "#core/areas/area-chain.js";
import type { RoutingBody } from "#core/bodies/body.js";
import type { Bodies } from "#core/case/bodies.js";
import type { Case, Destination } from "#core/case/case.js";
import type { Council } from "#core/councils/council.js";
import type { Councils } from "#core/councils/councils.js";
import type { LngLat } from "#core/geo.js";
import type { CaseStore } from "#core/ports/case-store.js";
import type { ClerkBounces } from "#core/ports/clerk-bounces.js";
import type { Clock } from "#core/ports/clock.js";
import type { CachedContact, ContactCache } from "#core/ports/contact-cache.js";
import type { DirectoryOverrides } from "#core/ports/directory-overrides.js";
import type { ParishRef } from "#core/ports/directory.js";
import type { Ids } from "#core/ports/ids.js";
import type { SignedOutSessions, SignInRequestContext, StaffAuthenticator } from "#core/ports/staff-auth.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import type { BoundaryIndex } from "#core/spatial/boundary-index.js";
import type { createStaffActions } from "#core/use-cases/staff-actions.js";
import type { PageResult } from "../page-result.js";
import type { Render } from "../web/render.js";
import { caseCouncilId } from "./staff-council.js";
import type { StaffIdentity, TokenVerifier } from "./token-verifier.js";

/**
 * One council's areas and boundaries: read when a signed-in page first needs them, not at init.
 */
export interface CaseLogGeography {
  /** The council's own area and its parishes, for the destination filter, re-routing and names. */
  areas: readonly Destination[];
  /** The district's boundaries, for the map on a case page (no map without them). */
  boundaries?: BoundaryIndex;
  /** Who answers for each area, by area code (`bodyFor` names one the data leaves out). */
  bodies: Bodies;
  /**
   * The bodies beyond parish and council that cover some of the council's area (county highways,
   * a road safety partnership, National Highways), for the destination filter and re-routing.
   */
  routingBodies?: readonly RoutingBody[];
  /** A point's area chain, so a case is re-routed only to a body covering where it is. */
  locate?: (point: LngLat) => AreaChain;
}

/**
 * What the case log's pages have: the signed-in person's council and its geography (signed-out
 * pages: the first council, and no areas). `councilName` is that council's name.
 */
export interface CaseLogDeps extends CaseLogAppDeps, CaseLogGeography {
  council: Council;
}

/**
 * What the case log function is built from: the geography is loaded once, by the first signed-in
 * request (the sign-in pages never need it).
 */
export interface CaseLogAppDeps {
  /** The councils served; each person works in one (`staffCouncil`), and sees its cases only. */
  councils: Councils;
  /** A council's geography: its areas, boundaries and bodies (loaded once per council). */
  geography: (council: Council) => Promise<CaseLogGeography>;
  verifier: TokenVerifier;
  auth: StaffAuthenticator;
  signedOut: SignedOutSessions;
  caseStore: CaseStore;
  actions: ReturnType<typeof createStaffActions>;
  /** Sends a failed or unconfirmed case again (absent where the function has no queue). */
  redrive?: (reference: string, actor: string) => Promise<"redriven" | "not-needed">;
  /** The clerk directory page's reads and actions (absent: no directory page). */
  directory?: ClerkDirectoryAdmin;
  render: Render;
  ids: Ids;
  clock: Clock;
  /** Named on the signed-out pages (sign-in); signed-in pages name the person's own council. */
  councilName: string;
  /** The services, for the service filter and their questions' and answers' words. */
  services: readonly ServiceDefinition[];
  /** Cookies are Secure everywhere but plain-http local runs. */
  cookieSecure: boolean;
  /**
   * The case log's public address, ending `/staff/` (CASE_LOG_URL), for links that leave the page.
   * Unset: such links are paths. Never taken from the request: behind CloudFront that is API
   * Gateway's own host, which skips the edge and its firewall.
   */
  caseLogUrl?: string;
  pageSize?: number;
}

/** What the clerk directory page reads (one query each, never per parish) and does. */
export interface ClerkDirectoryAdmin {
  contacts: Pick<ContactCache, "list">;
  overrides: DirectoryOverrides;
  bounces: Pick<ClerkBounces, "list">;
  /**
   * Looks the parish up in its council's Modern.Gov now and caches the answer; `UpstreamError` if
   * unreachable. The pages pass only their own council's parishes.
   */
  refresh: (parish: ParishRef, council: Council) => Promise<CachedContact>;
}

export interface CaseLogRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The parsed form on POST (CSRF already checked). */
  form: Record<string, string>;
  /** The path's captured parameter, if the route has one. */
  param: string;
  cookies: ReadonlyMap<string, string>;
  /** The browser's side of the request, for Cognito's threat protection at sign-in. */
  signInContext: SignInRequestContext;
}

export interface CaseLogContext {
  deps: CaseLogDeps;
  request: CaseLogRequest;
  /** Present on every route but the public ones (sign-in, sign-out). */
  identity?: StaffIdentity;
}

export type CaseLogResult = PageResult;

/**
 * Staff and clerks see only their own council's cases (`identity.council`, resolved by the
 * handler), and clerks only their own parish's: any other case is "not found" to them.
 */
export function canSee(identity: StaffIdentity, report: Case, councils: Pick<Councils, "first">): boolean {
  if (identity.council === undefined || caseCouncilId(report, councils) !== identity.council) return false;
  if (identity.role === "staff") return true;
  return identity.parish !== undefined && report.destination.code === identity.parish;
}
