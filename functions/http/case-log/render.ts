import { join } from "node:path";
import nunjucks from "nunjucks";
import type { Render } from "../web/render.js";

/** The case log's views (beside this file, or CASE_LOG_DIR in a bundle) and govuk-frontend's. */
export function createCaseLogRenderer(dirs: { caseLog?: string; govukFrontend: string }): Render {
  const views = join(dirs.caseLog ?? import.meta.dirname, "views");
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([views, dirs.govukFrontend]), {
    autoescape: true,
    throwOnUndefined: false,
  });
  return (view, context) => env.render(view, context);
}
