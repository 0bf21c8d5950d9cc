import type { MiddlewareObj, Request } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";

/** What the page middlewares learn about one request, for the ones after them and the route. */
export interface HtmlState {
  /** This response's CSP nonce (GOV.UK's one inline script runs with it). */
  nonce: string;
  /** The request's cookies (first of each name). */
  cookies: ReadonlyMap<string, string>;
  /** Set-Cookie values to send with whatever response goes out, error pages included. */
  setCookies: string[];
  /** The parsed form on POST, after the CSRF check; empty otherwise. */
  form: Record<string, string>;
  /** The CSRF token to put in this page's forms. */
  csrfToken: string;
  /** The host name asked for (lower case, no port): the form speaks for a council served on its own. */
  host?: string;
}

/**
 * The state rides on the Lambda context (as middy's own middlewares put values there); handlers
 * keep the plain `Context` type so any caller can invoke them.
 */
export type HtmlContext = Context & { html?: HtmlState };
export type HtmlRequest = Request<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>;
export type HtmlMiddleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2, Error, Context>;

/** Empty page state for one request. */
export function freshHtmlState(cookies: ReadonlyMap<string, string> = new Map()): HtmlState {
  return { nonce: "", cookies, setCookies: [], form: {}, csrfToken: "" };
}

/** The request's page state, made on first use so middlewares need not depend on their order. */
export function htmlState(request: { context: Context }): HtmlState {
  const context = request.context as HtmlContext;
  context.html ??= freshHtmlState();
  return context.html;
}
