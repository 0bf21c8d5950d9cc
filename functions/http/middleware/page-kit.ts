import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { Context } from "aws-lambda";
import type { Ids } from "#core/ports/ids.js";
import { logger } from "../logger.js";
import { type PageResult, toResponse } from "../page-result.js";
import type { Render } from "../web/render.js";
import { cookies } from "./cookies.js";
import { type ErrorViews, htmlErrorPage } from "./html-error-page.js";
import type { HtmlMiddleware } from "./html-state.js";
import { htmlState } from "./html-state.js";
import { securityHeaders } from "./security-headers.js";

/**
 * What every server-rendered app (the form, the case log) starts with: logging context, cookies,
 * page headers and the GOV.UK error page; and `respond`, which renders a route's result with the
 * request's nonce and CSRF token and the app's common context.
 */
export function pageKit(options: {
  ids: Ids;
  render: Render;
  errorViews: ErrorViews;
  common: (request: { context: Context }) => Record<string, unknown>;
}) {
  const respond = (result: PageResult, request: { context: Context }) => {
    const { nonce, csrfToken } = htmlState(request);
    const common = { cspNonce: nonce, csrfToken, ...options.common(request) };
    return toResponse(result, (view, values) => options.render(view, { ...common, ...values }));
  };
  const middlewares: HtmlMiddleware[] = [
    injectLambdaContext(logger, { clearState: true }),
    cookies(),
    securityHeaders(options.ids),
    htmlErrorPage({ views: options.errorViews, respond }),
  ];
  return { respond, middlewares };
}
