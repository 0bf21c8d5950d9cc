import type { APIGatewayProxyEventV2 } from "aws-lambda";
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
  const host = event.headers?.host ?? event.requestContext.domainName;
  const forwarded = event.headers?.["x-forwarded-proto"];
  const protocol = forwarded ?? (/^(127\.|localhost\b|\[::1\])/.test(host) ? "http" : "https");
  return {
    changeset: CHANGESET,
    contact: `${deps.councilName}: ${deps.contactEmail}`,
    key_service: keyService(deps),
    // Every council's: its ONS code, then its domains.
    jurisdictions: deps.councils.all.flatMap(jurisdictionsOf).map((id) => ({ jurisdiction_id: id })),
    endpoints: [
      {
        specification: "http://wiki.open311.org/GeoReport_v2",
        url: `${protocol}://${host}${OPEN311_PREFIX.slice(0, -1)}`,
        changeset: CHANGESET,
        type: "production",
        formats: ["application/json", "text/xml"],
      },
    ],
  };
}

/** How to get a key, and which jurisdiction_id to send (required once the endpoint serves several). */
function keyService(deps: Open311Deps): string {
  const ask = `Ask ${deps.councilName} for an API key: ${deps.contactEmail}.`;
  if (deps.councils.all.length === 1) {
    return `${ask} jurisdiction_id is optional; if sent, use ${accepted(deps.councils)}`;
  }
  return `${ask} A key is one council's. jurisdiction_id is required; use the council's own: ${accepted(deps.councils)}`;
}
