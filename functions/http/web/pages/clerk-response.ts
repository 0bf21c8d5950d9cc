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
    // The reason is the only field; anything else (the case is being sent just now) is said there too.
    const errors = error.issues.map((i) => ({ field: "reason", message: i.message }));
    return confirmation(deps, app, state.claims, state.report, errors, { reason: request.form.reason ?? "" });
  }
}

type ClerkApp = NonNullable<Awaited<ReturnType<NonNullable<WebAppDeps["clerkLinks"]>>>>;

/** What each link does, as the button's page says it. */
const ACTION_TITLES: Record<ClerkAction, string> = {
  received: "Tell the district council you have received this report",
  "in-progress": "Mark this report as in progress",
  "not-for-us": "Send this report back to the district council",
};

const BUTTONS: Record<ClerkAction, string> = {
  received: "Confirm we have received it",
  "in-progress": "Mark as in progress",
  "not-for-us": "Send it back",
};

/** What a used link did, after "It was used on <date> to". */
const DID: Record<ClerkAction, string> = {
  received: "tell the district council you have received this report",
  "in-progress": "mark this report as in progress",
  "not-for-us": "send this report back to the district council",
};

function show(deps: WebAppDeps, app: ClerkApp, outcome: ClerkLinkOutcome): PageResult {
  if (outcome.kind === "ready") return confirmation(deps, app, outcome.claims, outcome.report);
  if (outcome.kind === "done") return done(deps, app, outcome.claims, outcome.report);
  return refusal(deps, outcome, app);
}

/** The case as the clerk may read it without signing in: nothing about the resident. */
function summary(deps: WebAppDeps, app: ClerkApp, claims: ClerkLinkClaims, report: Case) {
  return [
    { key: { text: "Reference" }, value: { text: report.reference } },
    { key: { text: "Problem" }, value: { text: deps.services.get(report.service)?.name ?? report.service } },
    { key: { text: "Sent to" }, value: { text: app.bodyName(claims.destination) } },
    { key: { text: "Reported" }, value: { text: londonDateTimeWords(report.createdAt) } },
  ];
}

function confirmation(
  deps: WebAppDeps,
  app: ClerkApp,
  claims: ClerkLinkClaims,
  report: Case,
  errors: FieldError[] = [],
  values: { reason?: string } = {},
): PageResult {
  const body = app.bodyName(claims.destination);
  const residentTold: Record<ClerkAction, string> = {
    received: `The district council will see that ${body} has it. If the resident asked for updates, we will email them to say ${body} has received their report and will look at it.`,
    "in-progress": `The report will be marked as in progress. If the resident asked for updates, we will email them to say ${body} is dealing with it.`,
    "not-for-us": `${deps.councilName} will get the report instead, with your reason. If the resident asked for updates, we will email them to say it has gone to ${deps.councilName}. They will not see your reason.`,
  };
  return page(
    "clerk-response.njk",
    {
      title: ACTION_TITLES[claims.action],
      action: claims.action,
      summary: summary(deps, app, claims, report),
      explanation: residentTold[claims.action],
      button: BUTTONS[claims.action],
      maxLength: MAX_NOTE_LENGTH,
      values,
    },
    errors,
  );
}

function done(deps: WebAppDeps, app: ClerkApp, claims: ClerkLinkClaims, report: Case): PageResult {
  const panel: Record<ClerkAction, string> = {
    received: "Report marked as received",
    "in-progress": "Report marked as in progress",
    "not-for-us": `Report sent back to ${deps.councilName}`,
  };
  return page("clerk-done.njk", {
    title: panel[claims.action],
    reference: report.reference,
    summary: summary(deps, app, claims, report),
    notForUs: claims.action === "not-for-us",
    contact: deps.publicInfo.contact,
  });
}

type Refusal = Exclude<ClerkLinkOutcome, { kind: "ready" } | { kind: "done" }>;

function refusal(deps: WebAppDeps, outcome: Refusal, app?: ClerkApp): PageResult {
  const contact = deps.publicInfo.contact;
  const base = { contact, councilName: deps.councilName };
  switch (outcome.kind) {
    case "invalid":
      return page(
        "clerk-refused.njk",
        {
          ...base,
          title: "This link does not work",
          paragraphs: [
            "The link may be incomplete: some email programs split long links over two lines. Try selecting the link in the email again.",
            "If it still does not work, reply to the email the report came in. Your reply goes to the district council.",
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
            "To tell the district council about this report, reply to the email it came in, or contact them and give the reference from the email.",
          ],
        },
        [],
        410,
      );
    default:
      break;
  }
  const { claims, report } = outcome;
  const summaryList = app ? summary(deps, app, claims, report) : [];
  const body = app?.bodyName(claims.destination) ?? "your council";
  const withRef = `give the reference ${report.reference}`;
  switch (outcome.kind) {
    case "used":
      return page("clerk-refused.njk", {
        ...base,
        title: "This link has already been used",
        summary: summaryList,
        paragraphs: [
          `It was used on ${londonDateTimeWords(outcome.at)} to ${DID[claims.action]}. Each link works once.`,
          `If that was a mistake, reply to the email the report came in, or contact the district council and ${withRef}.`,
        ],
      });
    case "moved":
      return page(
        "clerk-refused.njk",
        {
          ...base,
          title: `This report is no longer with ${body}`,
          summary: summaryList,
          paragraphs: [
            "It has been sent to another council since the email, so this link no longer works. You do not need to do anything.",
            `If you have a question about it, contact the district council and ${withRef}.`,
          ],
        },
        [],
        409,
      );
    case "closed":
      return page(
        "clerk-refused.njk",
        {
          ...base,
          title: "This report is closed",
          summary: summaryList,
          paragraphs: [
            "The district council has closed this report, so this link no longer does anything.",
            `If you think it needs looking at again, contact the district council and ${withRef}.`,
          ],
        },
        [],
        409,
      );
    case "already-in-progress":
      return page("clerk-refused.njk", {
        ...base,
        title: "This report is already in progress",
        summary: summaryList,
        paragraphs: [
          "Nothing has changed: the report was already marked as in progress.",
          `If you have a question about it, contact the district council and ${withRef}.`,
        ],
      });
  }
}
