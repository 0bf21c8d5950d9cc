import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import nunjucks from "nunjucks";
import { stylesheetHref } from "./stylesheet-version.js";

/**
 * Where the templates are. In the repository the views sit beside this file and govuk-frontend's
 * templates in node_modules; in the Lambda bundle both are copied beside index.mjs, and the
 * function's environment says so (WEB_DIR, GOVUK_FRONTEND_DIR).
 */
export function templateDirs(env: { WEB_DIR?: string; GOVUK_FRONTEND_DIR?: string }) {
  const web = env.WEB_DIR ?? import.meta.dirname;
  return {
    views: join(web, "views"),
    /** Our own static files (app.mjs, and signpost.css once `npm run build:css` made it), served at /assets. */
    static: join(web, "static"),
    govukFrontend: env.GOVUK_FRONTEND_DIR ?? govukFrontendDist(),
  };
}

function govukFrontendDist(): string {
  const pkg = createRequire(import.meta.url).resolve("govuk-frontend/package.json");
  return join(dirname(pkg), "dist");
}

export type Render = (view: string, context: Record<string, unknown>) => string;

/**
 * A Nunjucks environment that escapes everything by default; templates compile once per process.
 * `stylesheetHref` (a global) is the stylesheet's URL versioned by the hash of the file in `static`.
 */
export function createRenderer(dirs: { views: string; govukFrontend: string; static?: string }): Render {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([dirs.views, dirs.govukFrontend]), {
    autoescape: true,
    throwOnUndefined: false,
  });
  env.addGlobal(
    "stylesheetHref",
    stylesheetHref(join(dirs.static ?? join(import.meta.dirname, "static"), "signpost.css")),
  );
  return (view, context) => env.render(view, context);
}
