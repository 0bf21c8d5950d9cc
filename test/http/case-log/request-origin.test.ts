import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { requestOrigin } from "../../../functions/http/case-log/request-origin.js";

// The origin the CSV's links use: API Gateway's domain, https, and nothing odd.

const on = (domainName: string | undefined) =>
  requestOrigin({ requestContext: { domainName } as APIGatewayProxyEventV2["requestContext"] });

describe("requestOrigin", () => {
  it("is https on the API's domain, and http only on a local loopback run", () => {
    expect(on("abc123.execute-api.eu-west-2.amazonaws.com")).toBe(
      "https://abc123.execute-api.eu-west-2.amazonaws.com",
    );
    expect(on("Cases.Example.GOV.UK")).toBe("https://cases.example.gov.uk");
    expect(on("127.0.0.1:4010")).toBe("http://127.0.0.1:4010");
  });

  it.each([undefined, "", "evil.example/path", "evil.example\r\nx: y", "user@evil.example", "a b", '"x"'])(
    "gives none for %j, so links stay paths",
    (domain) => {
      expect(on(domain)).toBeUndefined();
    },
  );
});
