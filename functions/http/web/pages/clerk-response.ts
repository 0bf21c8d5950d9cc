import type { Case } from "#core/case/case.js";
import { londonDateTimeWords } from "#core/case/london-time.js";
import { ValidationError } from "#core/errors.js";
import type { ClerkAction, ClerkLinkClaims } from "#core/links/clerk-link.js";
import type { ClerkLinkOutcome } from "#core/use-cases/clerk-response.js";
import { MAX_NOTE_LENGTH } from "#core/use-cases/staff-actions.js";
import type { FieldError } from "../../form-errors.js";
import { page, type PageResult } from "../../page-result.js";
import type { WebAppDeps, WebRequest } from "../web-types.js";

/**
 * The page a clerk's one-click link opens (GET: what the link will do, and a button) and the
 * answer (POST). Every refusal is a page of its own saying what to do instead; a bad link is one
 * 404 whatever is wrong with it, so the page tells nothing about the keys.
 */
export async function clerkResponsePage(
  deps: WebAppDeps,
  request: WebRequest,
  token: string,
): Promise<PageResult> {
  const app = deps.clerkLinks ? await deps.clerkLinks() : undefined;
  if (!app) return refusal(deps, { kind: "invalid" });
  if (request.method !== "POST") return show(deps, app, await app.response.inspect(token));
  try {
    return show(deps, app, await app.response.respond(token, { reason: request.form.reason ?? "" }));
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const state = await app.response.inspect(token);
    if (state.kind !== "ready") return show(deps, app, state);
    // The reason is the only field. Anything else (someone changed the case, it is being sent just
    // now) is about the page, not a field: said in the error summary with no link.
    const reason = error.issues.filter((i) => i.field === "reason");
    const problems = error.issues.filter((i) => i.field !== "reason").map((i) => i.message);
    return confirmation(deps, app, state.claims, state.report, {
      errors: reason.map((i) => ({ field: "reason", message: i.message })),
      problems,
      values: { reason: request.form.reason ?? "" },
    });
  }
}

type ClerkApp = NonNullable<Awaited<ReturnType<NonNullable<WebAppDeps["clerkLinks"]>>>>;

/** What each link does, as the button's page says it, naming the case's council. */
const actionTitles = (council: string): Record<ClerkAction, string> => ({
  received: `Tell ${council} you have received this report`,
  "in-progress": "Mark this report as in progress",
  "not-for-us": `Send this report back to ${council}`,
});

const BUTTONS: Record<ClerkAction, string> = {
  received: "Confirm we have received it",
  "in-progress": "Mark as in progress",
  "not-for-us": "Send it back",
};

/** What a used link did, after "It was used on <date> to". */
const did = (council: string): Record<ClerkAction, string> => ({
  received: `tell ${council} you have received this report`,
  "in-progress": "mark this report as in progress",
  "not-for-us": `send this report back to ${council}`,
});

function show(deps: WebAppDeps, app: ClerkApp, outcome: ClerkLinkOutcome): PageResult {
  if (outcome.kind === "ready") return confirmation(deps, app, outcome.claims, outcome.report);
  if (outcome.kind === "done") return done(deps, app, outcome);
  return refusal(deps, outcome, app);
}

/**
 * The case as the clerk may read it without signing in: nothing about the resident. "With" is
 * where the case is now (after a "not for us", or on a link of a case moved since, the district or
 * another parish), not where the link's email went.
 */
function summary(deps: WebAppDeps, app: ClerkApp, report: Case) {
  return [
    { key: { text: "Reference" }, value: { text: report.reference } },
    { key: { text: "Problem" }, value: { text: deps.services.get(report.service)?.name ?? report.service } },
    { key: { text: "With" }, value: { text: app.bodyName(report.destination.code) } },
    { key: { text: "Reported" }, value: { text: londonDateTimeWords(report.createdAt) } },
  ];
}

/**
 * The council whose case it is, and how clerks reach its team: its own mailbox and the council's
 * phone, never "reply". Without a case (a link that does not work), the council the form is for.
 */
const contactOf = (deps: WebAppDeps, app?: ClerkApp, report?: Case) => {
  const council = report && app?.councilOf?.(report);
  return {
    name: council?.name ?? deps.councilName,
    email: council?.email ?? app?.districtEmail ?? deps.publicInfo.contact.email,
    phone: deps.publicInfo.contact.phone,
  };
};

function confirmation(
  deps: WebAppDeps,
  app: ClerkApp,
  claims: ClerkLinkClaims,
  report: Case,
  shown: { errors?: FieldError[]; problems?: string[]; values?: { reason?: string } } = {},
): PageResult {
  const errors = shown.errors ?? [];
  const problems = shown.problems ?? [];
  const body = app.bodyName(claims.destination);
  const council = contactOf(deps, app, report).name;
  const residentTold: Record<ClerkAction, string> = {
    received: `${council} will see that ${body} has it. If the resident asked for updates, we will email them to say ${body} has received their report and will look at it.`,
    "in-progress": `The report will be marked as in progress. If the resident asked for updates, we will email them to say ${body} is dealing with it.`,
    "not-for-us": `${council} will get the report instead, with your reason. If the resident asked for updates, we will email them to say it has gone to ${council}. They will not see your reason.`,
  };
  const result = page(
    "clerk-response.njk",
    {
      title: actionTitles(council)[claims.action],
      action: claims.action,
      summary: summary(deps, app, report),
      explanation: residentTold[claims.action],
      button: BUTTONS[claims.action],
      maxLength: MAX_NOTE_LENGTH,
      values: shown.values ?? {},
    },
    errors,
  );
  if (result.kind !== "page" || problems.length === 0) return result;
  // A page-level problem: the summary lists it without a link (there is no field to go to).
  const listed = (result.context.errorList as { text: string; href?: string }[] | undefined) ?? [];
  return {
    ...result,
    context: { ...result.context, errorList: [...problems.map((text) => ({ text })), ...listed] },
    status: errors.length ? 400 : 409,
  };
}

function done(
  deps: WebAppDeps,
  app: ClerkApp,
  outcome: Extract<ClerkLinkOutcome, { kind: "done" }>,
): PageResult {
  const { claims, report } = outcome;
  const contact = contactOf(deps, app, report);
  const panel: Record<ClerkAction, string> = {
    received: "Report marked as received",
    "in-progress": "Report marked as in progress",
    "not-for-us": `Report sent back to ${contact.name}`,
  };
  return page("clerk-done.njk", {
    title: panel[claims.action],
    reference: report.reference,
    summary: summary(deps, app, report),
    notForUs: claims.action === "not-for-us",
    residentEmailed: outcome.residentEmailed,
    contact,
  });
}

type Refusal = Exclude<ClerkLinkOutcome, { kind: "ready" } | { kind: "done" }>;

/**
 * Every refusal is a 4xx: the link did nothing. A link that is not one is 404, one past its date
 * 410; one the case's state or its own use refuses (used, being used now, moved, closed, already
 * in progress) is 409, a conflict with the state of the case, whether the GET or the POST meets it.
 */
function refusal(deps: WebAppDeps, outcome: Refusal, app?: ClerkApp): PageResult {
  const contact = contactOf(deps, app, "report" in outcome ? outcome.report : undefined);
  const base = { contact, councilName: contact.name };
  const write = `email ${contact.name} at ${contact.email} or call ${contact.phone}`;
  switch (outcome.kind) {
    case "invalid":
      return page(
        "clerk-refused.njk",
        {
          ...base,
          title: "This link does not work",
          paragraphs: [
            "The link may be incomplete: some email programs split long links over two lines. Try selecting the link in the email again.",
            `If it still does not work, ${write}, and give the reference from the email.`,
          ],
        },
        [],
        404,
      );
    case "expired":
      return page(
        "clerk-refused.njk",
        {
          ...base,
          title: "This link has expired",
          paragraphs: [
            "The links in a report email work for 30 days.",
            `To tell ${contact.name} about this report, ${write}, and give the reference from the email.`,
          ],
        },
        [],
        410,
      );
    default:
      break;
  }
  const { claims, report } = outcome;
  const summaryList = app ? summary(deps, app, report) : [];
  const body = app?.bodyName(claims.destination) ?? "your council";
  const now = app?.bodyName(report.destination.code) ?? "another council";
  const withRef = `${write}, and give the reference ${report.reference}`;
  const conflict = (title: string, paragraphs: string[]) =>
    page("clerk-refused.njk", { ...base, title, summary: summaryList, paragraphs }, [], 409);
  switch (outcome.kind) {
    case "used":
      return conflict("This link has already been used", [
        `It was used on ${londonDateTimeWords(outcome.at)} to ${did(contact.name)[claims.action]}. Each link works once.`,
        `If that was a mistake, ${withRef}.`,
      ]);
    case "in-hand":
      return conflict("This link is being used now", [
        `Someone pressed the button on this link moments ago, and ${contact.name} is dealing with that answer: to ${did(contact.name)[claims.action]}. You do not need to press it again.`,
        "Open the link again in a minute to check it went through.",
      ]);
    case "moved":
      return conflict(`This report is no longer with ${body}`, [
        `It is now with ${now}, so this link no longer works. You do not need to do anything.`,
        `If you have a question about it, ${withRef}.`,
      ]);
    case "closed":
      return conflict("This report is closed", [
        `${contact.name} has closed this report, so this link no longer does anything.`,
        `If you think it needs looking at again, ${withRef}.`,
      ]);
    case "already-in-progress":
      return conflict("This report is already in progress", [
        "Nothing has changed: the report was already marked as in progress.",
        `If you have a question about it, ${withRef}.`,
      ]);
  }
}
