import type { APIGatewayProxyEventV2 } from "aws-lambda";

/**
 * The case log's own origin ("https://cases.example.gov.uk"), for links that leave the page (the
 * CSV's link to each case). Taken from the domain API Gateway answered on, not from a header the
 * browser chose, and only if it is a plain host name: anything else gives no origin, and the links
 * are paths. Plain http only on the loopback address of a local run.
 */
export function requestOrigin(event: Pick<APIGatewayProxyEventV2, "requestContext">): string | undefined {
  const host = event.requestContext?.domainName?.toLowerCase();
  if (!host || !/^[a-z0-9]([a-z0-9-]{0,62}\.)*[a-z0-9-]{1,63}(:\d{1,5})?$/.test(host)) return undefined;
  const local = /^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host);
  return `${local ? "http" : "https"}://${host}`;
}
