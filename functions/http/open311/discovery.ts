import type { APIGatewayProxyEventV2 } from "aws-lambda";
import type { Council } from "#core/councils/council.js";
import { throughEdge } from "../client-identity.js";
import { hostName, requestHost } from "../viewer-host.js";
import { accepted, jurisdictionsOf } from "./jurisdiction.js";
import type { Open311Deps } from "./open311-types.js";

/** Where GeoReport v2's resources live, under the site root. */
export const OPEN311_PREFIX = "/open311/v2/";
/** When this endpoint's discovery document last changed. */
const CHANGESET = "2026-01-01T00:00:00Z";

/**
 * The discovery document: who runs the endpoint, where it is, how to get a key, and which
 * `jurisdiction_id` values it takes (a list of our own beside the spec's fields, and said in words).
 */
export function discovery(event: APIGatewayProxyEventV2, deps: Open311Deps) {
  const edge = throughEdge(event, deps.clientKeys);
  // The viewer's host (behind CloudFront, its copy: Host is then the API's own, which skips the
  // WAF), never a value that is not a host name; the scheme https unless on this machine.
  const host = hostName(requestHost(event, deps.clientKeys)) ?? event.requestContext.domainName;
  const local = !edge && /^(127\.|localhost$|\[::1\])/.test(host);
  const protocol = local && event.headers?.["x-forwarded-proto"] !== "https" ? "http" : "https";
  const port = local ? (/:\d+$/.exec(event.headers?.host ?? "")?.[0] ?? "") : "";
  return {
    changeset: CHANGESET,
    contact: deps.councils.all.map((council) => `${council.name}: ${council.email}`).join("; "),
    key_service: keyService(deps),
    // Every council's: its ONS code, then its domains.
    jurisdictions: deps.councils.all.flatMap(jurisdictionsOf).map((id) => ({ jurisdiction_id: id })),
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: `${protocol}://${host}${port}${OPEN311_PREFIX.slice(0, -1)}`,
        changeset: CHANGESET,
        type: "production",
        formats: ["application/json", "text/xml"],
      },
    ],
  };
}

/** How to get a key, and which jurisdiction_id to send (required once the endpoint serves several). */
function keyService(deps: Open311Deps): string {
  const { all } = deps.councils;
  if (all.length === 1) {
    const [council] = all as [Council];
    return `Ask ${council.name} for an API key: ${council.email}. jurisdiction_id is optional; if sent, use ${accepted(deps.councils)}`;
  }
  const whom = all.map((council) => `${council.name} (${council.email})`).join(", ");
  return `Ask the council whose area you report in for an API key: ${whom}. A key is one council's. jurisdiction_id is required; use the council's own: ${accepted(deps.councils)}`;
}
