import type { Council } from "#core/councils/council.js";
import { offers } from "#core/councils/offers.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import type { PageResult } from "../page-result.js";
import { page, redirect } from "../page-result.js";
import { createRouter, type Method } from "../router.js";
import type { FormSession } from "./journey-state.js";
import { journeyCouncil, siteCouncil } from "./page-council.js";
import { checkAnswersPage, confirmationPage } from "./pages/check-answers.js";
import { checkReportPage } from "./pages/check-report.js";
import { clerkResponsePage } from "./pages/clerk-response.js";
import { contactPage } from "./pages/contact.js";
import { detailsPage } from "./pages/details.js";
import { chooseLocationPage, locationPage, outsidePage } from "./pages/location.js";
import { notOfferedPage } from "./pages/not-offered.js";
import { questionPage, signpostPage } from "./pages/questions.js";
import { freshJourney, servicesPage, startPage, staticPage } from "./pages/start.js";
import { paths } from "./paths.js";
import type { PageContext, WebAppDeps, WebDeps, WebRequest, WebSiteDeps } from "./web-types.js";

type SitePage = (deps: WebSiteDeps, request: WebRequest) => PageResult;
type ServicePage = (ctx: PageContext, param: string) => PageResult | Promise<PageResult>;
type FormPage = (deps: WebAppDeps, request: WebRequest) => Promise<PageResult>;
/** A clerk's one-click link: outside any journey, its signed token in the path. */
type ClerkPage = (deps: WebAppDeps, request: WebRequest, token: string) => Promise<PageResult>;

type WebRoute = { method: Method; path: string } & (
  | { scope: "site"; handler: SitePage }
  /** `open`: still shown once the report is sent (every other page then shows the confirmation). */
  | { scope: "service"; handler: ServicePage; open?: true }
  /** A site page with a form of its own, outside any journey ("Check your report"). */
  | { scope: "form"; handler: FormPage }
  | { scope: "clerk"; handler: ClerkPage }
);

const site = (path: string, handler: SitePage): WebRoute => ({ method: "GET", path, scope: "site", handler });
const step = (methods: Method[], path: string, handler: ServicePage, open?: true): WebRoute[] =>
  methods.map((method) => ({ method, path, scope: "service", handler, ...(open ? { open } : {}) }));
const start: ServicePage = (ctx) => startPage(ctx.service);
const form = (path: string, handler: FormPage): WebRoute[] =>
  (["GET", "POST"] as const).map((method) => ({ method, path, scope: "form", handler }));
const clerk = (methods: Method[], path: string, handler: ClerkPage): WebRoute[] =>
  methods.map((method) => ({ method, path, scope: "clerk", handler }));

/** Every page of the resident form. */
export const webRoutes = createRouter<WebRoute>(
  [
    site(paths.home, servicesPage),
    site(paths.accessibility, (deps, request) => staticPage(deps, "accessibility", request.host)),
    site(paths.privacy, (deps, request) => staticPage(deps, "privacy", request.host)),
    site(paths.cookies, (deps, request) => staticPage(deps, "cookies", request.host)),
    ...form(paths.checkReport, checkReportPage),
    // Clerks' one-click answers from the report email (before the service pages' templates).
    ...clerk(["GET", "POST"], paths.clerkResponse("{token}"), clerkResponsePage),
    ...step(["GET"], "/{service}", start),
    ...step(["GET", "POST"], "/{service}/questions/{id}", questionPage),
    ...step(["GET"], "/{service}/signposted/{id}", signpostPage),
    ...step(["GET", "POST"], "/{service}/location", locationPage),
    ...step(["GET", "POST"], "/{service}/location/choose", chooseLocationPage),
    ...step(["GET"], "/{service}/outside-area", outsidePage, true),
    ...step(["GET"], "/{service}/not-offered", notOfferedPage),
    ...step(["GET", "POST"], "/{service}/details", detailsPage),
    ...step(["GET", "POST"], "/{service}/contact", contactPage),
    ...step(["GET", "POST"], "/{service}/check-answers", checkAnswersPage),
    ...step(["GET"], "/{service}/confirmation", confirmationPage, true),
  ],
  {
    service: { pattern: "[a-z0-9-]+", example: "speeding" },
    id: { pattern: "[a-z0-9-]+", example: "danger" },
    // Anything in one segment: a malformed link gets the same page as a forged one (the signer checks).
    token: { pattern: "[^/]{1,2048}", example: "k1.e30.signature" },
  },
);

/** The page for a request; a service's pages run inside that service's journey. */
export async function routePage(
  appDeps: WebAppDeps,
  request: WebRequest,
  session: FormSession,
  change: boolean,
): Promise<PageResult> {
  const found = webRoutes.match(request.method, request.path);
  if (!found) return notFoundPage();
  const { route, params } = found;
  if (route.scope === "site") return route.handler(appDeps, request);
  if (route.scope === "form") {
    if (!session.formOpened) session.formOpened = true;
    return route.handler(appDeps, request);
  }
  if (route.scope === "clerk") return route.handler(appDeps, request, params.token ?? "");

  const service = appDeps.services.get(params.service ?? "");
  if (!service) return notFoundPage();
  // A council's own site has only the services that council takes.
  const site = siteCouncil(appDeps, request.host);
  if (site && !offers(site, service.id)) return notFoundPage();
  const deps: WebDeps = { ...appDeps, ...(await appDeps.geodata()) };
  // The start page after a sent report begins a new one; otherwise the journey carries on.
  const isStart = route.handler === start;
  if (isStart && session.journeys[service.id]?.reference) {
    session.journeys[service.id] = freshJourney(deps.ids);
  }
  const journey = (session.journeys[service.id] ??= freshJourney(deps.ids));
  // Once sent, the journey is closed: every page shows the confirmation until a new start.
  if (journey.reference && !isStart && !route.open) return redirect(paths.confirmation(service.id));
  const result = await route.handler({ deps, request, session, service, journey, change }, params.id ?? "");
  return withService(result, service, journeyCouncil(deps, journey, request.host));
}

/**
 * Pages inside a service name it in the header and title, and the council the journey is with once
 * the location says which (a page naming another council, like "outside the area", says so itself).
 */
function withService(
  result: PageResult,
  service: ServiceDefinition,
  council: Council | undefined,
): PageResult {
  return result.kind === "page"
    ? {
        ...result,
        context: {
          ...(council ? { councilName: council.name } : {}),
          ...result.context,
          serviceTitle: service.name,
          serviceHref: paths.start(service.id),
        },
      }
    : result;
}

function notFoundPage(): PageResult {
  return page("not-found.njk", { title: "Page not found" }, [], 404);
}
