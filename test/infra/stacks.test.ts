import { Match } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { reportsTable } from "../../functions/adapters/dynamodb/table-definition.js";
import { dispatchQueueSettings } from "../../functions/config/dispatch-queue-settings.js";
import { configSchema } from "../../functions/config/env.js";
import { limitSettings } from "../../functions/config/limit-settings.js";
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
/** The logical id of the app stack's only resource of a type. */
const logicalId = (type: string) => {
  const ids = Object.keys(t.app.findResources(type));
  expect(ids, type).toHaveLength(1);
  return ids[0] as string;
};
/** The logical id of the function whose description starts so. */
const functionId = (description: string) =>
  Object.entries(t.app.findResources("AWS::Lambda::Function")).find(([, f]) =>
    ((f as Resource).Properties.Description as string).startsWith(description),
  )?.[0] as string;
const functionById = (id: string) => t.app.findResources("AWS::Lambda::Function")[id] as Resource | undefined;
const caseLogFunctionId = () => functionId("The staff case log");
const caseLogFunction = () => functionById(caseLogFunctionId());
const requeueFunctionId = () => functionId("Every 5 minutes: queue again");
const digestFunctionId = () => functionId("Daily: email each council");
const directoryRefreshFunctionId = () => functionId("Weekly: refresh every parish clerk's contact");

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
    // Staff must set up an authenticator app in production.
    production.app.hasResourceProperties("AWS::Cognito::UserPool", { MfaConfiguration: "ON" });
    templates().app.hasResourceProperties("AWS::Cognito::UserPool", { MfaConfiguration: "OPTIONAL" });
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

  it("lets only SES, CloudWatch and SNS (besides the account) use the messaging key", () => {
    const [key] = resources(t.messaging, "AWS::KMS::Key");
    const principals = JSON.stringify((key?.Properties.KeyPolicy as { Statement: unknown[] }).Statement);
    expect(principals).toContain("ses.amazonaws.com");
    expect(principals).toContain("cloudwatch.amazonaws.com");
    // SNS encrypts what it delivers from the events topic into the delivery-events queues.
    expect(principals).toContain("sns.amazonaws.com");
    // Each service only on this account's behalf, for its own source (issue 14).
    const services = (
      key?.Properties.KeyPolicy as { Statement: Array<Record<string, unknown>> }
    ).Statement.filter((st) => JSON.stringify(st.Principal).includes("Service"));
    expect(services).toHaveLength(3);
    for (const statement of services) {
      expect(statement.Condition).toMatchObject({
        StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
        ArnLike: { "aws:SourceArn": expect.anything() },
      });
    }
  });

  it("lets CloudWatch publish to the alarm topic, for this account's alarms only", () => {
    const alarmTopic = resources(t.messaging, "AWS::SNS::Subscription").find(
      (sub) => sub.Properties.Protocol === "email",
    )?.Properties.TopicArn;
    const policy = resources(t.messaging, "AWS::SNS::TopicPolicy").find(
      (p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([alarmTopic]),
    );
    const statements = (policy?.Properties.PolicyDocument as { Statement: Array<Record<string, unknown>> })
      .Statement;
    const allow = statements.filter((st) => st.Effect === "Allow");
    expect(allow).toHaveLength(1);
    expect(allow[0]).toMatchObject({
      Action: "sns:Publish",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Resource: alarmTopic,
      Condition: {
        StringEquals: { "aws:SourceAccount": { Ref: "AWS::AccountId" } },
        ArnLike: { "aws:SourceArn": expect.anything() },
      },
    });
    expect(JSON.stringify(allow[0]?.Condition)).toContain(":cloudwatch:");
    expect(JSON.stringify(allow[0]?.Condition)).toContain(":alarm:*");
    // The enforce-SSL Deny stays.
    expect(statements.filter((st) => st.Effect === "Deny")).toHaveLength(1);
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

  it("suppresses hard-bouncing addresses only: a council mailbox that complains keeps getting reports", () => {
    t.messaging.hasResourceProperties("AWS::SES::ConfigurationSet", {
      SuppressionOptions: { SuppressedReasons: ["BOUNCE"] },
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
  it("runs every function on Node 24, arm64, with Powertools settings", () => {
    const functions = resources(t.app, "AWS::Lambda::Function");
    expect(functions).toHaveLength(10);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        TracingConfig: { Mode: "Active" },
        Environment: {
          Variables: expect.objectContaining({
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
      for (const name of required) expect(names, fn.Properties.Description as string).toContain(name);
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

  it("ships the case log with its views, govuk-frontend's templates and the geodata, and its pool and client", () => {
    const caseLog = caseLogFunction();
    const variables = (caseLog?.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables).toMatchObject({
      GEODATA_DIR: "/var/task/geodata",
      CASE_LOG_DIR: "/var/task/case-log",
      GOVUK_FRONTEND_DIR: "/var/task/govuk-frontend",
      STAFF_USER_POOL_ID: { Ref: logicalId("AWS::Cognito::UserPool") },
      STAFF_CLIENT_ID: { Ref: logicalId("AWS::Cognito::UserPoolClient") },
    });
    // The issuer is derived in the function from AWS_REGION and the pool id.
    expect(variables).not.toHaveProperty("STAFF_TOKEN_ISSUER");
    // Only the case log knows the pool.
    const withPool = resources(t.app, "AWS::Lambda::Function").filter(
      (f) => "STAFF_USER_POOL_ID" in (f.Properties.Environment as { Variables: object }).Variables,
    );
    expect(withPool).toHaveLength(1);
  });

  it("outputs the staff user pool id and the case log's address", () => {
    t.app.hasOutput("StaffUserPoolId", { Value: { Ref: logicalId("AWS::Cognito::UserPool") } });
    const url = JSON.stringify(t.app.findOutputs("CaseLogUrl").CaseLogUrl?.Value);
    expect(url).toContain(".execute-api.");
    expect(url).toMatch(/"\/staff\/cases"/);
  });

  it("ships every council's settings as councils.json, not as PUBLIC_INFO or CLERK_DIRECTORY_CONFIG", () => {
    const functions = resources(t.app, "AWS::Lambda::Function");
    const variables = functions.map(
      (f) => (f.Properties.Environment as { Variables: Record<string, string> }).Variables,
    );
    for (const v of variables) {
      expect(v).not.toHaveProperty("PUBLIC_INFO");
      expect(v).not.toHaveProperty("CLERK_DIRECTORY_CONFIG");
    }
    // Every function but health (which reads only the council's name) reads the file.
    expect(variables.filter((v) => v.COUNCILS_FILE === "/var/task/councils.json")).toHaveLength(
      functions.length - 1,
    );
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

  it("gives the council's Open311 jurisdictions to the Open311 function only", () => {
    const withJurisdictions = resources(t.app, "AWS::Lambda::Function").filter(
      (f) => "OPEN311_JURISDICTIONS" in (f.Properties.Environment as { Variables: object }).Variables,
    );
    expect(withJurisdictions).toHaveLength(1);
    expect(withJurisdictions[0]?.Properties.Description).toMatch(/^Open311/);
    expect((withJurisdictions[0]?.Properties.Environment as { Variables: object }).Variables).toMatchObject({
      OPEN311_JURISDICTIONS: "exampleshire-vale.example.org",
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

  it("feeds SES events to the delivery-events function from their queue, with partial batch responses", () => {
    const queueArn = { "Fn::ImportValue": Match.stringLikeRegexp("GetAttDeliveryEvents") };
    t.app.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: queueArn,
      FunctionName: { Ref: functionId("SES delivery") },
      FunctionResponseTypes: ["ReportBatchItemFailures"],
    });
    // No longer invoked by SNS directly (an async invoke with nowhere for a failure to go).
    expect(resources(t.app, "AWS::SNS::Subscription")).toEqual([]);
    const permissions = resources(t.app, "AWS::Lambda::Permission").filter(
      (p) => p.Properties.Principal === "sns.amazonaws.com",
    );
    expect(permissions).toEqual([]);
  });

  it("serves exactly the shared route list, throttling the public POST routes", () => {
    const routeKeys = resources(t.app, "AWS::ApiGatewayV2::Route").map((r) => r.Properties.RouteKey);
    expect(routeKeys.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
    t.app.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp("requestId") },
    });
  });

  it("gives staff routes, public POSTs and everything else their own throttle budgets from config", () => {
    const budgets = {
      publicRateLimit: 11,
      publicBurstLimit: 22,
      staffRateLimit: 33,
      staffBurstLimit: 44,
      pageRateLimit: 55,
      pageBurstLimit: 66,
    };
    const [stage] = resources(templates(budgets).app, "AWS::ApiGatewayV2::Stage");
    const reports = { ThrottlingRateLimit: 11, ThrottlingBurstLimit: 22 };
    const staff = { ThrottlingRateLimit: 33, ThrottlingBurstLimit: 44 };
    // Every route key named, with its own settings; the rest take the stage default.
    expect(stage?.Properties.RouteSettings).toEqual({
      "POST /api/reports": reports,
      "POST /open311/v2/{proxy+}": reports,
      "POST /{proxy+}": reports,
      "GET /staff": staff,
      "GET /staff/{proxy+}": staff,
      "POST /staff/{proxy+}": staff,
    });
    expect(stage?.Properties.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: 55,
      ThrottlingBurstLimit: 66,
    });
    // The demo environment's values reach the template too.
    const [demoStage] = resources(t.app, "AWS::ApiGatewayV2::Stage");
    expect((demoStage?.Properties.RouteSettings as Record<string, unknown>)["POST /api/reports"]).toEqual({
      ThrottlingRateLimit: demoConfig.publicRateLimit,
      ThrottlingBurstLimit: demoConfig.publicBurstLimit,
    });
    expect((demoStage?.Properties.RouteSettings as Record<string, unknown>)["POST /staff/{proxy+}"]).toEqual({
      ThrottlingRateLimit: 25,
      ThrottlingBurstLimit: 50,
    });
  });

  it("creates the stage after every route, so its route settings never name a missing route", () => {
    const [stage] = Object.values(t.app.findResources("AWS::ApiGatewayV2::Stage")) as Array<{
      DependsOn?: string[];
    }>;
    const routeIds = Object.keys(t.app.findResources("AWS::ApiGatewayV2::Route"));
    expect(routeIds).toHaveLength(routes.length);
    expect(stage?.DependsOn).toEqual(expect.arrayContaining(routeIds));
  });

  it("sends the staff routes to the case log function", () => {
    const staffRoutes = resources(t.app, "AWS::ApiGatewayV2::Route").filter((r) =>
      (r.Properties.RouteKey as string).includes(" /staff"),
    );
    expect(staffRoutes.map((r) => r.Properties.RouteKey).sort()).toEqual([
      "GET /staff",
      "GET /staff/{proxy+}",
      "POST /staff/{proxy+}",
    ]);
    const integrations = t.app.findResources("AWS::ApiGatewayV2::Integration");
    for (const route of staffRoutes) {
      const target = JSON.stringify(route.Properties.Target);
      const [integrationId] = Object.keys(integrations).filter((id) => target.includes(`"${id}"`));
      expect((integrations[integrationId as string] as Resource).Properties.IntegrationUri).toEqual({
        "Fn::GetAtt": [caseLogFunctionId(), "Arn"],
      });
    }
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

  it("keeps a clerk's parish (an ONS code) and everyone's council (its id) as custom attributes", () => {
    const [pool] = resources(t.app, "AWS::Cognito::UserPool");
    expect(pool?.Properties.Schema).toEqual([
      {
        Name: "parish",
        AttributeDataType: "String",
        Mutable: true,
        StringAttributeConstraints: { MinLength: "9", MaxLength: "9" },
      },
      {
        Name: "council",
        AttributeDataType: "String",
        Mutable: true,
        StringAttributeConstraints: { MinLength: "1", MaxLength: "64" },
      },
    ]);
  });

  it("has a case log client with no secret, only the IAM-signed admin flow and short-lived tokens", () => {
    const clients = resources(t.app, "AWS::Cognito::UserPoolClient");
    expect(clients).toHaveLength(1);
    const client = clients[0]?.Properties as Record<string, unknown>;
    expect(client).toMatchObject({
      GenerateSecret: false,
      ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      PreventUserExistenceErrors: "ENABLED",
      EnableTokenRevocation: true,
      // Each sign-in step may take 15 minutes (installing an authenticator app).
      AuthSessionValidity: 15,
      IdTokenValidity: 60,
      AccessTokenValidity: 60,
      RefreshTokenValidity: 60,
      TokenValidityUnits: { IdToken: "minutes", AccessToken: "minutes", RefreshToken: "minutes" },
    });
    // No hosted UI or OAuth grants.
    expect(client.AllowedOAuthFlows).toBeUndefined();
    expect(client.AllowedOAuthFlowsUserPoolClient).not.toBe(true);
    // ID tokens carry the email and the parish; staff cannot change either themselves.
    expect(client.ReadAttributes).toEqual(expect.arrayContaining(["email", "custom:parish"]));
    expect(client.WriteAttributes).toBeDefined();
    expect(client.WriteAttributes).not.toContain("custom:parish");
    expect(client.WriteAttributes).not.toContain("email");
  });

  it("runs the requeue safety net every 5 minutes from an EventBridge rule, and from nothing else", () => {
    const requeue = requeueFunctionId();
    expect(functionById(requeue)?.Properties).toMatchObject({ Timeout: 60 });
    const rules = resources(t.app, "AWS::Events::Rule");
    expect(rules).toHaveLength(1);
    expect(rules[0]?.Properties).toMatchObject({
      ScheduleExpression: "rate(5 minutes)",
      State: "ENABLED",
      Targets: [{ Arn: { "Fn::GetAtt": [requeue, "Arn"] }, RetryPolicy: { MaximumRetryAttempts: 2 } }],
    });
    // Invoked by that rule only: no API route, queue or topic reaches it.
    const permissions = resources(t.app, "AWS::Lambda::Permission").filter(
      (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify({ "Fn::GetAtt": [requeue, "Arn"] }),
    );
    expect(permissions).toHaveLength(1);
    expect(permissions[0]?.Properties).toMatchObject({
      Principal: "events.amazonaws.com",
      SourceArn: { "Fn::GetAtt": [logicalId("AWS::Events::Rule"), "Arn"] },
    });
    for (const integration of resources(t.app, "AWS::ApiGatewayV2::Integration"))
      expect(JSON.stringify(integration.Properties.IntegrationUri)).not.toContain(`"${requeue}"`);
    for (const type of ["AWS::Lambda::EventSourceMapping", "AWS::SNS::Subscription"])
      for (const resource of resources(t.app, type))
        expect(JSON.stringify(resource)).not.toContain(`"${requeue}"`);
  });
});

describe("the daily digest", () => {
  it("runs at the digest hour, London time, from EventBridge Scheduler only", () => {
    const digest = digestFunctionId();
    expect(functionById(digest)?.Properties).toMatchObject({ Timeout: 300 });
    const schedules = resources(t.app, "AWS::Scheduler::Schedule").filter((s) =>
      JSON.stringify(s.Properties.Target).includes(`"${digest}"`),
    );
    expect(schedules).toHaveLength(1);
    expect(schedules[0]?.Properties).toMatchObject({
      ScheduleExpression: `cron(0 ${limitSettings.digestHour} * * ? *)`,
      ScheduleExpressionTimezone: "Europe/London",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: { Arn: { "Fn::GetAtt": [digest, "Arn"] }, RetryPolicy: { MaximumRetryAttempts: 2 } },
    });
    // The schedule's role may invoke the digest function and nothing else, not even its versions.
    const role = (schedules[0]?.Properties.Target as { RoleArn: { "Fn::GetAtt": [string, string] } }).RoleArn[
      "Fn::GetAtt"
    ][0];
    const policies = resources(t.app, "AWS::IAM::Policy").filter(
      (p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]),
    );
    expect(
      policies.flatMap((p) => (p.Properties.PolicyDocument as { Statement: unknown[] }).Statement),
    ).toEqual([
      { Action: "lambda:InvokeFunction", Effect: "Allow", Resource: { "Fn::GetAtt": [digest, "Arn"] } },
    ]);
    for (const integration of resources(t.app, "AWS::ApiGatewayV2::Integration"))
      expect(JSON.stringify(integration.Properties.IntegrationUri)).not.toContain(`"${digest}"`);
    for (const type of [
      "AWS::Lambda::EventSourceMapping",
      "AWS::SNS::Subscription",
      "AWS::Lambda::Permission",
    ])
      for (const resource of resources(t.app, type))
        expect(JSON.stringify(resource)).not.toContain(`"${digest}"`);
  });

  it("reads and clears holds and moves cases on the table (no index), sends email, and queues nothing", () => {
    const fn = functionById(digestFunctionId());
    const role = (fn?.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    const own = resources(t.app, "AWS::IAM::Policy")
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap(
        (p) =>
          (
            p.Properties.PolicyDocument as {
              Statement: Array<{ Action: string | string[]; Resource: unknown }>;
            }
          ).Statement,
      );
    const actions = own.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith("dynamodb:")).sort()).toEqual([
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]);
    for (const s of own.filter((s) => [s.Action].flat().some((a) => a.startsWith("dynamodb:"))))
      expect(JSON.stringify(s.Resource)).not.toMatch(/\/index\/|\*/);
    const services = new Set(actions.map((a) => a.split(":")[0]));
    // It reads the link key ring to sign clerks' links (test/infra/link-key-secret.test.ts).
    expect([...services].sort()).toEqual(["dynamodb", "logs", "secretsmanager", "ses", "xray"]);
  });
});

describe("the weekly directory refresh", () => {
  /** The statements of the policies attached to a role, by the role's logical id. */
  const statementsOfRole = (role: string) =>
    resources(t.app, "AWS::IAM::Policy")
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap(
        (p) =>
          (
            p.Properties.PolicyDocument as {
              Statement: Array<{ Action: string | string[]; Resource: unknown }>;
            }
          ).Statement,
      );

  it("runs on Mondays at 06:00 London time, from EventBridge Scheduler only", () => {
    const fn = directoryRefreshFunctionId();
    expect(functionById(fn)?.Properties).toMatchObject({ Timeout: 900 });
    const schedules = resources(t.app, "AWS::Scheduler::Schedule").filter((s) =>
      JSON.stringify(s.Properties.Target).includes(`"${fn}"`),
    );
    expect(schedules).toHaveLength(1);
    expect(schedules[0]?.Properties).toMatchObject({
      ScheduleExpression: "cron(0 6 ? * MON *)",
      ScheduleExpressionTimezone: "Europe/London",
      FlexibleTimeWindow: { Mode: "OFF" },
      Target: { Arn: { "Fn::GetAtt": [fn, "Arn"] } },
    });
    // Its own role, which may invoke this function and nothing else.
    const role = (schedules[0]?.Properties.Target as { RoleArn: { "Fn::GetAtt": [string, string] } }).RoleArn[
      "Fn::GetAtt"
    ][0];
    expect(statementsOfRole(role)).toEqual([
      { Action: "lambda:InvokeFunction", Effect: "Allow", Resource: { "Fn::GetAtt": [fn, "Arn"] } },
    ]);
    for (const integration of resources(t.app, "AWS::ApiGatewayV2::Integration"))
      expect(JSON.stringify(integration.Properties.IntegrationUri)).not.toContain(`"${fn}"`);
    for (const type of [
      "AWS::Lambda::EventSourceMapping",
      "AWS::SNS::Subscription",
      "AWS::Lambda::Permission",
    ])
      for (const resource of resources(t.app, type))
        expect(JSON.stringify(resource)).not.toContain(`"${fn}"`);
  });

  it("reads and writes items of the table (no index, no delete), sends email, and queues nothing", () => {
    const fn = functionById(directoryRefreshFunctionId());
    const role = (fn?.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    const own = statementsOfRole(role);
    const actions = own.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a) => a.startsWith("dynamodb:")).sort()).toEqual([
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]);
    for (const s of own.filter((s) => [s.Action].flat().some((a) => a.startsWith("dynamodb:"))))
      expect(JSON.stringify(s.Resource)).not.toMatch(/\/index\/|\*/);
    const services = new Set(actions.map((a) => a.split(":")[0]));
    expect([...services].sort()).toEqual(["dynamodb", "logs", "ses", "xray"]);
  });

  it("ships the boundary index and links the email to the case log's clerk directory page", () => {
    const env = (
      functionById(directoryRefreshFunctionId())?.Properties.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(env.GEODATA_DIR).toBe("/var/task/geodata");
    expect(JSON.stringify(env.CASE_LOG_URL)).toContain("staff/");
    expect(env).toMatchObject({ DISTRICT_EMAIL: demoConfig.districtEmail });
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
    // Dispatch, the daily digest and the weekly directory refresh.
    expect(ses).toHaveLength(3);
    for (const statement of ses) {
      const resourcesJson = JSON.stringify(statement.Resource);
      expect(resourcesJson).toContain(":identity/");
      expect(resourcesJson).toContain(":configuration-set/");
      expect(resourcesJson).not.toContain('"*"');
    }
  });

  it("scopes DynamoDB access to the reports table, item by item", () => {
    const dynamo = statements().filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
    // The form's single-item actions and its timeline query (Check your report, clerks' links) are one.
    expect(dynamo).toHaveLength(13);
    for (const statement of dynamo) {
      expect(JSON.stringify(statement.Resource)).toMatch(/ReportsTable|Reports/);
      expect(JSON.stringify(statement.Resource)).not.toContain("*");
    }
  });

  it("lets the functions that store cases move the status counters (UpdateItem on the table)", () => {
    for (const description of ["POST /api/reports", "The resident form", "Open311 GeoReport v2"]) {
      const fn = functionById(functionId(description));
      const updates = roleStatements(fn).filter((s) => actionsOf(s).includes("dynamodb:UpdateItem"));
      expect(updates, description).toHaveLength(1);
      // The table itself (the counters are items), not an index and not `*`.
      expect(JSON.stringify(updates[0]?.Resource)).toMatch(/Reports.*Arn/);
      expect(JSON.stringify(updates[0]?.Resource)).not.toMatch(/\/index\/|\*/);
    }
  });

  it("lets only Open311 and requeue (byStatus), dispatch (byDestination) and the case log (both) query an index", () => {
    const queries = statements().filter((s) => actionsOf(s).includes("dynamodb:Query"));
    const onIndex = queries.filter((s) => JSON.stringify(s.Resource).includes("/index/"));
    expect(onIndex).toHaveLength(4);
    for (const statement of onIndex) expect(actionsOf(statement)).toEqual(["dynamodb:Query"]);
    const indexes = onIndex
      .map((s) => [...JSON.stringify(s.Resource).matchAll(/\/index\/(\w+)"/g)].map((m) => m[1]).sort())
      .sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()));
    expect(indexes).toEqual([["byDestination"], ["byStatus"], ["byStatus"], ["byDestination", "byStatus"]]);
  });

  /** Every statement of the policies attached to a function's role. */
  const roleStatements = (fn: Resource | undefined) => {
    const role = (fn?.Properties.Role as { "Fn::GetAtt": [string, string] })["Fn::GetAtt"][0];
    return resources(t.app, "AWS::IAM::Policy")
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: role }]))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  };

  describe("the requeue function's role", () => {
    const requeueStatements = () => roleStatements(functionById(requeueFunctionId()));

    // Corrected (issue 14): this asserted "the byStatus index only, not the table", but each run
    // reads a stuck case's timeline, a query on the base table, which that policy denied.
    it("queries the table (timelines) and the byStatus index, not byDestination", () => {
      const queries = requeueStatements().filter((s) => actionsOf(s).includes("dynamodb:Query"));
      const resourcesJson = queries.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
      expect(resourcesJson).toHaveLength(2);
      const onTable = resourcesJson.filter((r) => !JSON.stringify(r).includes("/index/"));
      expect(onTable).toHaveLength(1);
      expect(JSON.stringify(onTable[0])).toMatch(/Reports.*Arn/);
      const indexes = resourcesJson.flatMap((r) =>
        [...JSON.stringify(r).matchAll(/\/index\/(\w+)"/g)].map((m) => m[1]),
      );
      expect(indexes).toEqual(["byStatus"]);
    });

    // Narrowed (issue 14): GetItem and PutItem were granted, but a run only adds an event to the
    // case item, one UpdateItem (test/infra/iam-replay.test.ts walks it).
    it("queries, and adds to a case item with one update, and nothing more on the table", () => {
      const dynamo = requeueStatements()
        .flatMap(actionsOf)
        .filter((a) => a.startsWith("dynamodb:"));
      expect([...new Set(dynamo)].sort()).toEqual(["dynamodb:Query", "dynamodb:UpdateItem"]);
      expect(dynamo.filter((a) => /^dynamodb:(Scan|Batch|Transact|Delete)/.test(a))).toEqual([]);
    });

    it("may send to the dispatch queue (not its dead-letter queue) with the messaging key, and send no email", () => {
      const jobs = Object.entries(t.messaging.findResources("AWS::SQS::Queue")).find(
        ([, q]) => (q as Resource).Properties.RedrivePolicy,
      )?.[0] as string;
      const [key] = Object.keys(t.messaging.findResources("AWS::KMS::Key"));
      const sqs = requeueStatements().filter((s) => actionsOf(s).some((a) => a.startsWith("sqs:")));
      expect(sqs).toHaveLength(1);
      expect(actionsOf(sqs[0] as Statement)).toEqual(["sqs:SendMessage"]);
      expect(JSON.stringify(sqs[0]?.Resource)).toContain(`GetAtt${jobs}Arn`);
      const kms = requeueStatements().filter((s) => actionsOf(s).some((a) => a.startsWith("kms:")));
      expect(kms).toHaveLength(1);
      expect(actionsOf(kms[0] as Statement).sort()).toEqual(["kms:Decrypt", "kms:GenerateDataKey"]);
      expect(JSON.stringify(kms[0]?.Resource)).toContain(`GetAtt${key}Arn`);
      const services = new Set(requeueStatements().flatMap((s) => actionsOf(s).map((a) => a.split(":")[0])));
      expect([...services].sort()).toEqual(["dynamodb", "kms", "logs", "sqs", "xray"]);
    });
  });

  describe("the Open311 function's role", () => {
    // Corrected (issue 16): status checks read up to 1,000 cases with BatchGetItem, and public
    // updates list one case's partition (a query on the base table).
    it("reads many cases at once and queries the table and the byStatus index, item by item", () => {
      const statements = roleStatements(functionById(functionId("Open311 GeoReport v2")));
      const dynamo = statements.filter((s) => actionsOf(s).some((a) => a.startsWith("dynamodb:")));
      const onTable = dynamo.filter((s) => !JSON.stringify(s.Resource).includes("/index/"));
      expect(onTable).toHaveLength(1);
      expect(JSON.stringify(onTable[0]?.Resource)).toMatch(/Reports.*Arn/);
      expect(actionsOf(onTable[0] as Statement).sort()).toEqual([
        "dynamodb:BatchGetItem",
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:Query",
        "dynamodb:UpdateItem",
      ]);
      const onIndex = dynamo.filter((s) => JSON.stringify(s.Resource).includes("/index/"));
      expect(
        onIndex.map((s) => [actionsOf(s), JSON.stringify(s.Resource).match(/\/index\/(\w+)"/)?.[1]]),
      ).toEqual([[["dynamodb:Query"], "byStatus"]]);
    });
  });

  describe("the case log's role", () => {
    const caseLogStatements = () => roleStatements(caseLogFunction());

    it("may sign staff in with the admin flow, on the staff pool only", () => {
      const cognito = statements().filter((s) => actionsOf(s).some((a) => a.startsWith("cognito-idp:")));
      expect(cognito).toHaveLength(1);
      expect(caseLogStatements()).toContainEqual(cognito[0]);
      expect(actionsOf(cognito[0] as Statement).sort()).toEqual([
        "cognito-idp:AdminInitiateAuth",
        "cognito-idp:AdminRespondToAuthChallenge",
      ]);
      expect(cognito[0]?.Resource).toEqual({ "Fn::GetAtt": [logicalId("AWS::Cognito::UserPool"), "Arn"] });
    });

    it("queries only the table and the byStatus and byDestination indexes", () => {
      const queries = caseLogStatements().filter((s) => actionsOf(s).includes("dynamodb:Query"));
      const resourcesJson = queries.flatMap((s) => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]));
      expect(resourcesJson).toHaveLength(3);
      const onTable = resourcesJson.filter((r) => !JSON.stringify(r).includes("/index/"));
      expect(onTable).toHaveLength(1);
      expect(JSON.stringify(onTable[0])).toMatch(/Reports.*Arn/);
      const indexes = resourcesJson.flatMap((r) =>
        [...JSON.stringify(r).matchAll(/\/index\/(\w+)"/g)].map((m) => m[1]),
      );
      expect(indexes.sort()).toEqual(["byDestination", "byStatus"]);
    });

    it("has item-level table access, and may queue a case again", () => {
      const actions = caseLogStatements().flatMap(actionsOf);
      for (const action of [
        "dynamodb:GetItem",
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "sqs:SendMessage",
        "kms:GenerateDataKey",
      ])
        expect(actions).toContain(action);
      expect(actions.filter((a) => /^dynamodb:(Scan|Batch|Transact|Delete)/.test(a))).toEqual([]);
    });
  });

  // Each grant below is used by the code: test/infra/iam-replay.test.ts replays the journeys
  // against these policies and prints any grant no call used.
  it("grants each queue consumer only what its event source mapping and its code use", () => {
    const sqsActions = (description: string) =>
      [
        ...new Set(
          roleStatements(functionById(functionId(description)))
            .flatMap(actionsOf)
            .filter((a) => a.startsWith("sqs:")),
        ),
      ].sort();
    // The mapping receives, deletes and reads the queue's attributes; dispatch also delays a retry.
    expect(sqsActions("SES delivery")).toEqual([
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage",
      "sqs:SendMessage",
    ]);
    expect(sqsActions("Dispatch queue consumer")).toEqual([
      "sqs:ChangeMessageVisibility",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:ReceiveMessage",
    ]);
  });

  it("gives the delivery-events and dispatch functions only the item actions they make", () => {
    const dynamoActions = (description: string) =>
      [
        ...new Set(
          roleStatements(functionById(functionId(description)))
            .flatMap(actionsOf)
            .filter((a) => a.startsWith("dynamodb:")),
        ),
      ].sort();
    expect(dynamoActions("SES delivery")).toEqual(["dynamodb:GetItem", "dynamodb:UpdateItem"]);
    // Query: a body's recent cases (possible duplicates, byDestination) and a pair's timeline.
    expect(dynamoActions("Dispatch queue consumer")).toEqual([
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:Query",
      "dynamodb:UpdateItem",
    ]);
  });

  it("uses a wildcard resource only for X-Ray", () => {
    for (const statement of statements()) {
      if (statement.Resource === "*")
        for (const action of actionsOf(statement)) expect(action).toMatch(/^xray:/);
    }
  });
});
