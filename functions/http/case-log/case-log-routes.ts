import { redirect } from "../page-result.js";
import { createRouter, type Method } from "../router.js";
import { notePost, redrivePost, reroutePost, statusPost, stopProgressEmailsPost } from "./case-actions.js";
import type { CaseLogContext, CaseLogResult } from "./case-log-types.js";
import { casePage } from "./case-page.js";
import { casesPage, countsData } from "./cases-page.js";
import { csvData } from "./csv-export.js";
import {
  directoryPage,
  parishDirectoryPage,
  refreshPost,
  removeOverridePage,
  removeOverridePost,
  setOverridePost,
} from "./directory-pages.js";
import { linkDuplicatePost, unlinkDuplicatePost } from "./duplicate-pages.js";
import { PARISH_CODE_PATTERN, staffPaths } from "./paths.js";
import { reportsPage } from "./reports-page.js";
import { rerouteConfirmPage } from "./reroute-page.js";
import {
  codePage,
  codePost,
  newPasswordPage,
  newPasswordPost,
  setUpAppPage,
  setUpAppPost,
  signInPage,
  signInPost,
  signOutPost,
} from "./sign-in-pages.js";

export interface CaseLogRoute {
  method: Method;
  path: string;
  /**
   * `public` routes are the sign-in steps and sign-out only (a test pins the list); every other
   * route needs a verified staff token: pages redirect to sign-in, data answers 401.
   */
  access: "public" | "signed-in";
  kind: "page" | "data";
  handler: (ctx: CaseLogContext) => CaseLogResult | Promise<CaseLogResult>;
}

type Handler = CaseLogRoute["handler"];
const open = (method: Method, path: string, handler: Handler): CaseLogRoute => ({
  method,
  path,
  access: "public",
  kind: "page",
  handler,
});
const signedIn = (
  method: Method,
  path: string,
  handler: Handler,
  kind: "page" | "data" = "page",
): CaseLogRoute => ({
  method,
  path,
  access: "signed-in",
  kind,
  handler,
});

/** Every route of the case log. Anything not listed is refused (after sign-in: 404). */
export const caseLogRouter = createRouter<CaseLogRoute>(
  [
    open("GET", staffPaths.signIn, signInPage),
    open("POST", staffPaths.signIn, signInPost),
    open("GET", staffPaths.newPassword, newPasswordPage),
    open("POST", staffPaths.newPassword, newPasswordPost),
    open("GET", staffPaths.code, codePage),
    open("POST", staffPaths.code, codePost),
    open("GET", staffPaths.setUpApp, setUpAppPage),
    open("POST", staffPaths.setUpApp, setUpAppPost),
    open("POST", staffPaths.signOut, signOutPost),
    signedIn("GET", "/staff{slash}", () => redirect(staffPaths.cases)),
    signedIn("GET", staffPaths.cases, casesPage),
    signedIn("GET", staffPaths.counts, countsData, "data"),
    signedIn("GET", staffPaths.csv, csvData, "data"),
    signedIn("GET", staffPaths.reports, reportsPage),
    signedIn("POST", staffPaths.status("{reference}"), statusPost),
    signedIn("POST", staffPaths.notes("{reference}"), notePost),
    signedIn("POST", staffPaths.redrive("{reference}"), redrivePost),
    signedIn("POST", staffPaths.reroute("{reference}"), reroutePost),
    signedIn("GET", staffPaths.reroute("{reference}"), rerouteConfirmPage),
    signedIn("POST", staffPaths.stopProgressEmails("{reference}"), stopProgressEmailsPost),
    signedIn("POST", staffPaths.linkDuplicate("{reference}"), linkDuplicatePost),
    signedIn("POST", staffPaths.unlinkDuplicate("{reference}"), unlinkDuplicatePost),
    signedIn("GET", staffPaths.case("{reference}"), (ctx) => casePage(ctx)),
    signedIn("GET", staffPaths.directory, directoryPage),
    signedIn("GET", staffPaths.directoryParish("{parish}"), (ctx) => parishDirectoryPage(ctx)),
    signedIn("POST", staffPaths.directoryOverride("{parish}"), setOverridePost),
    signedIn("GET", staffPaths.directoryRemove("{parish}"), (ctx) => removeOverridePage(ctx)),
    signedIn("POST", staffPaths.directoryRemove("{parish}"), removeOverridePost),
    signedIn("POST", staffPaths.directoryRefresh("{parish}"), refreshPost),
  ],
  {
    reference: { pattern: "[A-Za-z0-9-]{1,40}", example: "SPD-2222-2222" },
    slash: { pattern: "/?", example: "" },
    parish: { pattern: PARISH_CODE_PATTERN, example: "E04999001" },
  },
);

export const caseLogRoutes = caseLogRouter.routes;
