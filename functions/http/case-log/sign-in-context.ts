import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { SignInRequestContext } from "#core/ports/staff-auth.js";

/** The browser's side of a request, for Cognito's threat protection at sign-in (bounded). */
export function signInContext(event: APIGatewayProxyEventV2): SignInRequestContext {
  return {
    ipAddress: event.requestContext.http.sourceIp,
    serverName: event.requestContext.domainName,
    serverPath: event.rawPath,
    headers: Object.fromEntries(
      ["user-agent", "accept-language", "x-forwarded-for"]
        .filter((h) => event.headers?.[h] !== undefined)
        .map((h) => [h, String(event.headers[h]).slice(0, 512)]),
    ),
  };
}
