import { councilNames } from "#core/councils/council-names.js";
import { offers } from "#core/councils/offers.js";
import type { LngLat } from "#core/geo.js";
import { normalisePostcode, placePostcode } from "#core/input/postcode.js";
import { NOT_IN_SINGLE_LINE, textMessages } from "#core/input/text-rules.js";
import type { FieldError } from "../../form-errors.js";
import { isReachable, lastQuestion, nextStep, stepPath } from "../journey.js";
import { siteCouncil } from "../page-council.js";
import { paths, withChange } from "../paths.js";
import { type PageContext, type PageResult, page, redirect } from "../web-types.js";
import { afterStep, backTo } from "./navigation.js";

/** "ZX2", "ZX2 1": the start of a postcode, worth offering matches for. */
const PARTIAL_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]?( ?[0-9][A-Z]?)?$/;
const MAX_CHOICES = 30;

/** Where the problem is: a postcode, or coordinates from "Use my current location" (JavaScript). */
export async function locationPage(ctx: PageContext): Promise<PageResult> {
  const { service, journey, request } = ctx;
  if (!isReachable(service, journey, { kind: "location" }))
    return redirect(stepPath(service, nextStep(service, journey)));
  const last = lastQuestion(service, journey);
  const context = (values: Record<string, string>) => ({
    title: "Where is the problem?",
    values,
    backLink: backTo(ctx, last ? paths.question(service.id, last) : paths.start(service.id)),
  });

  if (request.method !== "POST") {
    return page("location.njk", context({ postcode: journey.location?.postcode ?? "" }));
  }
  const form = request.form;
  if (form.method === "coordinates") {
    const point = { lat: Number(form.lat), lng: Number(form.lng) };
    const valid =
      form.lat !== "" &&
      form.lng !== "" &&
      Math.abs(point.lat) <= 90 &&
      Math.abs(point.lng) <= 180 &&
      Number.isFinite(point.lat + point.lng);
    if (!valid) {
      return page("location.njk", context({ postcode: "" }), [
        { field: "postcode", message: "We could not get your location. Enter a postcode instead" },
      ]);
    }
    return placeAt(ctx, point);
  }

  const typed = (form.postcode ?? "").trim();
  const error = (message: string) =>
    page("location.njk", context({ postcode: typed }), [{ field: "postcode", message }]);
  if (typed === "") return error("Enter a postcode");
  // The same refusal as the JSON API's, though normalising would strip the line breaks anyway.
  if (NOT_IN_SINGLE_LINE.test(form.postcode ?? "")) return error(textMessages.singleLine("Postcode"));
  if (typed.length > 16) return error("Enter a real postcode, like ZX2 1FD");
  const postcode = normalisePostcode(typed);
  if (postcode) {
    const place = await placePostcode(ctx.deps.postcodes, postcode);
    if (place.kind === "found") return placeAt(ctx, place.point, postcode);
    if (place.kind === "outside") return redirect(outsidePath(ctx, postcode));
    // In a sector of the district's but not in our table (perhaps brand new): offer its neighbours.
    const change = ctx.change ? "&change=1" : "";
    return page(
      "location.njk",
      {
        ...context({ postcode: typed }),
        unknownSector: {
          sector: place.sector,
          href: `${paths.chooseLocation(service.id)}?q=${encodeURIComponent(place.sector)}${change}`,
        },
      },
      [{ field: "postcode", message: `We could not find ${postcode}. Check the postcode is correct` }],
    );
  }
  const partial = typed.toUpperCase().replace(/\s+/g, " ");
  if (PARTIAL_POSTCODE.test(partial) && ctx.deps.postcodes.search) {
    const matches = await ctx.deps.postcodes.search(partial, MAX_CHOICES);
    if (matches.length === 0) return error(`We could not find any postcodes starting ${partial}`);
    const change = ctx.change ? "&change=1" : "";
    return redirect(`${paths.chooseLocation(service.id)}?q=${encodeURIComponent(partial)}${change}`);
  }
  return error("Enter a real postcode, like ZX2 1FD");
}

/** Several postcodes start with what was typed: let the resident pick theirs. */
export async function chooseLocationPage(ctx: PageContext): Promise<PageResult> {
  const { service, journey, request, deps } = ctx;
  if (!isReachable(service, journey, { kind: "location" }) || !deps.postcodes.search) {
    return redirect(stepPath(service, nextStep(service, journey)));
  }
  const query = (request.method === "POST" ? request.form.q : request.query.get("q")) ?? "";
  const partial = query.toUpperCase().replace(/\s+/g, " ").trim();
  if (!PARTIAL_POSTCODE.test(partial)) return redirect(withChange(paths.location(service.id), ctx.change));
  const matches = await deps.postcodes.search(partial, MAX_CHOICES);
  let errors: FieldError[] = [];
  if (request.method === "POST") {
    const chosen = matches.find((m) => m.postcode === request.form.postcode);
    if (chosen) return placeAt(ctx, chosen.point, chosen.postcode);
    errors = [{ field: "postcode", message: "Select your postcode" }];
  }
  return page(
    "choose-location.njk",
    {
      title: "Select the postcode",
      query: partial,
      matches: matches.map((m) => m.postcode),
      backLink: withChange(paths.location(service.id), ctx.change),
    },
    errors,
  );
}

/**
 * Outside the area: name what was given and where to go instead. On a council's own site, a place
 * in another council this deployment serves is named, with that council's site if it has one.
 */
export function outsidePage(ctx: PageContext): PageResult {
  const postcode = normalisePostcode(ctx.request.query.get("postcode") ?? "");
  const { councils } = ctx.deps;
  const site = siteCouncil(ctx.deps, ctx.request.host);
  const covered = site ? [site] : councils.all;
  const areaNames = covered.map((c) => c.area.name);
  const areaWords =
    areaNames.length <= 1
      ? (areaNames[0] ?? "")
      : `${areaNames.slice(0, -1).join(", ")} or ${areaNames.at(-1)}`;
  const elsewhere = site ? councils.byId(ctx.request.query.get("council") ?? "") : undefined;
  return page("outside.njk", {
    title:
      site || covered.length === 1
        ? `This location is not in ${areaWords}`
        : "This location is not in an area we cover",
    postcode,
    districtName: areaWords,
    councilName: site ? site.name : councilNames(covered),
    ...(elsewhere && elsewhere.id !== site?.id
      ? {
          elsewhere: {
            name: elsewhere.name,
            ...(elsewhere.hostNames[0] ? { href: `https://${elsewhere.hostNames[0]}/` } : {}),
          },
        }
      : {}),
    backLink: paths.location(ctx.service.id),
  });
}

/**
 * The location is kept with the council whose area it is in. Outside every council served, or, on
 * one council's own site, in another's area, or in the area of a council that does not take this
 * service, nothing is kept and the resident is told where the report should go.
 */
function placeAt(ctx: PageContext, point: LngLat, postcode?: string): PageResult {
  const chain = ctx.deps.areas.locate(point);
  const council = chain.local ? ctx.deps.councils.byArea(chain.local.code) : undefined;
  const site = siteCouncil(ctx.deps, ctx.request.host);
  if (!council || (site && site.id !== council.id)) return redirect(outsidePath(ctx, postcode, council?.id));
  if (!offers(council, ctx.service.id)) return redirect(paths.notOffered(ctx.service.id, council.id));
  ctx.journey.location = { lat: point.lat, lng: point.lng, ...(postcode ? { postcode } : {}) };
  ctx.journey.council = council.id;
  return afterStep(ctx);
}

/** The outside-the-area page, naming the postcode when one was given and any council of ours there. */
function outsidePath(ctx: PageContext, postcode?: string, council?: string): string {
  const query = [
    ...(postcode ? [`postcode=${encodeURIComponent(postcode)}`] : []),
    ...(council ? [`council=${encodeURIComponent(council)}`] : []),
  ].join("&");
  return `${paths.outside(ctx.service.id)}${query ? `?${query}` : ""}`;
}
