import { type ClientEvent, type ClientKeys, throughEdge } from "./client-identity.js";

/**
 * The header CloudFront's viewer-request function sets to the viewer's Host
 * (infra/constructs/edge-distribution.ts): behind the edge, Host itself is API Gateway's.
 */
export const VIEWER_HOST_HEADER = "x-signpost-viewer-host";

/**
 * The host name the viewer asked for: CloudFront's copy of it on a request that came through the
 * edge (Host is then API Gateway's own), else the Host header. Anyone can send the copy straight to
 * the API, so it counts only beside the edge secret.
 */
export function requestHost(event: Pick<ClientEvent, "headers">, keys: ClientKeys): string | undefined {
  const viewer = throughEdge(event, keys) ? event.headers?.[VIEWER_HOST_HEADER] : undefined;
  return viewer || event.headers?.host;
}

/** A Host value as a bare lower-case name: no port, nothing that is not a host name. */
export function hostName(header: string | undefined): string | undefined {
  const host = header?.trim().toLowerCase().replace(/:\d+$/, "");
  return host && /^[a-z0-9.-]{1,253}$/.test(host) ? host : undefined;
}
