import type { CaseLogContext, CaseLogResult } from "./case-log-types.js";
import {
  casePage,
  casesPage,
  countsData,
  csvData,
  notePost,
  redrivePost,
  reroutePost,
  statusPost,
} from "./pages.js";
import { staffPaths } from "./paths.js";
import {
  codePage,
  codePost,
  newPasswordPage,
  newPasswordPost,
  signInPage,
  signInPost,
  signOutPost,
  setUpAppPage,
  setUpAppPost,
} from "./sign-in-pages.js";

export interface CaseLogRoute {
  method: "GET" | "POST";
  pattern: RegExp;
  /** A path this route answers, for the test that checks every route is protected. */
  example: string;
  /**
   * `public` routes are the sign-in steps and sign-out only (a test pins the list); every other
   * route needs a verified staff token: pages redirect to sign-in, data answers 401.
   */
  access: "public" | "signed-in";
  kind: "page" | "data";
  handler: (ctx: CaseLogContext) => CaseLogResult | Promise<CaseLogResult>;
}

const REF = "([A-Za-z0-9-]{1,40})";

/** Every route of the case log. The handler refuses anything not listed here (after sign-in: 404). */
export const caseLogRoutes: readonly CaseLogRoute[] = [
  {
    method: "GET",
    pattern: /^\/staff\/sign-in$/,
    example: staffPaths.signIn,
    access: "public",
    kind: "page",
    handler: signInPage,
  },
  {
    method: "POST",
    pattern: /^\/staff\/sign-in$/,
    example: staffPaths.signIn,
    access: "public",
    kind: "page",
    handler: signInPost,
  },
  {
    method: "GET",
    pattern: /^\/staff\/sign-in\/new-password$/,
    example: staffPaths.newPassword,
    access: "public",
    kind: "page",
    handler: newPasswordPage,
  },
  {
    method: "POST",
    pattern: /^\/staff\/sign-in\/new-password$/,
    example: staffPaths.newPassword,
    access: "public",
    kind: "page",
    handler: newPasswordPost,
  },
  {
    method: "GET",
    pattern: /^\/staff\/sign-in\/code$/,
    example: staffPaths.code,
    access: "public",
    kind: "page",
    handler: codePage,
  },
  {
    method: "POST",
    pattern: /^\/staff\/sign-in\/code$/,
    example: staffPaths.code,
    access: "public",
    kind: "page",
    handler: codePost,
  },
  {
    method: "GET",
    pattern: /^\/staff\/sign-in\/set-up-app$/,
    example: staffPaths.setUpApp,
    access: "public",
    kind: "page",
    handler: setUpAppPage,
  },
  {
    method: "POST",
    pattern: /^\/staff\/sign-in\/set-up-app$/,
    example: staffPaths.setUpApp,
    access: "public",
    kind: "page",
    handler: setUpAppPost,
  },
  {
    method: "POST",
    pattern: /^\/staff\/sign-out$/,
    example: staffPaths.signOut,
    access: "public",
    kind: "page",
    handler: signOutPost,
  },
  {
    method: "GET",
    pattern: /^\/staff\/?$/,
    example: "/staff",
    access: "signed-in",
    kind: "page",
    handler: () => ({ kind: "redirect", location: staffPaths.cases }),
  },
  {
    method: "GET",
    pattern: /^\/staff\/cases$/,
    example: staffPaths.cases,
    access: "signed-in",
    kind: "page",
    handler: casesPage,
  },
  {
    method: "GET",
    pattern: /^\/staff\/cases\/counts\.json$/,
    example: staffPaths.counts,
    access: "signed-in",
    kind: "data",
    handler: countsData,
  },
  {
    method: "GET",
    pattern: /^\/staff\/cases\.csv$/,
    example: staffPaths.csv,
    access: "signed-in",
    kind: "data",
    handler: csvData,
  },
  {
    method: "POST",
    pattern: new RegExp(`^/staff/cases/${REF}/status$`),
    example: staffPaths.status("SPD-2222-2222"),
    access: "signed-in",
    kind: "page",
    handler: statusPost,
  },
  {
    method: "POST",
    pattern: new RegExp(`^/staff/cases/${REF}/notes$`),
    example: staffPaths.notes("SPD-2222-2222"),
    access: "signed-in",
    kind: "page",
    handler: notePost,
  },
  {
    method: "POST",
    pattern: new RegExp(`^/staff/cases/${REF}/redrive$`),
    example: staffPaths.redrive("SPD-2222-2222"),
    access: "signed-in",
    kind: "page",
    handler: redrivePost,
  },
  {
    method: "POST",
    pattern: new RegExp(`^/staff/cases/${REF}/reroute$`),
    example: staffPaths.reroute("SPD-2222-2222"),
    access: "signed-in",
    kind: "page",
    handler: reroutePost,
  },
  {
    method: "GET",
    pattern: new RegExp(`^/staff/cases/${REF}$`),
    example: staffPaths.case("SPD-2222-2222"),
    access: "signed-in",
    kind: "page",
    handler: (ctx) => casePage(ctx),
  },
];

export function findCaseLogRoute(method: string, path: string) {
  for (const route of caseLogRoutes) {
    const match = route.pattern.exec(path);
    if (match && route.method === method) return { route, param: match[1] ?? "" };
  }
  return undefined;
}
