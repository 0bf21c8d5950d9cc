import { join } from "node:path";
import nunjucks from "nunjucks";
import type { Render } from "../web/render.js";
import { stylesheetHref } from "../web/stylesheet-version.js";

/**
 * The case log's views (beside this file, or CASE_LOG_DIR in a bundle) and govuk-frontend's. The
 * web function serves the stylesheet; the case log's bundle carries a copy (./case-log/signpost.css)
 * only to hash it, so both link the same versioned URL (`stylesheetHref`).
 */
export function createCaseLogRenderer(dirs: { caseLog?: string; govukFrontend: string }): Render {
  const views = join(dirs.caseLog ?? import.meta.dirname, "views");
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([views, dirs.govukFrontend]), {
    autoescape: true,
    throwOnUndefined: false,
  });
  const stylesheet = dirs.caseLog
    ? join(dirs.caseLog, "signpost.css")
    : join(import.meta.dirname, "..", "web", "static", "signpost.css");
  env.addGlobal("stylesheetHref", stylesheetHref(stylesheet));
  return (view, context) => env.render(view, context);
}
