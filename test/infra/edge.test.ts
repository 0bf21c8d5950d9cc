import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { Template } from "aws-cdk-lib/assertions";
import { CachePolicy } from "aws-cdk-lib/aws-cloudfront";
import { beforeAll, describe, expect, it } from "vitest";
import { configSchema } from "../../functions/config/env.js";
import { EDGE_SECRET_HEADER, VIEWER_ADDRESS_HEADER } from "../../functions/http/client-identity.js";
import { VIEWER_HOST_HEADER } from "../../functions/http/viewer-host.js";
import { readEnvironmentConfig } from "../../infra/config.js";
import { FORWARDED_HEADERS, VIEWER_HOST_FUNCTION } from "../../infra/constructs/edge-distribution.js";
import { demoConfig, demoCouncilsEnvironment, signpostApp } from "./synth.js";

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (template: Template, type: string) =>
  Object.values(template.findResources(type)) as Resource[];
const description = (fn: Resource) => String(fn.Properties.Description);
// The cross-region reference's custom resource handler has no environment.
const variables = (fn: Resource) =>
  (fn.Properties.Environment as { Variables: Record<string, unknown> } | undefined)?.Variables ?? {};

// Production may not use the published demo Open311 key (see config.test.ts).
const production = { production: true, open311ApiKeyHashes: [] };

describe("edge protection switch", () => {
  it("is off by default outside production: no us-east-1 stack, no distribution, no edge secret", () => {
    const { app, firewall, edge, application } = signpostApp();
    expect(firewall).toBeUndefined();
    expect(edge).toBeUndefined();
    expect(app.node.children.map((c) => c.node.id)).not.toContain("Signpost-demo-Edge");
    const template = Template.fromStack(application);
    expect(resources(template, "AWS::CloudFront::Distribution")).toEqual([]);
    for (const fn of resources(template, "AWS::Lambda::Function"))
      expect(variables(fn), description(fn)).not.toHaveProperty("TRUSTED_EDGE_SECRET");
  });

  it("is on by default in production, and each environment can say otherwise", () => {
    expect(readEnvironmentConfig({ demo: { ...demoConfig, ...production } }, "demo").edge).toEqual({
      enabled: true,
      requestsPerIpPer5Minutes: 1_000,
    });
    expect(readEnvironmentConfig({ demo: demoConfig }, "demo").edge.enabled).toBe(false);
    const off = { ...production, edge: { enabled: false } };
    expect(readEnvironmentConfig({ demo: { ...demoConfig, ...off } }, "demo").edge.enabled).toBe(false);
    expect(signpostApp(off).firewall).toBeUndefined();
    expect(signpostApp(production).firewall?.region).toBe("us-east-1");
  });

  it("refuses a per-IP limit under WAF's minimum of 10", () => {
    expect(() =>
      readEnvironmentConfig({ demo: { ...demoConfig, edge: { requestsPerIpPer5Minutes: 9 } } }, "demo"),
    ).toThrow(/demo\.edge\.requestsPerIpPer5Minutes/);
  });
});

describe("edge protection, when enabled", () => {
  let edgeStack: Template;
  let app: Template;
  let secretId: string;
  beforeAll(() => {
    const stacks = signpostApp({ edge: { enabled: true, requestsPerIpPer5Minutes: 600 } });
    edgeStack = Template.fromStack(stacks.firewall as never);
    app = Template.fromStack(stacks.application);
    // The edge's own secret, not the client hash key beside it.
    [secretId] = Object.keys(app.findResources("AWS::SecretsManager::Secret")).filter((id) =>
      id.includes("OriginSecret"),
    ) as [string];
    expect(stacks.firewall?.region).toBe("us-east-1");
    expect(stacks.application.region).toBe(demoConfig.region);
  });

  const secretReference = () => ({
    "Fn::Join": ["", ["{{resolve:secretsmanager:", { Ref: secretId }, ":SecretString:::}}"]],
  });

  it("has a CloudFront-scope web ACL in us-east-1: allow by default, AWS's IP reputation list, then a per-IP rate limit over 5 minutes", () => {
    const [acl] = resources(edgeStack, "AWS::WAFv2::WebACL");
    expect(acl?.Properties).toMatchObject({ Scope: "CLOUDFRONT", DefaultAction: { Allow: {} } });
    const rules = acl?.Properties.Rules as Array<Record<string, unknown>>;
    expect(rules.map((r) => r.Priority)).toEqual([0, 1, 2]);
    expect(rules[0]).toMatchObject({
      OverrideAction: { None: {} },
      Statement: {
        ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesAmazonIpReputationList" },
      },
    });
    expect(rules[1]).toMatchObject({
      Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
      Statement: { RateBasedStatement: { AggregateKeyType: "IP", Limit: 600, EvaluationWindowSec: 300 } },
    });
    // Sign-in POSTs have their own, tighter count per IP, so guessing or locking out from one
    // address stops long before it spends the staff routes' API Gateway budget.
    expect(rules[2]).toMatchObject({
      Action: { Block: { CustomResponse: { ResponseCode: 429 } } },
      Statement: {
        RateBasedStatement: {
          AggregateKeyType: "IP",
          Limit: 50,
          EvaluationWindowSec: 300,
          ScopeDownStatement: {
            AndStatement: {
              Statements: [
                {
                  ByteMatchStatement: {
                    FieldToMatch: { UriPath: {} },
                    PositionalConstraint: "STARTS_WITH",
                    SearchString: "/staff/sign-in",
                  },
                },
                { ByteMatchStatement: { FieldToMatch: { Method: {} }, SearchString: "POST" } },
              ],
            },
          },
        },
      },
    });
    for (const rule of rules)
      expect(rule.VisibilityConfig).toMatchObject({
        CloudWatchMetricsEnabled: true,
        SampledRequestsEnabled: true,
      });
  });

  it("puts the distribution in front of the API with that web ACL, caching nothing and passing every method", () => {
    const [distribution] = resources(app, "AWS::CloudFront::Distribution");
    const config = distribution?.Properties.DistributionConfig as Record<string, unknown>;
    // The ACL's ARN arrives through CDK's cross-region reference (an SSM parameter read on deployment).
    expect(JSON.stringify(config.WebACLId)).toMatch(/ExportsReader.*WebAcl/);
    expect(config.DefaultCacheBehavior).toMatchObject({
      AllowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"],
      CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
      ViewerProtocolPolicy: "redirect-to-https",
    });
    const [origin] = config.Origins as Array<Record<string, unknown>>;
    expect(JSON.stringify(origin?.DomainName)).toContain(".execute-api.");
    expect(origin?.CustomOriginConfig).toMatchObject({
      OriginProtocolPolicy: "https-only",
      OriginSSLProtocols: ["TLSv1.2"],
    });
    // The secret as a dynamic reference: its value is in no template.
    expect(origin?.OriginCustomHeaders).toEqual([
      { HeaderName: EDGE_SECRET_HEADER, HeaderValue: secretReference() },
    ]);
    expect(app.findResources("AWS::SecretsManager::Secret")[secretId]?.Properties).toMatchObject({
      GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
    });
  });

  it("passes the viewer address, cookies, query strings and the headers the functions read, but never Host or Origin", () => {
    const [policy] = resources(app, "AWS::CloudFront::OriginRequestPolicy");
    const config = policy?.Properties.OriginRequestPolicyConfig as Record<string, Record<string, unknown>>;
    expect(config.CookiesConfig).toEqual({ CookieBehavior: "all" });
    expect(config.QueryStringsConfig).toEqual({ QueryStringBehavior: "all" });
    expect(config.HeadersConfig?.HeaderBehavior).toBe("whitelist");
    const headers = (config.HeadersConfig?.Headers as string[]).map((h) => h.toLowerCase());
    expect(headers).toContain(VIEWER_ADDRESS_HEADER);
    for (const read of ["content-type", "idempotency-key", "sec-fetch-site"]) expect(headers).toContain(read);
    expect(headers).not.toContain("host");
    expect(headers).not.toContain("origin");
    // The distribution uses this policy.
    const [distribution] = resources(app, "AWS::CloudFront::Distribution");
    expect(JSON.stringify(distribution?.Properties.DistributionConfig)).toContain(
      `"OriginRequestPolicyId":{"Ref":"${Object.keys(app.findResources("AWS::CloudFront::OriginRequestPolicy"))[0]}"}`,
    );
  });

  it("gives the edge secret to the functions that identify clients, and to no other", () => {
    expect(Object.keys(configSchema.shape)).toContain("TRUSTED_EDGE_SECRET");
    const withSecret = resources(app, "AWS::Lambda::Function").filter(
      (fn) => "TRUSTED_EDGE_SECRET" in variables(fn),
    );
    expect(
      withSecret
        .map(description)
        .map((d) => d.split(/[:,]/)[0])
        .sort(),
    ).toEqual(["Open311 GeoReport v2", "POST /api/reports", "The resident form"]);
    for (const fn of withSecret) expect(variables(fn).TRUSTED_EDGE_SECRET).toEqual(secretReference());
  });

  it("passes the viewer's Host to the API under its own header, from a viewer-request function", async () => {
    const [fn] = resources(app, "AWS::CloudFront::Function");
    expect(fn?.Properties).toMatchObject({
      AutoPublish: true,
      FunctionConfig: { Runtime: "cloudfront-js-2.0" },
    });
    expect(fn?.Properties.FunctionCode).toBe(VIEWER_HOST_FUNCTION);
    const [distribution] = resources(app, "AWS::CloudFront::Distribution");
    const behaviour = (distribution?.Properties.DistributionConfig as Record<string, Record<string, unknown>>)
      .DefaultCacheBehavior;
    expect(behaviour?.FunctionAssociations).toEqual([
      { EventType: "viewer-request", FunctionARN: expect.anything() as unknown },
    ]);
    const [policy] = resources(app, "AWS::CloudFront::OriginRequestPolicy");
    const headers = (
      (policy?.Properties.OriginRequestPolicyConfig as Record<string, Record<string, unknown>>).HeadersConfig
        ?.Headers as string[]
    ).map((h) => h.toLowerCase());
    expect(headers).toContain(VIEWER_HOST_HEADER);
    // The function's own code, run as CloudFront would: a viewer's own header of that name is replaced.
    const handler = runInNewContext(`${VIEWER_HOST_FUNCTION}; handler`) as (event: unknown) => Promise<{
      headers: Record<string, { value: string }>;
    }>;
    const request = await handler({
      request: {
        headers: {
          host: { value: "report.harrowfield.gov.uk" },
          [VIEWER_HOST_HEADER]: { value: "evil.example" },
        },
      },
    });
    expect(request.headers[VIEWER_HOST_HEADER]).toEqual({ value: "report.harrowfield.gov.uk" });
  });

  it("links the emails through the distribution, never to the API's own address past the WAF", () => {
    const byDescription = (start: string) =>
      resources(app, "AWS::Lambda::Function").find((fn) => description(fn).startsWith(start)) as Resource;
    const [distributionId] = Object.keys(app.findResources("AWS::CloudFront::Distribution"));
    for (const start of ["Dispatch queue consumer", "Daily: email each council", "Weekly: refresh"]) {
      const env = variables(byDescription(start));
      for (const name of start.startsWith("Weekly") ? ["CASE_LOG_URL"] : ["PUBLIC_URL", "CASE_LOG_URL"]) {
        const value = JSON.stringify(env[name]);
        expect(value, `${start} ${name}`).toContain(`"${distributionId}","DomainName"`);
        expect(value, `${start} ${name}`).not.toContain("execute-api");
      }
    }
  });

  it("outputs the distribution's address", () => {
    const url = JSON.stringify(app.findOutputs("EdgeUrl").EdgeUrl?.Value);
    expect(url).toContain("DomainName");
  });
});

describe("headers CloudFront passes on", () => {
  it("include every request header the HTTP functions read by name, but Host, Origin and API Gateway's own", () => {
    const dir = join(import.meta.dirname, "../../functions/http");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const read = new Set<string>();
    for (const file of files)
      for (const match of readFileSync(join(dir, file), "utf8").matchAll(
        /headers\?\.(?:\["([a-z0-9-]+)"\]|([a-z]+)\b)/g,
      ))
        read.add((match[1] ?? match[2]) as string);
    expect(read).toContain("idempotency-key");
    // Host is the API's own by design, Origin is left out (see FORWARDED_HEADERS), API Gateway sets
    // X-Forwarded-Proto itself.
    for (const header of ["host", "origin", "x-forwarded-proto"]) read.delete(header);
    const forwarded = FORWARDED_HEADERS.map((h) => h.toLowerCase());
    for (const header of read) expect(forwarded, header).toContain(header);
  });
});

describe("councils' own host names", () => {
  const certificateArn =
    "arn:aws:acm:us-east-1:123456789012:certificate/0b3c4d5e-6f70-4182-93a4-b5c6d7e8f901";
  const withHosts = (edge: Record<string, unknown>) => {
    const councils = (demoCouncilsEnvironment.councils as Array<Record<string, unknown>>).map((council, i) =>
      i === 1 ? { ...council, hostNames: ["report.harrowfield.example.org"] } : council,
    );
    return { ...demoCouncilsEnvironment, councils, edge };
  };

  it("are served by the distribution, with the certificate the environment names", () => {
    const { application } = signpostApp({}, { base: withHosts({ enabled: true, certificateArn }) });
    const [distribution] = resources(Template.fromStack(application), "AWS::CloudFront::Distribution");
    expect(distribution?.Properties.DistributionConfig).toMatchObject({
      Aliases: ["report.harrowfield.example.org"],
      ViewerCertificate: { AcmCertificateArn: certificateArn, SslSupportMethod: "sni-only" },
    });
  });

  it("need the edge and a us-east-1 certificate, or the configuration is refused", () => {
    const read = (edge: Record<string, unknown>) => () =>
      readEnvironmentConfig({ demo: withHosts(edge) }, "demo");
    expect(read({ enabled: false })).toThrow(
      /hostNames \(report\.harrowfield\.example\.org\).*edge\.certificateArn/,
    );
    expect(read({ enabled: true })).toThrow(/edge\.certificateArn/);
    expect(read({ enabled: true, certificateArn: certificateArn.replace("us-east-1", "eu-west-2") })).toThrow(
      /demo\.edge\.certificateArn: must be an ACM certificate ARN in us-east-1/,
    );
    expect(read({ enabled: true, certificateArn })().edge.certificateArn).toBe(certificateArn);
  });
});
