import { MAX_DESCRIPTION_LENGTH, reportInputSchema } from "#core/input/report-input.js";
import { fieldIssues } from "../../zod-issues.js";
import { isReachable, nextStep, stepPath } from "../journey.js";
import { paths } from "../paths.js";
import { type PageContext, type PageResult, page, redirect } from "../web-types.js";
import { afterStep, backTo } from "./navigation.js";

// The same field rules as the JSON API, so the form cannot accept what the API would refuse.
const detailsSchema = reportInputSchema.pick({ description: true, when: true, roadName: true });

/** What is happening, when, and on which road; labels come from the service definition. */
export function detailsPage(ctx: PageContext): PageResult {
  const { service, journey, request } = ctx;
  if (!isReachable(service, journey, { kind: "details" }))
    return redirect(stepPath(service, nextStep(service, journey)));
  const context = (values: Record<string, string>) => ({
    title: service.details.description.label,
    labels: service.details,
    descriptionMax: MAX_DESCRIPTION_LENGTH,
    values,
    backLink: backTo(ctx, paths.location(service.id)),
  });
  if (request.method !== "POST") return page("details.njk", context({ ...journey.details }));

  const values = {
    description: request.form.description ?? "",
    ...(service.details.when ? { when: request.form.when ?? "" } : {}),
    ...(service.details.roadName ? { roadName: request.form.roadName ?? "" } : {}),
  };
  const parsed = detailsSchema.safeParse({
    description: values.description,
    ...(values.when?.trim() ? { when: values.when } : {}),
    ...(values.roadName?.trim() ? { roadName: values.roadName } : {}),
  });
  // The schema takes an empty description; the service says whether it needs one.
  const missing =
    service.details.description.required !== false && values.description.trim() === ""
      ? [{ field: "description", message: service.details.description.errorMessage }]
      : [];
  const errors = [...missing, ...(parsed.success ? [] : fieldIssues(parsed.error))];
  if (!parsed.success || errors.length > 0) return page("details.njk", context(values), errors);
  journey.details = {
    description: parsed.data.description,
    ...(parsed.data.when ? { when: parsed.data.when } : {}),
    ...(parsed.data.roadName ? { roadName: parsed.data.roadName } : {}),
  };
  return afterStep(ctx);
}
