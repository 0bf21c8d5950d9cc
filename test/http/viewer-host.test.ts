import { describe, expect, it } from "vitest";
import { clientKeys, EDGE_SECRET_HEADER } from "#http/client-identity.js";
import { hostName, requestHost, VIEWER_HOST_HEADER } from "#http/viewer-host.js";

const EDGE_SECRET = "edge-secret-for-tests-0123456789";
const behindEdge = clientKeys("test-client-hash-secret-0123456789abcdef", EDGE_SECRET);
const noEdge = clientKeys("test-client-hash-secret-0123456789abcdef");
const API_HOST = "abc123.execute-api.eu-west-2.amazonaws.com";

describe("the host a viewer asked for", () => {
  it("is CloudFront's copy on a request carrying the edge secret", () => {
    const headers = {
      host: API_HOST,
      [EDGE_SECRET_HEADER]: EDGE_SECRET,
      [VIEWER_HOST_HEADER]: "report.saltmere.gov.uk",
    };
    expect(requestHost({ headers }, behindEdge)).toBe("report.saltmere.gov.uk");
  });

  it("is the Host header when the copy comes without the secret, with a wrong one, or on a deployment with no edge", () => {
    const copy = { host: API_HOST, [VIEWER_HOST_HEADER]: "report.saltmere.gov.uk" };
    expect(requestHost({ headers: copy }, behindEdge)).toBe(API_HOST);
    expect(requestHost({ headers: { ...copy, [EDGE_SECRET_HEADER]: "wrong" } }, behindEdge)).toBe(API_HOST);
    expect(requestHost({ headers: { ...copy, [EDGE_SECRET_HEADER]: EDGE_SECRET } }, noEdge)).toBe(API_HOST);
  });

  it("is read as a bare lower-case name, or not at all", () => {
    expect(hostName(" Report.Saltmere.GOV.uk:443 ")).toBe("report.saltmere.gov.uk");
    expect(hostName("evil.example/<script>")).toBeUndefined();
    expect(hostName(undefined)).toBeUndefined();
  });
});
