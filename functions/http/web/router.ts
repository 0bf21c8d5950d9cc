import type { FormSession } from "./journey-state.js";
import { chooseLocationPage, locationPage, outsidePage } from "./pages/location.js";
import { checkAnswersPage, confirmationPage } from "./pages/check-answers.js";
import { contactPage } from "./pages/contact.js";
import { detailsPage } from "./pages/details.js";
import { questionPage, signpostPage } from "./pages/questions.js";
import { freshJourney, servicesPage, startPage, staticPage } from "./pages/start.js";
import { type PageContext, type PageResult, page, type WebDeps, type WebRequest } from "./web-types.js";

type ServicePage = (ctx: PageContext, param: string) => PageResult | Promise<PageResult>;

/** Pages under /{service}/…: [path after the service, methods, handler]. */
const servicePages: Array<[RegExp, string[], ServicePage]> = [
  [/^\/questions\/([a-z0-9-]+)$/, ["GET", "POST"], questionPage],
  [/^\/signposted\/([a-z0-9-]+)$/, ["GET"], signpostPage],
  [/^\/location$/, ["GET", "POST"], locationPage],
  [/^\/location\/choose$/, ["GET", "POST"], chooseLocationPage],
  [/^\/outside-area$/, ["GET"], outsidePage],
  [/^\/details$/, ["GET", "POST"], detailsPage],
  [/^\/contact$/, ["GET", "POST"], contactPage],
  [/^\/check-answers$/, ["GET", "POST"], checkAnswersPage],
  [/^\/confirmation$/, ["GET"], confirmationPage],
];

const STATIC = { "/accessibility": "accessibility", "/privacy": "privacy", "/cookies": "cookies" } as const;

export async function routePage(
  deps: WebDeps,
  request: WebRequest,
  session: FormSession,
  change: boolean,
): Promise<PageResult> {
  const { path, method } = request;
  if (path === "/" && method === "GET") return servicesPage(deps);
  if (path in STATIC && method === "GET") return staticPage(deps, STATIC[path as keyof typeof STATIC]);

  const match = /^\/([a-z0-9-]+)(\/.*)?$/.exec(path);
  const service = match ? deps.services.get(match[1] as string) : undefined;
  if (!service) return notFoundPage();
  const rest = match?.[2] ?? "";
  // The start page after a sent report begins a new one; otherwise the journey carries on.
  if (rest === "" && method === "GET" && session.journeys[service.id]?.reference) {
    session.journeys[service.id] = freshJourney();
  }
  const journey = (session.journeys[service.id] ??= freshJourney());
  if (rest === "" && method === "GET") return withService(startPage(service), service.name, `/${service.id}`);

  for (const [pattern, methods, handler] of servicePages) {
    const found = pattern.exec(rest);
    if (!found || !methods.includes(method)) continue;
    // Once sent, the journey is closed: every page shows the confirmation until a new start.
    if (journey.reference && handler !== confirmationPage && handler !== outsidePage) {
      return { kind: "redirect", location: `/${service.id}/confirmation` };
    }
    const result = await handler({ deps, request, session, service, journey, change }, found[1] ?? "");
    return withService(result, service.name, `/${service.id}`);
  }
  return notFoundPage();
}

/** Pages inside a service name it in the header and title. */
function withService(result: PageResult, serviceTitle: string, serviceHref: string): PageResult {
  return result.kind === "page"
    ? { ...result, context: { ...result.context, serviceTitle, serviceHref } }
    : result;
}

function notFoundPage(): PageResult {
  return page("not-found.njk", { title: "Page not found" }, [], 404);
}
