import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CognitoStaffAuth } from "#adapters/cognito/cognito-staff-auth.js";
import { systemIds } from "#adapters/system/system-ids.js";
import { services } from "#core/services/index.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { createCaseLogHandler } from "../../functions/http/case-log/case-log-handler.js";
import { createCaseLogRenderer } from "../../functions/http/case-log/render.js";
import { SIGN_IN_REFUSED } from "../../functions/http/case-log/sign-in-pages.js";
import { STAFF_CSRF_COOKIE } from "../../functions/http/case-log/staff-cookies.js";
import { createTokenVerifier } from "../../functions/http/case-log/token-verifier.js";
import { templateDirs } from "../../functions/http/web/render.js";
import {
  type LocalIdentityProvider,
  startLocalIdentityProvider,
} from "../../functions/local/identity-provider.js";
import { localContext } from "../../functions/local/lambda-context.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";

// Issue 15, finding 9: sign-in must not tell who has an account. The local identity provider
// answers as Cognito does with PreventUserExistenceErrors (a known account locks after five wrong
// passwords, an unknown one never does), so the sign-in page has to say the same to both. The
// clock stands still, so the known account is certainly locked for its sixth attempt.

const KNOWN = "staff@example.org";
const UNKNOWN = "nobody@example.org";

let idp: LocalIdentityProvider;
let auth: CognitoStaffAuth;
let handler: ReturnType<typeof createCaseLogHandler>;
const frozen = new Date("2026-12-01T09:00:00Z");

beforeAll(async () => {
  idp = await startLocalIdentityProvider({
    now: () => frozen,
    users: [{ email: KNOWN, password: "Staff-password-1", groups: ["staff"] }],
  });
  auth = new CognitoStaffAuth({
    client: new CognitoIdentityProviderClient({
      endpoint: idp.endpoint,
      region: "eu-west-2",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    }),
    userPoolId: idp.userPoolId,
    clientId: idp.clientId,
  });
  const store = new MemoryCaseStore();
  const clock = { now: () => frozen };
  handler = createCaseLogHandler({
    verifier: createTokenVerifier({ issuer: idp.issuer, clientId: idp.clientId }),
    auth,
    signedOut: { add: async () => undefined, has: async () => false },
    services: [...services.values()],
    caseStore: store,
    actions: createStaffActions({ caseStore: store, clock, ids: systemIds }),
    render: createCaseLogRenderer({ govukFrontend: templateDirs({}).govukFrontend }),
    councilName: "Exampleshire Vale District Council",
    ids: systemIds,
    clock,
    geography: async () => ({ bodies: new Map(), areas: [] }),
    cookieSecure: true,
    pageSize: 2,
  });
});
afterAll(async () => {
  await idp?.close();
});

async function call(method: string, form?: Record<string, string>, cookies: string[] = []) {
  const event = {
    version: "2.0",
    routeKey: `${method} /{proxy+}`,
    rawPath: "/staff/sign-in",
    rawQueryString: "",
    ...(cookies.length ? { cookies } : {}),
    headers: form ? { "content-type": "application/x-www-form-urlencoded" } : {},
    requestContext: {
      http: { method, path: "/staff/sign-in", sourceIp: "192.0.2.10" },
      domainName: "signpost.example.org",
      requestId: "test",
    },
    ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  return (await handler(event, localContext("signpost-case-log"))) as APIGatewayProxyStructuredResultV2;
}

/** One sign-in attempt through the page, as a browser makes it: the page, then the form. */
async function attempt(email: string, password: string) {
  const form = await call("GET");
  const csrf = /name="_csrf" value="([a-f0-9]{64})"/.exec(form.body ?? "")?.[1] ?? "";
  const response = await call("POST", { _csrf: csrf, email, password }, [`${STAFF_CSRF_COOKIE}=${csrf}`]);
  return { response, csrf };
}

/** The page with what differs by request taken out: the CSRF token, the CSP nonce, the address typed. */
function normalised(page: { response: APIGatewayProxyStructuredResultV2; csrf: string }, email: string) {
  const nonce = /nonce-([A-Za-z0-9+/=_-]+)/.exec(
    String(page.response.headers?.["content-security-policy"]),
  )?.[1];
  let body = (page.response.body ?? "").replaceAll(page.csrf, "<csrf>").replaceAll(email, "<email>");
  if (nonce) body = body.replaceAll(nonce, "<nonce>");
  const { "content-security-policy": _csp, ...headers } = page.response.headers ?? {};
  return { status: page.response.statusCode, headers, body };
}

describe("sign-in tells nobody who has an account (issue 15, finding 9)", () => {
  it("answers six wrong passwords for a known and an unknown account with byte-identical pages", async () => {
    const known = [];
    const unknown = [];
    for (let i = 0; i < 6; i++) {
      known.push(normalised(await attempt(KNOWN, `Wrong-password-${i}`), KNOWN));
      unknown.push(normalised(await attempt(UNKNOWN, `Wrong-password-${i}`), UNKNOWN));
    }
    expect(known).toEqual(unknown);
    for (const page of known) {
      expect(page.status).toBe(400);
      expect(page.body).toContain(SIGN_IN_REFUSED);
    }
    // The right password, while locked, gets the same page again.
    const locked = normalised(await attempt(KNOWN, "Staff-password-1"), KNOWN);
    expect(locked).toEqual(unknown[0]);
  });

  it("is needed: underneath, Cognito's answers do tell the two apart", async () => {
    const context = { ipAddress: "192.0.2.10", serverName: "x", serverPath: "/", headers: {} };
    expect(await auth.signIn(KNOWN, "Staff-password-1", context)).toEqual({
      kind: "refused",
      reason: "too-many-attempts",
    });
    expect(await auth.signIn(UNKNOWN, "Staff-password-1", context)).toEqual({
      kind: "refused",
      reason: "wrong-credentials",
    });
  });
});
