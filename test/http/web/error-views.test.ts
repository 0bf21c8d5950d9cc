import { describe, expect, it } from "vitest";
import { IdempotencyConflictError, TooManyRequestsError } from "#core/errors.js";
import { htmlErrorFor } from "../../../functions/http/middleware/html-error-page.js";
import { paths } from "../../../functions/http/web/paths.js";
import { createRenderer, templateDirs } from "../../../functions/http/web/render.js";

// The form's own error pages for limits and reused submissions, rendered from the views the
// mapper names, with the context it gives.

const render = createRenderer(templateDirs({}));
const views = {
  notFound: "not-found.njk",
  staleForm: "session-expired.njk",
  problem: "error.njk",
  tooManyRequests: "too-many-reports.njk",
  alreadySent: "already-sent.njk",
};

function html(error: unknown, path?: string): string {
  const result = htmlErrorFor(error, views, path);
  if (result.kind !== "page") throw new Error("expected a page");
  return render(result.view, { ...result.context, councilName: "Exampleshire Vale", links: paths });
}

describe("the form's pages for a client over its limit and a form already sent", () => {
  it("says what happened, how long to wait, and links back to the answers", () => {
    const page = html(new TooManyRequestsError(120, "per minute"), "/speeding/check-answers");
    expect(page).toContain("<title>You have sent a lot of reports – Exampleshire Vale</title>");
    expect(page).toContain('<h1 class="govuk-heading-l">You have sent a lot of reports</h1>');
    expect(page).toContain("We have not sent this report. We have kept your answers.");
    expect(page).toContain("Try again in 2 minutes.");
    expect(page).toContain('href="/speeding/check-answers"');
  });

  it("tells a resident who changed a sent form that nothing more was sent, and how to start again", () => {
    const page = html(new IdempotencyConflictError("token"));
    expect(page).toContain('<h1 class="govuk-heading-l">You have already sent this report</h1>');
    expect(page).toContain(`href="${paths.home}"`);
    expect(page).not.toContain("token");
  });
});
