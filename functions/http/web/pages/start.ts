import type { Ids } from "#core/ports/ids.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import { accessibilityStatement } from "../accessibility-statement.js";
import type { JourneyState } from "../journey-state.js";
import { paths } from "../paths.js";
import { type PageResult, page, type WebSiteDeps } from "../web-types.js";

/** The list of services: the front door of the form. */
export function servicesPage(deps: WebSiteDeps): PageResult {
  return page("services.njk", {
    title: "Report a problem",
    services: [...deps.services.values()].map((s) => ({
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

export function staticPage(deps: WebSiteDeps, view: "accessibility" | "privacy" | "cookies"): PageResult {
  const titles = {
    accessibility: "Accessibility statement",
    privacy: "Privacy notice",
    cookies: "Cookies",
  };
  return page(`${view}.njk`, {
    title: titles[view],
    councilName: deps.councilName,
    retentionYears: Math.round((deps.retentionDays / 365) * 10) / 10,
    retentionDays: deps.retentionDays,
    contact: deps.publicInfo.contact,
    dataProtection: deps.publicInfo.dataProtection,
    ...(view === "accessibility" ? { statement: accessibilityStatement(deps.publicInfo.accessibility) } : {}),
  });
}
