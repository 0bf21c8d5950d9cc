import { reportInputSchema } from "#core/input/report-input.js";
import { fieldIssues } from "../../zod-issues.js";
import { isReachable, nextStep, stepPath } from "../journey.js";
import { paths } from "../paths.js";
import { type PageContext, type PageResult, page, redirect } from "../web-types.js";
import { plannedDestination } from "./destination.js";
import { afterStep, backTo } from "./navigation.js";

const reporterSchema = reportInputSchema.shape.reporter.unwrap();

/**
 * Optional contact details. A parish's body sees them only if the resident ticks the consent box;
 * the district always can, as the data controller. A resident who gives an email address may also
 * ask for progress emails (ticked without an address, the schema asks for one).
 */
export function contactPage(ctx: PageContext): PageResult {
  const { service, journey, request } = ctx;
  if (!isReachable(service, journey, { kind: "contact" }))
    return redirect(stepPath(service, nextStep(service, journey)));
  const destination = plannedDestination(ctx);
  const context = (values: Record<string, unknown>) => ({
    title: "Your contact details (optional)",
    values,
    destination,
    councilName: destination?.council.name ?? ctx.deps.councilName,
    backLink: backTo(ctx, paths.details(service.id)),
  });
  if (request.method !== "POST") {
    return page(
      "contact.njk",
      context({
        ...journey.contact,
        shareWithParish: journey.contact?.shareWithParish ?? false,
        wantsUpdates: journey.contact?.wantsUpdates ?? false,
      }),
    );
  }

  const form = request.form;
  const values = {
    name: form.name ?? "",
    email: form.email ?? "",
    phone: form.phone ?? "",
    // Consent to share with whoever the report goes to, if that is not the council itself.
    shareWithParish:
      destination !== undefined && destination.kind !== "district" && form.shareWithParish === "yes",
    wantsUpdates: form.wantsUpdates === "yes",
  };
  const parsed = reporterSchema.safeParse({
    ...(values.name.trim() ? { name: values.name } : {}),
    // Untrimmed: the schema refuses a line break even at the end, then trims.
    ...(values.email.trim() ? { email: values.email } : {}),
    ...(values.phone.trim() ? { phone: values.phone } : {}),
    shareWithParish: values.shareWithParish,
    ...(values.wantsUpdates ? { wantsUpdates: true } : {}),
  });
  if (!parsed.success) {
    const errors = fieldIssues(parsed.error).map((e) => ({ field: e.field, message: e.message }));
    return page("contact.njk", context(values), errors);
  }
  journey.contact = parsed.data;
  return afterStep(ctx);
}
