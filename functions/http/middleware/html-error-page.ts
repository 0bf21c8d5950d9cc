import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import {
  ForbiddenError,
  IdempotencyConflictError,
  MethodNotAllowedError,
  NotFoundError,
  SignInRequiredError,
  StaleFormError,
  TooManyRequestsError,
  UnreadableInputError,
} from "#core/errors.js";
import { logger } from "../logger.js";
import { type PageResult, page, redirect } from "../page-result.js";
import type { HtmlMiddleware, HtmlRequest } from "./html-state.js";

const JSON_TYPE = "application/json; charset=utf-8";

/** Which view shows each kind of error page; the words come from `htmlErrorFor`. */
export interface ErrorViews {
  notFound: string;
  staleForm: string;
  problem: string;
  /** A client over its limit of reports (the form); the problem view where there is none. */
  tooManyRequests?: string;
  /** A form sent again with different answers under a submission already made. */
  alreadySent?: string;
}

/**
 * The one place an error becomes a GOV.UK error page, for the form and the case log alike. Known
 * errors get a page that says what to do; anything else is a 500 that says nothing of internals.
 */
export function htmlErrorFor(error: unknown, views: ErrorViews, path?: string): PageResult {
  if (error instanceof SignInRequiredError) {
    return error.forData
      ? { kind: "data", status: 401, contentType: JSON_TYPE, body: '{"error":"sign-in required"}' }
      : redirect(error.signInLocation);
  }
  if (error instanceof NotFoundError || error instanceof MethodNotAllowedError) {
    const message = "There is no such page or case.";
    return page(views.notFound, { title: "Page not found", message }, [], 404);
  }
  if (error instanceof StaleFormError) {
    return page(
      views.staleForm,
      { title: "You need to start again", message: "Go back, reload the page and try again." },
      [],
      403,
    );
  }
  if (error instanceof ForbiddenError) {
    return page(views.problem, { title: "You cannot do that", message: error.message }, [], 403);
  }
  if (error instanceof TooManyRequestsError) {
    const wait = waitText(error.retryAfterSeconds);
    return page(
      views.tooManyRequests ?? views.problem,
      {
        title: "You have sent a lot of reports",
        message: `We have not sent this report. Try again in ${wait}.`,
        wait,
        // The refused page was a form's POST: the same address shows the form again.
        ...(path ? { retryHref: path } : {}),
      },
      [],
      429,
    );
  }
  if (error instanceof IdempotencyConflictError) {
    return page(
      views.alreadySent ?? views.problem,
      {
        title: "You have already sent this report",
        message: "You have already sent a report from this form. Start a new report to send another.",
      },
      [],
      422,
    );
  }
  if (error instanceof UnreadableInputError) {
    return page(
      views.problem,
      {
        title: "Sorry, there is a problem with the service",
        message:
          error.reason === "too-large"
            ? "What you entered is too long to send. Go back and shorten it."
            : "The form was not sent in a way we understand. Go back and try again.",
      },
      [],
      error.reason === "too-large" ? 413 : error.reason === "unsupported-type" ? 415 : 400,
    );
  }
  return page(views.problem, { title: "Sorry, there is a problem with the service" }, [], 500);
}

/** Headers an error page needs besides the page's own: when a client may send again. */
export function htmlErrorHeaders(error: unknown): Record<string, string> {
  return error instanceof TooManyRequestsError ? { "retry-after": String(error.retryAfterSeconds) } : {};
}

/** "45 seconds", "1 minute", "20 minutes": a wait as a resident reads it, rounded up. */
function waitText(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/**
 * Turns any error thrown by a middleware or route into its GOV.UK page, rendered by the app. Expected
 * errors are logged at info; anything else at error, with the path but never the form.
 */
export function htmlErrorPage(options: {
  views: ErrorViews;
  respond: (result: PageResult, request: HtmlRequest) => APIGatewayProxyStructuredResultV2;
}): HtmlMiddleware {
  return {
    onError: function htmlErrorPageOnError(request) {
      if (request.response !== undefined) return;
      const path = request.event.rawPath;
      const result = htmlErrorFor(request.error, options.views, path);
      const status = result.kind === "redirect" ? 303 : (result.status ?? 200);
      if (status >= 500) logger.error("Page failed", { path, error: request.error as Error });
      else logger.info("Page refused", { path, status, error: (request.error as Error).name });
      const response = options.respond(result, request);
      const headers = htmlErrorHeaders(request.error);
      request.response = { ...response, headers: { ...response.headers, ...headers } };
    },
  };
}
