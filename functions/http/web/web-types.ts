import type { AreaLocator } from "#core/areas/area-chain.js";
import type { RoutingBodies } from "#core/bodies/body.js";
import type { ResolveRoute } from "#core/bodies/route-resolution.js";
import type { Bodies } from "#core/case/bodies.js";
import type { Case } from "#core/case/case.js";
import type { Council } from "#core/councils/council.js";
import type { Councils } from "#core/councils/councils.js";
import type { Clock } from "#core/ports/clock.js";
import type { Ids } from "#core/ports/ids.js";
import type { PostcodeLookup } from "#core/ports/postcode-lookup.js";
import type { SessionStore } from "#core/ports/session-store.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import type { CheckReport } from "#core/use-cases/check-report.js";
import type { createClerkResponse } from "#core/use-cases/clerk-response.js";
import type { createSubmitReport } from "#core/use-cases/submit-report.js";
import type { PublicInfo } from "../../config/public-info.js";
import type { ClientKeys } from "../client-identity.js";
import type { FormSession, JourneyState } from "./journey-state.js";
import type { Render } from "./render.js";

export { type PageResult, page, redirect } from "../page-result.js";

/** What a journey's pages need from the deployment's geodata, which is read when first needed. */
export interface WebGeodata {
  submitReport: ReturnType<typeof createSubmitReport>;
  /** Point → parish, district or unitary, county: the councils and bodies there. */
  areas: AreaLocator;
  /** Where a routed report goes from a point's areas: the same resolution the intake makes. */
  resolveRoute: ResolveRoute;
  postcodes: PostcodeLookup;
  /** How each parish's body names itself (a council or a parish meeting), from the geodata. */
  bodies: Bodies;
  /** The other bodies reports may go to (county highways, a road safety partnership…). */
  routingBodies: RoutingBodies;
}

/** What every page has, the site's own pages (home, privacy…) included. */
export interface WebSiteDeps {
  services: ReadonlyMap<string, ServiceDefinition>;
  sessions: SessionStore<FormSession>;
  render: Render;
  ids: Ids;
  clock: Clock;
  /** The councils this deployment serves: a page speaks for one once it knows which (page-council.ts). */
  councils: Councils;
  /** The first council's name and public information (the only council's on a one-council deployment). */
  councilName: string;
  /** How long reports (and residents' details) are kept, for the privacy notice. */
  retentionDays: number;
  /** The first council's contacts and the accessibility statement's status and dates (from config). */
  publicInfo: PublicInfo;
  /** A council's contacts, privacy contacts and accessibility statement. */
  publicInfoOf: (council: Council) => PublicInfo;
  /** Cookies are Secure everywhere but plain-http local runs. */
  cookieSecure: boolean;
  /** Folder of static files served at /assets (govuk-frontend's plus ours). */
  assets: { govukFrontend: string; own: string };
  /** How clients are named: the hash key, and the CloudFront edge when the site is behind one. */
  clientKeys: ClientKeys;
}

/** What a page of a service's journey has. */
export type WebDeps = WebSiteDeps & WebGeodata;

/**
 * What the web function is built from: the geodata is loaded by the first journey page that
 * needs it (once, shared by concurrent requests), not at init, so the home page and the assets
 * never wait for it.
 */
export interface WebAppDeps extends WebSiteDeps {
  geodata: () => Promise<WebGeodata>;
  /** "Check your report": a report's public status, limited per client and per reference. */
  checkReport: CheckReport;
  /**
   * Clerks' one-click answers (`/respond/<token>`), built with the geodata's body names when first
   * used; absent where no link key is configured (every link is then refused as not working).
   */
  clerkLinks?: () => Promise<ClerkLinksApp>;
}

/** What the clerk's answer pages need: the use case, and each body's own name by its code. */
export interface ClerkLinksApp {
  response: ReturnType<typeof createClerkResponse>;
  bodyName: (code: string) => string;
  /** The district team's mailbox (`DISTRICT_EMAIL`), which the pages give clerks to write to. */
  districtEmail: string;
  /** The council whose case it is: named on the pages, its mailbox given to write to. */
  councilOf?: (report: Pick<Case, "council">) => { name: string; email: string };
}

export interface WebRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The parsed form on POST (CSRF already checked). */
  form: Record<string, string>;
  /** Who sent it, pseudonymously (see `clientOf`). */
  client: string;
  /** The host name the form was asked for on (lower case, no port): a council's own, if configured. */
  host?: string;
}

/** What a page handler gets: the request, the session, and, under /{service}/, that journey. */
export interface PageContext {
  deps: WebDeps;
  request: WebRequest;
  session: FormSession;
  service: ServiceDefinition;
  journey: JourneyState;
  /** Came from a "Change" link on check answers. */
  change: boolean;
}
