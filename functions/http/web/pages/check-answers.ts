import { offers } from "#core/councils/offers.js";
import { OutsideDistrictError, ValidationError } from "#core/errors.js";
import { reportInputSchema } from "#core/input/report-input.js";
import { countReportReceived } from "../../metrics.js";
import { nextStep, stepPath } from "../journey.js";
import { paths, withChange } from "../paths.js";
import { type PageContext, type PageResult, page, redirect } from "../web-types.js";
import { plannedDestination } from "./destination.js";

/**
 * Check your answers, then send. The whole journey is validated again here by the API's own schema
 * and rules, so nothing a resident did to earlier pages can produce a report the rules reject.
 */
export async function checkAnswersPage(ctx: PageContext): Promise<PageResult> {
  const { service, journey, request } = ctx;
  const next = nextStep(service, journey);
  if (next.kind !== "check") return redirect(stepPath(service, next));
  const context = () => ({
    title: "Check your answers before sending your report",
    rows: summaryRows(ctx),
    destination: plannedDestination(ctx),
    backLink: paths.contact(service.id),
  });
  if (request.method !== "POST") return page("check-answers.njk", context());

  const input = reportInputSchema.safeParse({
    service: service.id,
    answers: journey.answers,
    location: journey.location?.postcode
      ? { postcode: journey.location.postcode }
      : { lat: journey.location?.lat, lng: journey.location?.lng },
    description: journey.details?.description,
    ...(journey.details?.when ? { when: journey.details.when } : {}),
    ...(journey.details?.roadName ? { roadName: journey.details.roadName } : {}),
    ...(hasContact(journey.contact) ? { reporter: journey.contact } : {}),
  });
  if (!input.success) {
    return page("check-answers.njk", context(), [
      { field: "submit", message: "Some answers are missing or wrong. Check and change them" },
    ]);
  }
  // Placed before its council stopped taking this service (a config change mid-journey): told so.
  const council = journey.council ? ctx.deps.councils.byId(journey.council) : undefined;
  if (council && !offers(council, service.id)) return redirect(paths.notOffered(service.id, council.id));
  try {
    const result = await ctx.deps.submitReport(input.data, {
      idempotencyKey: journey.submissionToken,
      client: ctx.request.client,
    });
    countReportReceived(result);
    if (result.outcome === "signpost") return redirect(paths.signpost(service.id, result.ruleId));
    journey.reference = result.reference;
    return redirect(paths.confirmation(service.id));
  } catch (error) {
    if (error instanceof OutsideDistrictError) return redirect(paths.outside(service.id));
    if (error instanceof ValidationError) {
      return page("check-answers.njk", context(), [
        { field: "submit", message: error.issues[0]?.message ?? "Check your answers" },
      ]);
    }
    throw error;
  }
}

/**
 * Sent: the reference in a panel, and what happens next: who has it, how soon they usually respond
 * (publicInfo.responseTimes), whether we will email progress, and how to check on it later.
 */
export function confirmationPage(ctx: PageContext): PageResult {
  const { service, journey } = ctx;
  if (!journey.reference) return redirect(stepPath(service, nextStep(service, journey)));
  const destination = plannedDestination(ctx);
  // Response times are the council's own and its parishes'; other bodies make no promise here.
  const times = destination ? ctx.deps.publicInfoOf(destination.council).responseTimes : undefined;
  const workingDays =
    times &&
    (destination?.kind === "parish"
      ? times.parishWorkingDays
      : destination?.kind === "district"
        ? times.districtWorkingDays
        : undefined);
  const contact = journey.contact;
  return page("confirmation.njk", {
    title: "Report sent",
    reference: journey.reference,
    destination,
    emailGiven: Boolean(contact?.email),
    // The contact page's "email me when there is progress" (an email address is needed for it).
    wantsUpdates: Boolean(contact?.email && contact.wantsUpdates === true),
    responseTime: workingDays
      ? workingDays === 1
        ? "1 working day"
        : `${workingDays} working days`
      : undefined,
    // "Check your report" asks for the email address or the postcode given: without either, it cannot.
    checkWith: checkWith(Boolean(contact?.email), Boolean(journey.location?.postcode)),
    councilName: destination?.council.name ?? ctx.deps.councilName,
  });
}

/** What "Check your report" will ask this resident for, in words; undefined when they gave neither. */
function checkWith(email: boolean, postcode: boolean): string | undefined {
  if (email && postcode) return "the email address or postcode you gave";
  if (email) return "the email address you gave";
  return postcode ? "the postcode you gave" : undefined;
}

function hasContact(contact: PageContext["journey"]["contact"]): boolean {
  return Boolean(contact && (contact.name || contact.email || contact.phone));
}

interface Row {
  key: string;
  value: string;
  href: string;
  hidden: string;
}

function summaryRows(ctx: PageContext): { answers: Row[]; report: Row[]; contact: Row[] } {
  const { service, journey } = ctx;
  const id = service.id;
  const answers = service.questions
    .filter((q) => journey.answers[q.id] !== undefined)
    .map((q) => ({
      key: q.title,
      value: q.options.find((o) => o.value === journey.answers[q.id])?.label ?? "",
      href: withChange(paths.question(id, q.id), true),
      hidden: q.title.toLowerCase().replace(/\?$/, ""),
    }));
  const location = journey.location;
  const place =
    location?.postcode ?? `${location?.lat.toFixed(5)}, ${location?.lng.toFixed(5)} (your current location)`;
  const report: Row[] = [
    { key: "Location", value: place, href: withChange(paths.location(id), true), hidden: "location" },
    {
      key: service.details.description.label,
      // Some services do not need a description.
      value: journey.details?.description || "Not given",
      href: withChange(paths.details(id), true),
      hidden: "description",
    },
  ];
  if (service.details.when) {
    report.push({
      key: service.details.when.label.replace(/ \(optional\)$/, ""),
      value: journey.details?.when ?? "Not given",
      href: withChange(paths.details(id), true),
      hidden: "when it happens",
    });
  }
  if (service.details.roadName) {
    report.push({
      key: service.details.roadName.label.replace(/ \(optional\)$/, ""),
      value: journey.details?.roadName ?? "Not given",
      href: withChange(paths.details(id), true),
      hidden: "where it is",
    });
  }
  const c = journey.contact;
  const contact: Row[] = [
    { key: "Name", value: c?.name ?? "Not given", href: withChange(paths.contact(id), true), hidden: "name" },
    {
      key: "Email",
      value: c?.email ?? "Not given",
      href: withChange(paths.contact(id), true),
      hidden: "email",
    },
    {
      key: "Telephone",
      value: c?.phone ?? "Not given",
      href: withChange(paths.contact(id), true),
      hidden: "telephone",
    },
  ];
  contact.push({
    key: "Progress emails",
    value: c?.wantsUpdates && c.email ? "Yes, email me when there is progress" : "No",
    href: withChange(paths.contact(id), true),
    hidden: "whether to email you when there is progress",
  });
  const destination = plannedDestination(ctx);
  if (destination?.kind === "parish") {
    contact.push({
      key: `Share with the ${destination.kindWords}`,
      value: c?.shareWithParish ? "Yes" : "No",
      href: withChange(paths.contact(id), true),
      hidden: "whether to share your details",
    });
  }
  return { answers, report, contact };
}
