import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { reportsTable } from "../../functions/adapters/dynamodb/table-definition.js";
import { dispatchQueueSettings } from "../../functions/config/dispatch-queue-settings.js";
import { configSchema } from "../../functions/config/env.js";
import { routes } from "../../functions/http/routes.js";
import { demoConfig, templates } from "./synth.js";

type Templates = ReturnType<typeof templates>;
let t: Templates;
beforeAll(() => {
  t = templates();
});

type Resource = { Type: string; Properties: Record<string, unknown> };
const resources = (template: Templates[keyof Templates], type: string) =>
  Object.values(template.findResources(type)) as Resource[];

describe("DataStack", () => {
  it("has an on-demand, encrypted table with point-in-time recovery and TTL", () => {
    t.data.hasResourceProperties("AWS::DynamoDB::Table", {
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: reportsTable.timeToLiveAttribute, Enabled: true },
      DeletionProtectionEnabled: false,
    });
  });

  it("has the indexes the case log needs", () => {
    const [table] = resources(t.data, "AWS::DynamoDB::Table");
    const names = (table?.Properties.GlobalSecondaryIndexes as Array<{ IndexName: string }>).map(
      (i) => i.IndexName,
    );
    expect(names.sort()).toEqual(Object.keys(reportsTable.indexes).sort());
  });

  it("protects and retains the table in production", () => {
    // A production environment may not accept the published demo Open311 key (see config.test.ts).
    const production = templates({ production: true, open311ApiKeyHashes: [] });
    production.data.hasResourceProperties("AWS::DynamoDB::Table", { DeletionProtectionEnabled: true });
    production.data.hasResource("AWS::DynamoDB::Table", { DeletionPolicy: "Retain" });
  });
});

describe("MessagingStack", () => {
  it("dead-letters dispatch jobs after maxReceiveCount from config, all encrypted with a rotating key", () => {
    t.messaging.hasResourceProperties("AWS::SQS::Queue", {
      VisibilityTimeout: dispatchQueueSettings.visibilityTimeoutSeconds,
      RedrivePolicy: { maxReceiveCount: demoConfig.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
      KmsMasterKeyId: Match.anyValue(),
    });
    const changed = templates({ maxReceiveCount: 7 });
    changed.messaging.hasResourceProperties("AWS::SQS::Queue", {
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 7 }),
    });
    t.messaging.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
    for (const topic of resources(t.messaging, "AWS::SNS::Topic"))
      expect(topic.Properties.KmsMasterKeyId).toBeDefined();
  });

  it("lets only SES and CloudWatch (besides the account) use the messaging key", () => {
    const [key] = resources(t.messaging, "AWS::KMS::Key");
    const principals = JSON.stringify((key?.Properties.KeyPolicy as { Statement: unknown[] }).Statement);
    expect(principals).toContain("ses.amazonaws.com");
    expect(principals).toContain("cloudwatch.amazonaws.com");
  });

  it("has an SES domain identity and a configuration set sending delivery, bounce and complaint events to SNS", () => {
    t.messaging.hasResourceProperties("AWS::SES::EmailIdentity", { EmailIdentity: demoConfig.sendingDomain });
    t.messaging.hasResourceProperties("AWS::SES::ConfigurationSetEventDestination", {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(["delivery", "bounce", "complaint"]),
        SnsDestination: { TopicARN: Match.anyValue() },
      },
    });
  });

  it("emails alarms to the configured address", () => {
    t.messaging.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: demoConfig.alarmEmail,
    });
  });
});

describe("AppStack", () => {
  it("runs every function on Node 24, arm64, with source maps and Powertools settings", () => {
    const functions = resources(t.app, "AWS::Lambda::Function");
    expect(functions).toHaveLength(6);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        TracingConfig: { Mode: "Active" },
        Environment: {
          Variables: expect.objectContaining({
            NODE_OPTIONS: "--enable-source-maps",
            POWERTOOLS_SERVICE_NAME: "signpost",
          }),
        },
      });
    }
  });

  it("sets only environment variables the functions read, and every required one", () => {
    const known = new Set([...Object.keys(configSchema.shape), "NODE_OPTIONS"]);
    const required = Object.entries(configSchema.shape)
      .filter(([, schema]) => !schema.safeParse(undefined).success)
      .map(([name]) => name);
    for (const fn of resources(t.app, "AWS::Lambda::Function")) {
      const names = Object.keys((fn.Properties.Environment as { Variables: object }).Variables);
      for (const name of names) if (!name.startsWith("POWERTOOLS_")) expect(known, name).toContain(name);
      if ((fn.Properties.Description as string).startsWith("GET /health")) continue;
      for (const name of required) expect(names, `${fn.Properties.Description}`).toContain(name);
    }
  });

  it("ships the geodata with the intake function and points it there", () => {
    const intake = resources(t.app, "AWS::Lambda::Function").find((f) =>
      (f.Properties.Description as string).startsWith("POST /api/reports"),
    );
    expect((intake?.Properties.Environment as { Variables: object }).Variables).toMatchObject({
      GEODATA_DIR: "/var/task/geodata",
    });
  });

  it("gives the Open311 client key hashes to the Open311 function only", () => {
    const withKeys = resources(t.app, "AWS::Lambda::Function").filter(
      (f) => "OPEN311_API_KEY_SHA256" in (f.Properties.Environment as { Variables: object }).Variables,
    );
    expect(withKeys).toHaveLength(1);
    expect(withKeys[0]?.Properties.Description).toMatch(/^Open311/);
    expect((withKeys[0]?.Properties.Environment as { Variables: object }).Variables).toMatchObject({
      OPEN311_API_KEY_SHA256: (demoConfig.open311ApiKeyHashes as string[]).join(","),
      GEODATA_DIR: "/var/task/geodata",
    });
  });

  it("keeps each function's logs for the configured period", () => {
    const groups = resources(t.app, "AWS::Logs::LogGroup");
    expect(groups.length).toBeGreaterThanOrEqual(5);
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(demoConfig.logRetentionDays);
  });

  it("consumes the dispatch queue with partial batch responses", () => {
    t.app.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      BatchSize: dispatchQueueSettings.batchSize,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
  });

  it("feeds SES events from SNS to the delivery-events function", () => {
    t.app.hasResourceProperties("AWS::SNS::Subscription", { Protocol: "lambda" });
  });

  it("serves exactly the shared route list, throttling the public POST routes", () => {
    const routeKeys = resources(t.app, "AWS::ApiGatewayV2::Route").map((r) => r.Properties.RouteKey);
    expect(routeKeys.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    t.app.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp("requestId") },
      RouteSettings: {
        "POST /api/reports": {
          ThrottlingRateLimit: demoConfig.publicRateLimit,
          ThrottlingBurstLimit: demoConfig.publicBurstLimit,
        },
      },
    });
  });

  it("has a staff user pool without self sign-up, with MFA available, a strong password policy and groups", () => {
    t.app.hasResourceProperties("AWS::Cognito::UserPool", {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: "OPTIONAL",
      EnabledMfas: ["SOFTWARE_TOKEN_MFA"],
      Policies: {
        PasswordPolicy: Match.objectLike({
          MinimumLength: 14,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
    });
    const groups = resources(t.app, "AWS::Cognito::UserPoolGroup").map((g) => g.Properties.GroupName);
    expect(groups.sort()).toEqual(["clerk", "staff"]);
  });

  it("alarms on any dead letter and on function errors, to the alarm topic", () => {
    const alarms = resources(t.app, "AWS::CloudWatch::Alarm");
    const dlq = alarms.find((a) => a.Properties.MetricName === "ApproximateNumberOfMessagesVisible");
    expect(dlq?.Properties).toMatchObject({
      Threshold: 1,
      ComparisonOperator: "GreaterThanOrEqualToThreshold",
      EvaluationPeriods: 1,
      Period: 300,
      AlarmActions: [expect.anything()],
    });
    const errors = alarms.filter((a) => a.Properties.MetricName === "Errors");
    expect(errors).toHaveLength(5);
    for (const alarm of errors) expect(alarm.Properties).toMatchObject({ Threshold: 1, Period: 300 });
  });
});

describe("IAM", () => {
  type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
  const statements = () =>
    resources(t.app, "AWS::IAM::Policy").flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
    );
  const actionsOf = (s: Statement) => (Array.isArray(s.Action) ? s.Action : [s.Action]);

  it("grants no wildcard actions", () => {
    for (const statement of statements()) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/^\*$|:\*$/);
    }
  });

  it("scopes ses:SendEmail to the sending identity and configuration set", () => {
    const ses = statements().filter((s) => actionsOf(s).includes("ses:SendEmail"));
    expect(ses).toHaveLength(1);
    const resourcesJson = JSON.stringify(ses[0]?.Resource);
    expect(resourcesJson).toContain(":identity/");
    expect(resourcesJson).toContain(":configuration-set/");
    expect(resourcesJson).not.toContain('"*"');
  });

  it("scopes DynamoDB access to the reports table, item by item", () => {
    const dynamo = statements().filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
    expect(dynamo).toHaveLength(6);
    for (const statement of dynamo) {
      expect(JSON.stringify(statement.Resource)).toMatch(/ReportsTable|Reports/);
      expect(JSON.stringify(statement.Resource)).not.toContain("*");
    }
  });

  it("lets only the Open311 function query an index, and only byStatus", () => {
    const queries = statements().filter((s) => actionsOf(s).includes("dynamodb:Query"));
    const onIndex = queries.filter((s) => JSON.stringify(s.Resource).includes("/index/"));
    expect(onIndex).toHaveLength(1);
    expect(actionsOf(onIndex[0] as Statement)).toEqual(["dynamodb:Query"]);
    expect(JSON.stringify(onIndex[0]?.Resource)).toMatch(/\/index\/byStatus"/);
  });

  it("uses a wildcard resource only for X-Ray", () => {
    for (const statement of statements()) {
      if (statement.Resource === "*")
        for (const action of actionsOf(statement)) expect(action).toMatch(/^xray:/);
    }
  });
});
