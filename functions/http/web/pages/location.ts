import type { LngLat } from "#core/geo.js";
import { normalisePostcode, placePostcode } from "#core/input/postcode.js";
import { NOT_IN_SINGLE_LINE, textMessages } from "#core/input/text-rules.js";
import type { FieldError } from "../../form-errors.js";
import { isReachable, lastQuestion, nextStep, stepPath } from "../journey.js";
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

/** Outside the district: name what was given and where to go instead. */
export function outsidePage(ctx: PageContext): PageResult {
  const postcode = normalisePostcode(ctx.request.query.get("postcode") ?? "");
  return page("outside.njk", {
    title: `This location is not in ${ctx.deps.boundaries.district.name}`,
    postcode,
    districtName: ctx.deps.boundaries.district.name,
    backLink: paths.location(ctx.service.id),
  });
}

function placeAt(ctx: PageContext, point: LngLat, postcode?: string): PageResult {
  const located = ctx.deps.boundaries.locate(point);
  if (located.kind === "outside") return redirect(outsidePath(ctx, postcode));
  ctx.journey.location = { lat: point.lat, lng: point.lng, ...(postcode ? { postcode } : {}) };
  return afterStep(ctx);
}

/** The outside-the-area page, naming the postcode when one was given. */
function outsidePath(ctx: PageContext, postcode?: string): string {
  const query = postcode ? `?postcode=${encodeURIComponent(postcode)}` : "";
  return `${paths.outside(ctx.service.id)}${query}`;
}
