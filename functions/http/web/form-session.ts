import type { Context } from "aws-lambda";
import type { Clock } from "#core/ports/clock.js";
import type { Ids } from "#core/ports/ids.js";
import type { SessionStore } from "#core/ports/session-store.js";
import { siteCookie, siteCookieName } from "../middleware/cookies.js";
import type { HtmlContext, HtmlMiddleware } from "../middleware/html-state.js";
import { htmlState } from "../middleware/html-state.js";
import type { FormSession } from "./journey-state.js";

/**
 * The form session's id, a site cookie (`__Host-signpost_session` over https): the id reaches the
 * resident's answers (name, email, description), so a sibling subdomain must not be able to plant
 * one of its own and read back what the resident types. Someone mid-report when the name changed
 * simply starts a new session.
 */
export const SESSION_COOKIE = "signpost_session";
const SESSION_SECONDS = 4 * 60 * 60;

/** The resident's answers so far, kept server-side; the cookie holds only a random id. */
export interface LoadedSession {
  id: string;
  session: FormSession;
  /** False for a new session: a POST without one is stale or forged. */
  stored: boolean;
  /** The session as loaded, to save it only when a page changed it. */
  before: string;
}

type WebContext = HtmlContext & { formSession?: LoadedSession };

export function loadedSession(request: { context: Context }): LoadedSession {
  const loaded = (request.context as WebContext).formSession;
  if (!loaded) throw new Error("formSession() must run before the page");
  return loaded;
}

/** The token a POST must carry: the stored session's (a new session has none to match). */
export function sessionCsrfToken(request: { context: Context }): string | undefined {
  const { stored, session } = loadedSession(request);
  return stored ? session.csrfToken : undefined;
}

/**
 * Loads the form session before (or starts one, with its own CSRF token) and, after a page,
 * saves it if the page changed it and sets the cookie if it is new or changed. An error page
 * saves nothing.
 */
export function formSession(deps: {
  sessions: SessionStore<FormSession>;
  ids: Ids;
  clock: Clock;
  cookieSecure: boolean;
}): HtmlMiddleware {
  return {
    before: async function formSessionBefore(request) {
      const state = htmlState(request);
      const cookieId = state.cookies.get(siteCookieName(SESSION_COOKIE, deps.cookieSecure));
      const stored =
        cookieId && /^[a-f0-9]{64}$/.test(cookieId) ? await deps.sessions.get(cookieId) : undefined;
      const session = stored ?? { csrfToken: deps.ids.uuid(), journeys: {} };
      (request.context as WebContext).formSession = {
        id: stored && cookieId ? cookieId : deps.ids.hex(32),
        session,
        stored: stored !== undefined,
        before: JSON.stringify(session),
      };
      state.csrfToken = session.csrfToken;
    },
    after: async function formSessionAfter(request) {
      const { id, session, stored, before } = loadedSession(request);
      const changed = JSON.stringify(session) !== before;
      if (changed) {
        const expiresAt = Math.floor(deps.clock.now().getTime() / 1000) + SESSION_SECONDS;
        await deps.sessions.put(id, session, expiresAt);
      }
      if (!stored || changed) {
        htmlState(request).setCookies.push(
          siteCookie(SESSION_COOKIE, id, {
            maxAgeSeconds: SESSION_SECONDS,
            sameSite: "Lax",
            secure: deps.cookieSecure,
          }),
        );
      }
    },
  };
}
