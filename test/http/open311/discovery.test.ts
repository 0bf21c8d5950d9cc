import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { clientKeys, EDGE_SECRET_HEADER } from "#http/client-identity.js";
import { discovery } from "#http/open311/discovery.js";
import type { Open311Deps } from "#http/open311/open311-types.js";
import { VIEWER_HOST_HEADER } from "#http/viewer-host.js";
import { oneCouncil, twoCouncils } from "../../helpers/councils.js";

// Discovery tells a client where the endpoint is and whom to ask for a key: the viewer's address
// (through CloudFront, never API Gateway's own, which skips the WAF) and every council's contact.

const EDGE_SECRET = "edge-secret-for-tests-0123456789";
const keys = clientKeys("test-client-hash-secret-0123456789abcdef", EDGE_SECRET);

function event(headers: Record<string, string>): APIGatewayProxyEventV2 {
  return {
    headers,
    requestContext: {
      domainName: "abc123.execute-api.eu-west-2.amazonaws.com",
      http: { sourceIp: "192.0.2.1" },
    },
  } as unknown as APIGatewayProxyEventV2;
}

const urlOf = (deps: Pick<Open311Deps, "councils" | "clientKeys">, headers: Record<string, string>) =>
  discovery(event(headers), deps as Open311Deps).endpoints[0]?.url;

describe("Open311 discovery", () => {
  const deps = { councils: twoCouncils, clientKeys: keys };

  it("names the viewer's host behind CloudFront, not API Gateway's", () => {
    const edge = {
      host: "abc123.execute-api.eu-west-2.amazonaws.com",
      [EDGE_SECRET_HEADER]: EDGE_SECRET,
      [VIEWER_HOST_HEADER]: "report.exampleshire-vale.gov.uk",
    };
    expect(urlOf(deps, edge)).toBe("https://report.exampleshire-vale.gov.uk/open311/v2");
  });

  it("ignores a viewer host sent without the edge secret, and any scheme but http or https", () => {
    const spoofed = {
      host: "abc123.execute-api.eu-west-2.amazonaws.com",
      [VIEWER_HOST_HEADER]: "evil.example",
      [EDGE_SECRET_HEADER]: "a guess",
      "x-forwarded-proto": "javascript",
    };
    expect(urlOf(deps, spoofed)).toBe("https://abc123.execute-api.eu-west-2.amazonaws.com/open311/v2");
    expect(urlOf(deps, { host: "evil.example/<script>", "x-forwarded-proto": "javascript" })).toBe(
      "https://abc123.execute-api.eu-west-2.amazonaws.com/open311/v2",
    );
  });

  it("keeps the local stack's plain http and port", () => {
    expect(urlOf(deps, { host: "127.0.0.1:3000" })).toBe("http://127.0.0.1:3000/open311/v2");
  });

  it("names each council to ask for a key on a many-council deployment, and the one on a one-council deployment", () => {
    const many = discovery(event({ host: "127.0.0.1:3000" }), deps as unknown as Open311Deps);
    expect(many.contact).toBe(
      "Exampleshire Vale District Council: highways@exampleshire-vale.example.org; Harrowfield District Council: reports@harrowfield.example.org",
    );
    expect(many.key_service).toMatch(
      /^Ask the council whose area you report in for an API key: Exampleshire Vale District Council \(highways@exampleshire-vale\.example\.org\), Harrowfield District Council \(reports@harrowfield\.example\.org\)\. A key is one council's\. jurisdiction_id is required/,
    );
    const one = discovery(event({ host: "127.0.0.1:3000" }), {
      councils: oneCouncil,
      clientKeys: keys,
    } as unknown as Open311Deps);
    expect(one.key_service).toMatch(
      /^Ask Exampleshire Vale District Council for an API key: highways@exampleshire-vale\.example\.org\. jurisdiction_id is optional/,
    );
  });
});
