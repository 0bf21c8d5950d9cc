import { offers } from "#core/councils/offers.js";
import { nextStep, stepPath } from "../journey.js";
import { paths } from "../paths.js";
import { type PageContext, type PageResult, page, redirect } from "../web-types.js";

/**
 * The location is in the area of a council that does not take this service through Signpost: say
 * so, and how to reach that council instead. Nothing was kept (the location included), so the
 * resident can try another place or go to the council directly.
 */
export function notOfferedPage(ctx: PageContext): PageResult {
  const { service, journey, deps, request } = ctx;
  const council = deps.councils.byId(request.query.get("council") ?? "");
  // A hand-made or stale link (no such council, or one that does take it): where the journey stands.
  if (!council || offers(council, service.id)) return redirect(stepPath(service, nextStep(service, journey)));
  return page("not-offered.njk", {
    title: `${council.name} does not take this report through this service`,
    refusing: { name: council.name, areaName: council.area.name },
    contact: deps.publicInfoOf(council).contact,
    serviceName: service.name,
    backLink: paths.location(service.id),
  });
}
