import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { localContext } from "../../../functions/local/lambda-context.js";

/** An API Gateway v2 event for a page request, as the local gateway makes them. */
export function pageEvent(
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    cookies?: string[];
    body?: string;
  } = {},
): APIGatewayProxyEventV2 {
  const method = options.method ?? "GET";
  const path = options.path ?? "/";
  return {
    version: "2.0",
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: "",
    headers: { host: "signpost.example", ...options.headers },
    ...(options.cookies ? { cookies: options.cookies } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: "signpost.example",
      domainPrefix: "signpost",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "127.0.0.1", userAgent: "test" },
      requestId: "r",
      routeKey: `${method} ${path}`,
      stage: "$default",
      time: "",
      timeEpoch: 0,
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: false,
  };
}

export const context = () => localContext("test");

/** Repeatable randomness for the Ids port. */
export const fixedIds = {
  uuid: () => "00000000-0000-4000-8000-000000000000",
  int: () => 0,
  hex: (bytes: number) => "ab".repeat(bytes),
  base64: () => "bm9uY2U=",
};
