import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemIds } from "#adapters/system/system-ids.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { SIGN_IN_REFUSED } from "../../functions/http/case-log/sign-in-pages.js";
import {
  type LocalIdentityProvider,
  startLocalIdentityProvider,
} from "../../functions/local/identity-provider.js";
import {
  type CaseLogHandler,
  caseLogHandler,
  httpsStaffCookie,
  invoke,
  localStaffAuth,
} from "../helpers/case-log-harness.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";

// Issue 15, finding 9: sign-in must not tell who has an account. The local identity provider
// answers as Cognito does with PreventUserExistenceErrors (a known account locks after five wrong
// passwords, an unknown one never does), so the sign-in page has to say the same to both. The
// clock stands still, so the known account is certainly locked for its sixth attempt.

const KNOWN = "staff@example.org";
const UNKNOWN = "nobody@example.org";

let idp: LocalIdentityProvider;
let auth: ReturnType<typeof localStaffAuth>;
let handler: CaseLogHandler;
const frozen = new Date("2026-12-01T09:00:00Z");

beforeAll(async () => {
  idp = await startLocalIdentityProvider({
    now: () => frozen,
    users: [{ email: KNOWN, password: "Staff-password-1", groups: ["staff"] }],
  });
  auth = localStaffAuth(idp);
  const store = new MemoryCaseStore();
  const clock = { now: () => frozen };
  handler = caseLogHandler(idp, {
    auth,
    caseStore: store,
    actions: createStaffActions({ caseStore: store, clock, ids: systemIds }),
    clock,
    geography: async () => ({ bodies: new Map(), areas: [] }),
    pageSize: 2,
  });
});
afterAll(async () => {
  await idp?.close();
});

const call = (method: string, form?: Record<string, string>, cookies: Record<string, string> = {}) =>
  invoke(handler, { method, path: "/staff/sign-in", cookies, ...(form ? { form } : {}) });

/** One sign-in attempt through the page, as a browser makes it: the page, then the form. */
async function attempt(email: string, password: string) {
  const form = await call("GET");
  const csrf = /name="_csrf" value="([a-f0-9]{64})"/.exec(form.body ?? "")?.[1] ?? "";
  const response = await call("POST", { _csrf: csrf, email, password }, { [httpsStaffCookie.csrf]: csrf });
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
