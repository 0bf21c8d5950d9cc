import middy from "@middy/core";
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyResultV2,
  APIGatewayProxyStructuredResultV2,
} from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { SessionStore } from "#core/ports/session-store.js";
import { cookies } from "../../../functions/http/middleware/cookies.js";
import { formSession, loadedSession } from "../../../functions/http/web/form-session.js";
import type { FormSession } from "../../../functions/http/web/journey-state.js";
import { context, fixedIds, pageEvent } from "../middleware/helpers.js";

const STORED_ID = "cd".repeat(32);
const NEW_ID = fixedIds.hex(32);

/** The store holds one session; the page marks the session it was given, so it is saved. */
function handlerFor(cookieSecure: boolean) {
  const store = new Map<string, FormSession>([[STORED_ID, { csrfToken: "stored", journeys: {} }]]);
  const sessions: SessionStore<FormSession> = {
    get: async (id) => store.get(id),
    put: async (id, data) => void store.set(id, data),
  };
  const seen: string[] = [];
  const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use([
      cookies(),
      formSession({ sessions, ids: fixedIds, clock: { now: () => new Date(0) }, cookieSecure }),
    ])
    .handler(async (_event, ctx) => {
      const loaded = loadedSession({ context: ctx });
      seen.push(loaded.stored ? `stored ${loaded.id}` : "new");
      return { statusCode: 200, body: "ok" };
    });
  const call = async (cookie?: string) =>
    (await handler(
      pageEvent(cookie ? { cookies: [cookie] } : {}),
      context(),
    )) as APIGatewayProxyStructuredResultV2;
  return { call, seen };
}

describe("the form session cookie", () => {
  it("is __Host-signpost_session over https: Secure, Path=/, no Domain", async () => {
    const { call } = handlerFor(true);
    const [cookie = ""] = (await call()).cookies ?? [];
    expect(cookie).toMatch(
      new RegExp(`^__Host-signpost_session=${NEW_ID}; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax; Secure$`),
    );
    expect(cookie).not.toMatch(/Domain=/i);
  });

  it("is read back under its __Host- name over https", async () => {
    const { call, seen } = handlerFor(true);
    await call(`__Host-signpost_session=${STORED_ID}`);
    expect(seen).toEqual([`stored ${STORED_ID}`]);
  });

  it("ignores the bare name over https (a cookie a sibling subdomain could plant): a new session, not an error", async () => {
    const { call, seen } = handlerFor(true);
    const response = await call(`signpost_session=${STORED_ID}`);
    expect(response.statusCode).toBe(200);
    expect(seen).toEqual(["new"]);
  });

  it("keeps the bare name, not Secure, on the plain-http local stack", async () => {
    const { call, seen } = handlerFor(false);
    const [cookie = ""] = (await call()).cookies ?? [];
    expect(cookie).toMatch(
      new RegExp(`^signpost_session=${NEW_ID}; Path=/; Max-Age=\\d+; HttpOnly; SameSite=Lax$`),
    );
    await call(`signpost_session=${STORED_ID}`);
    expect(seen).toEqual(["new", `stored ${STORED_ID}`]);
  });
});
