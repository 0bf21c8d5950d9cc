import type { Clock } from "#core/ports/clock.js";
import type { Ids } from "#core/ports/ids.js";
import type { PostcodeLookup } from "#core/ports/postcode-lookup.js";
import type { SessionStore } from "#core/ports/session-store.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import type { BoundaryIndex } from "#core/spatial/boundary-index.js";
import type { createSubmitReport } from "#core/use-cases/submit-report.js";
import type { FormSession, JourneyState } from "./journey-state.js";
import type { Render } from "./render.js";

export { type PageResult, page, redirect } from "../page-result.js";

export interface WebDeps {
  services: ReadonlyMap<string, ServiceDefinition>;
  submitReport: ReturnType<typeof createSubmitReport>;
  boundaries: BoundaryIndex;
  postcodes: PostcodeLookup;
  sessions: SessionStore<FormSession>;
  render: Render;
  ids: Ids;
  clock: Clock;
  councilName: string;
  /** How long reports (and residents' details) are kept, for the privacy notice. */
  retentionDays: number;
  /** Cookies are Secure everywhere but plain-http local runs. */
  cookieSecure: boolean;
  /** Folder of static files served at /assets (govuk-frontend's plus ours). */
  assets: { govukFrontend: string; own: string };
}

export interface WebRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The parsed form on POST (CSRF already checked). */
  form: Record<string, string>;
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
