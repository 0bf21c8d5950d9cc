import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { errorView, type FieldError } from "./form-errors.js";

/** What a page route answers: a page to render, a redirect (post-redirect-get), or data. */
export type PageResult =
  | {
      kind: "page";
      view: string;
      context: Record<string, unknown>;
      status?: number;
      cookies?: string[];
      /** Headers of the page's own (a 429's `retry-after`); the page headers are added after. */
      headers?: Record<string, string>;
    }
  | { kind: "redirect"; location: string; cookies?: string[] }
  | { kind: "data"; status: number; contentType: string; body: string; filename?: string };

/** A page to render; with errors it gets the GOV.UK error summary, "Error: " title and a 400. */
export const page = (
  view: string,
  context: Record<string, unknown>,
  errors: FieldError[] = [],
  status?: number,
): PageResult => ({
  kind: "page",
  view,
  context: { ...context, ...errorView(errors), values: context.values ?? {} },
  ...(status ? { status } : errors.length > 0 ? { status: 400 } : {}),
});

/** A page with headers of its own (a 429's `retry-after`); any other result as it is. */
export const withHeaders = (result: PageResult, headers: Record<string, string>): PageResult =>
  result.kind === "page" ? { ...result, headers: { ...result.headers, ...headers } } : result;

export const redirect = (location: string, cookies?: string[]): PageResult => ({
  kind: "redirect",
  location,
  ...(cookies ? { cookies } : {}),
});

/** Renders a view with the app's common context (council, links, nonce, CSRF token…). */
export type RenderPage = (view: string, context: Record<string, unknown>) => string;

/** The API Gateway response for a result. Page headers are added by `securityHeaders`. */
export function toResponse(result: PageResult, render: RenderPage): APIGatewayProxyStructuredResultV2 {
  const cookies = result.kind === "data" ? undefined : result.cookies;
  const response: APIGatewayProxyStructuredResultV2 =
    result.kind === "redirect"
      ? { statusCode: 303, headers: { location: result.location, "cache-control": "no-store" }, body: "" }
      : result.kind === "data"
        ? {
            statusCode: result.status,
            headers: {
              "content-type": result.contentType,
              "cache-control": "no-store",
              ...(result.filename
                ? { "content-disposition": `attachment; filename="${result.filename}"` }
                : {}),
            },
            body: result.body,
          }
        : {
            statusCode: result.status ?? 200,
            headers: { ...result.headers, "content-type": "text/html; charset=utf-8" },
            body: render(result.view, result.context),
          };
  return cookies?.length ? { ...response, cookies } : response;
}
