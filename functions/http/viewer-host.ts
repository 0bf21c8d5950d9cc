/**
 * The header CloudFront's viewer-request function sets to the viewer's Host
 * (infra/constructs/edge-distribution.ts): behind the edge, Host itself is API Gateway's.
 */
export const VIEWER_HOST_HEADER = "x-signpost-viewer-host";
