import type { Council } from "#core/councils/council.js";
import type { JourneyState } from "./journey-state.js";
import type { WebSiteDeps } from "./web-types.js";

/**
 * The council the site speaks for before a location is known: the one whose host name the form
 * is served on, else the only one. Undefined on a many-council deployment's shared address.
 */
export function siteCouncil(deps: Pick<WebSiteDeps, "councils">, host?: string): Council | undefined {
  const { councils } = deps;
  return (
    (host ? councils.byHost(host) : undefined) ?? (councils.all.length === 1 ? councils.first : undefined)
  );
}

/** The council a journey's pages speak for: the location's, else the site's. */
export function journeyCouncil(
  deps: Pick<WebSiteDeps, "councils">,
  journey: Pick<JourneyState, "council">,
  host?: string,
): Council | undefined {
  return (journey.council ? deps.councils.byId(journey.council) : undefined) ?? siteCouncil(deps, host);
}

/** Who runs the form, in a header or a page title: the council, or the councils together. */
export const SHARED_SITE_NAME = "Report a problem to your council";
