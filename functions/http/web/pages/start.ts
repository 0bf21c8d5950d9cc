import { councilNames } from "#core/councils/council-names.js";
import { servicesOf } from "#core/councils/offers.js";
import type { Ids } from "#core/ports/ids.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import { accessibilityStatement } from "../accessibility-statement.js";
import type { JourneyState } from "../journey-state.js";
import { siteCouncil } from "../page-council.js";
import { paths } from "../paths.js";
import { type PageResult, page, type WebRequest, type WebSiteDeps } from "../web-types.js";

/**
 * The list of services: the front door of the form. On a council's own site, the services it
 * takes; on the shared site, every one (the location then says whose area it is, and whether that
 * council takes it).
 */
export function servicesPage(deps: WebSiteDeps, request?: Pick<WebRequest, "host">): PageResult {
  return page("services.njk", {
    title: "Report a problem",
    services: servicesOf(deps.services.values(), siteCouncil(deps, request?.host)).map((s) => ({
      name: s.name,
      summary: s.summary,
      href: paths.start(s.id),
    })),
  });
}

/** A service's start page. */
export function startPage(service: ServiceDefinition): PageResult {
  const first = service.questions[0];
  return page("start.njk", {
    title: service.name,
    service,
    startHref: first ? paths.question(service.id, first.id) : paths.location(service.id),
  });
}

export function freshJourney(ids: Ids): JourneyState {
  return { answers: {}, submissionToken: ids.uuid() };
}

/**
 * The site's own pages, for the council the site is served for. On a many-council deployment's
 * shared address, each council is the data controller for reports in its area, so the privacy
 * notice lists them all; the accessibility statement is the first council's, which runs the site.
 */
export function staticPage(
  deps: WebSiteDeps,
  view: "accessibility" | "privacy" | "cookies",
  host?: string,
): PageResult {
  const titles = {
    accessibility: "Accessibility statement",
    privacy: "Privacy notice",
    cookies: "Cookies",
  };
  const council = siteCouncil(deps, host);
  const controllers = council ? [council] : deps.councils.all;
  const info = deps.publicInfoOf(council ?? deps.councils.first);
  return page(`${view}.njk`, {
    title: titles[view],
    councilName:
      council?.name ?? (view === "accessibility" ? deps.councils.first.name : councilNames(controllers)),
    retentionYears: Math.round((deps.retentionDays / 365) * 10) / 10,
    retentionDays: deps.retentionDays,
    contact: info.contact,
    dataProtection: info.dataProtection,
    // More than one: each council is the controller for reports in its own area.
    controllers: controllers.map((c) => {
      const { contact, dataProtection } = deps.publicInfoOf(c);
      return { name: c.name, areaName: c.area.name, contact, dataProtection };
    }),
    ...(view === "accessibility" ? { statement: accessibilityStatement(info.accessibility) } : {}),
  });
}
