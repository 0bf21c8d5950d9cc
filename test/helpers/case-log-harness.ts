import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, expect } from "vitest";
import { CognitoStaffAuth } from "#adapters/cognito/cognito-staff-auth.js";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Case, Destination } from "#core/case/case.js";
import type { SignedOutSessions } from "#core/ports/staff-auth.js";
import { services } from "#core/services/index.js";
import { createCaseLogHandler } from "../../functions/http/case-log/case-log-handler.js";
import type { CaseLogAppDeps } from "../../functions/http/case-log/case-log-types.js";
import { createCaseLogRenderer } from "../../functions/http/case-log/render.js";
import {
  STAFF_CHALLENGE_COOKIE,
  STAFF_CSRF_COOKIE,
  STAFF_SESSION_COOKIE,
  staffCookieName,
} from "../../functions/http/case-log/staff-cookies.js";
import { createTokenVerifier } from "../../functions/http/case-log/token-verifier.js";
import { templateDirs } from "../../functions/http/web/render.js";
import {
  type LocalIdentityProvider,
  type LocalStaffUser,
  startLocalIdentityProvider,
} from "../../functions/local/identity-provider.js";
import { localContext } from "../../functions/local/lambda-context.js";
import { oneCouncil } from "./councils.js";

/** The harness serves the case log as AWS does, over https: its cookies go by their `__Host-` names. */
export const httpsStaffCookie = {
  session: staffCookieName(STAFF_SESSION_COOKIE, true),
  challenge: staffCookieName(STAFF_CHALLENGE_COOKIE, true),
  csrf: staffCookieName(STAFF_CSRF_COOKIE, true),
};

// The case log as its tests drive it: the real handler, signed in through the local identity
// provider, so routes, CSRF and roles are the real ones. Each test file passes only what it is about.

export type CaseLogHandler = ReturnType<typeof createCaseLogHandler>;

/** Most tests need a district officer and one parish's clerk, and nothing else about them. */
export const staffAndClerk = (
  parish: string,
  emails: { staff?: string; clerk?: string } = {},
): LocalStaffUser[] => [
  { email: emails.staff ?? "staff@example.org", password: "staff-password", groups: ["staff"] },
  { email: emails.clerk ?? "clerk@example.org", password: "clerk-password", groups: ["clerk"], parish },
];

/** The real Cognito adapter pointed at the local identity provider, so sign-in runs the real code. */
export const localStaffAuth = (idp: LocalIdentityProvider) =>
  new CognitoStaffAuth({
    client: new CognitoIdentityProviderClient({
      endpoint: idp.endpoint,
      region: "eu-west-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
    userPoolId: idp.userPoolId,
    clientId: idp.clientId,
  });

/** For tests that never sign out: no session is ever on the signed-out list. */
export const nobodySignedOut: SignedOutSessions = { add: async () => undefined, has: async () => false };

/** What differs between tests: the store, clock, actions and areas, and any other dependency. */
export type HarnessDeps = Pick<CaseLogAppDeps, "caseStore" | "clock" | "actions" | "geography"> &
  Partial<CaseLogAppDeps>;

/** The case log's handler with the settings every test shares; `deps` override any of them. */
export const caseLogHandler = (idp: LocalIdentityProvider, deps: HarnessDeps): CaseLogHandler =>
  createCaseLogHandler({
    verifier: createTokenVerifier({ issuer: idp.issuer, clientId: idp.clientId }),
    auth: localStaffAuth(idp),
    signedOut: nobodySignedOut,
    services: [...services.values()],
    render: createCaseLogRenderer({ govukFrontend: templateDirs({}).govukFrontend }),
    councilName: "Exampleshire Vale District Council",
    // Today's deployment: one council, whose staff tokens need no council claim.
    councils: oneCouncil,
    ids: systemIds,
    cookieSecure: true,
    ...deps,
  });

/** A request in a test's few words; a form makes it a form post. */
export interface CaseLogCall {
  method?: string;
  path: string;
  query?: string;
  cookies?: Record<string, string>;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

/** The API Gateway v2 event the case log's function would receive for that request. */
export function caseLogEvent(request: CaseLogCall): APIGatewayProxyEventV2 {
  const { method = "GET", path, query = "", cookies = {}, form, headers = {} } = request;
  const cookieList = Object.entries(cookies).map(([k, v]) => `${k}=${v}`);
  return {
    version: "2.0",
    routeKey: `${method} /{proxy+}`,
    rawPath: path,
    rawQueryString: query,
    ...(cookieList.length ? { cookies: cookieList } : {}),
    headers: { ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...headers },
    requestContext: {
      http: { method, path, sourceIp: "192.0.2.10" },
      domainName: "signpost.example.org",
      requestId: "test",
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

/** Invokes the handler as Lambda would, with the structured result tests read. */
export const invoke = async (handler: CaseLogHandler, request: CaseLogCall) =>
  (await handler(
    caseLogEvent(request),
    localContext("signpost-case-log"),
  )) as APIGatewayProxyStructuredResultV2;

/** The value of a cookie the response sets, "" when it sets none. */
export const cookieSet = (response: APIGatewayProxyStructuredResultV2, name: string) =>
  response.cookies
    ?.find((c) => c.startsWith(`${name}=`))
    ?.split(";")[0]
    ?.split("=")[1] ?? "";

/** Signs in as a browser does (the page, then its form with the CSRF token); refused: session "". */
export async function signInTo(handler: CaseLogHandler, email: string, password: string) {
  const first = await invoke(handler, { path: "/staff/sign-in" });
  const csrf = /name="_csrf" value="([a-f0-9]{64})"/.exec(first.body ?? "")?.[1] ?? "";
  const response = await invoke(handler, {
    method: "POST",
    path: "/staff/sign-in",
    cookies: { [httpsStaffCookie.csrf]: csrf },
    form: { _csrf: csrf, email, password },
  });
  const session = cookieSet(response, httpsStaffCookie.session);
  return {
    response,
    csrf,
    session,
    cookies: { [httpsStaffCookie.csrf]: csrf, [httpsStaffCookie.session]: session },
  };
}

/** Signs in where the test needs a session, failing it at once when there is none. */
export async function mustSignInTo(handler: CaseLogHandler, email: string, password: string) {
  const signedIn = await signInTo(handler, email, password);
  expect(signedIn.session, `signing in as ${email}`).not.toBe("");
  return signedIn;
}

/**
 * The case log for a test file: starts the identity provider and builds the handler in a beforeAll
 * (so a file's own beforeAll, registered after this, can seed and sign in), and closes it after.
 */
export function caseLogUnderTest(users: LocalStaffUser[], deps: (idp: LocalIdentityProvider) => HarnessDeps) {
  let started: { idp: LocalIdentityProvider; handler: CaseLogHandler } | undefined;
  beforeAll(async () => {
    const idp = await startLocalIdentityProvider({ users });
    started = { idp, handler: caseLogHandler(idp, deps(idp)) };
  });
  afterAll(async () => {
    await started?.idp.close();
  });
  const running = () => {
    if (!started) throw new Error("The case log starts in beforeAll: use it from a hook or a test");
    return started;
  };
  return {
    get idp() {
      return running().idp;
    },
    call: (request: CaseLogCall) => invoke(running().handler, request),
    signIn: (email: string, password: string) => signInTo(running().handler, email, password),
    mustSignIn: (email: string, password: string) => mustSignInTo(running().handler, email, password),
  };
}

/** A speeding report sent to `destination`; tests override only the fields they are about. */
export const speedingCase = (
  reference: string,
  destination: Destination,
  createdAt: string,
  overrides: Partial<Case> = {},
): Case => ({
  reference,
  service: "speeding",
  status: "new",
  delivery: "sent",
  createdAt,
  updatedAt: createdAt,
  answers: { danger: "no" },
  location: { lat: 54.5, lng: 2.3 },
  description: "Cars too fast",
  destination,
  routing: { ruleId: "parish-speedwatch", requested: "parish", area: destination, reason: "in the parish" },
  retainUntil: Date.parse("2030-01-01T00:00:00Z") / 1000,
  ...overrides,
});
