import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import { Rule, Schedule } from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import { PolicyStatement, Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import type { RetentionDays } from "aws-cdk-lib/aws-logs";
import { CfnSchedule } from "aws-cdk-lib/aws-scheduler";
import type { Construct } from "constructs";
import { dispatchQueueSettings } from "../../functions/config/dispatch-queue-settings.js";
import { apiThrottle, councilsFileText, type EnvironmentConfig } from "../config.js";
import { ClientHashSecret } from "../constructs/client-hash-secret.js";
import { OperationsAlarms } from "../constructs/operations-alarms.js";
import { PublicApi } from "../constructs/public-api.js";
import { consumeQueue } from "../constructs/queue-consumer.js";
import { SignpostFunction } from "../constructs/signpost-function.js";
import { StaffUserPool } from "../constructs/staff-user-pool.js";
import type { DataStack } from "./data-stack.js";
import type { MessagingStack } from "./messaging-stack.js";

/** The weekly clerk directory refresh: Mondays at 06:00, in EventBridge Scheduler's cron syntax. */
export const DIRECTORY_REFRESH_SCHEDULE = "cron(0 6 ? * MON *)";

/**
 * The table partitions the weekly directory refresh works in (dynamodb:LeadingKeys): the directory
 * (cached contacts), the last summary's baseline and the Modern.Gov pacing items (adapters/dynamodb/keys.ts).
 */
export const DIRECTORY_REFRESH_PARTITIONS = ["DIRECTORY", "DIRECTORYREPORT", "PACING#*"];

/** CloudWatch namespace of Signpost's own metrics (EMF from the handlers, log metric filters). */
export const METRICS_NAMESPACE = "Signpost";

export interface AppStackProps extends StackProps {
  config: EnvironmentConfig;
  data: DataStack;
  messaging: MessagingStack;
}

/** What changes with the code: the functions, the public API and staff sign-in. */
export class AppStack extends Stack {
  readonly functions: Record<
    | "intake"
    | "web"
    | "open311"
    | "dispatch"
    | "health"
    | "deliveryEvents"
    | "caseLog"
    | "requeue"
    | "digest"
    | "directoryRefresh",
    SignpostFunction
  >;
  readonly api: PublicApi;
  readonly staff: StaffUserPool;
  readonly alarms: OperationsAlarms;
  readonly clientHash: ClientHashSecret;

  constructor(scope: Construct, id: string, props: AppStackProps) {
    super(scope, id, props);
    const { config, data, messaging } = props;
    const logRetention = config.logRetentionDays as RetentionDays;
    const table = data.table;

    // Names as functions/config/env.ts reads them (a test checks they agree).
    const environment = {
      TABLE_NAME: table.tableName,
      DISPATCH_QUEUE_URL: messaging.dispatch.queue.queueUrl,
      SES_CONFIGURATION_SET: messaging.mail.configurationSet.configurationSetName,
      SENDER_EMAIL: config.senderEmail,
      DISTRICT_EMAIL: config.districtEmail,
      DISTRICT_COUNCIL_NAME: config.councilName,
      DISTRICT_CODE: config.districtCode,
      DISTRICT_NAME: config.districtName,
      MODERNGOV_BASE_URL: config.moderngovBaseUrl,
      RETENTION_DAYS: String(config.retentionDays),
      MAX_RECEIVE_COUNT: String(config.maxReceiveCount),
      CLIENT_REPORTS_PER_MINUTE: String(config.limits.clientReportsPerMinute),
      CLIENT_REPORTS_PER_HOUR: String(config.limits.clientReportsPerHour),
      API_KEY_REPORTS_PER_MINUTE: String(config.limits.apiKeyReportsPerMinute),
      API_KEY_REPORTS_PER_HOUR: String(config.limits.apiKeyReportsPerHour),
      BODY_EMAILS_PER_DAY: String(config.limits.bodyEmailsPerDay),
      ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY: String(config.limits.acknowledgementsPerAddressPerDay),
      DUPLICATE_RADIUS_METRES: String(config.limits.duplicateRadiusMetres),
      DIGEST_HOUR: String(config.limits.digestHour),
      // The handlers' EMF metrics land here; the alarms on them read the same namespace.
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    };
    // Every council's settings (public info and clerk directory included) go in a bundled file:
    // too big for a function's 4 KB environment. Written here, copied into each bundle.
    const councilsFile = join(mkdtempSync(join(tmpdir(), "signpost-councils-")), "councils.json");
    writeFileSync(councilsFile, councilsFileText(config));
    const common = { environment, logRetention, councilsFile };
    // Before the functions: the case log signs staff in against this pool.
    this.staff = new StaffUserPool(this, "Staff", { production: config.production });
    const staffPool = this.staff.userPool;

    const intake = new SignpostFunction(this, "Intake", {
      ...common,
      entry: "intake.ts",
      description: "POST /api/reports: validate, route, store and queue a report",
      geodataDir: config.geodataDir,
    });
    const web = new SignpostFunction(this, "Web", {
      ...common,
      entry: "web.ts",
      description: "The resident form: GOV.UK pages, sessions and submission",
      geodataDir: config.geodataDir,
      webAssets: true,
    });
    const open311 = new SignpostFunction(this, "Open311", {
      ...common,
      environment: {
        ...environment,
        OPEN311_API_KEY_SHA256: config.open311ApiKeyHashes.join(","),
        OPEN311_JURISDICTIONS: config.open311Jurisdictions.join(","),
      },
      entry: "open311.ts",
      description: "Open311 GeoReport v2: services, and requests posted or read by Open311 clients",
      geodataDir: config.geodataDir,
    });
    const dispatch = new SignpostFunction(this, "Dispatch", {
      ...common,
      entry: "dispatch.ts",
      description: "Dispatch queue consumer: find the clerk and email the report",
      timeout: Duration.seconds(dispatchQueueSettings.dispatchTimeoutSeconds),
      // bodies.json: the addresses of the bodies other than parishes and councils.
      geodataDir: config.geodataDir,
    });
    const deliveryEvents = new SignpostFunction(this, "DeliveryEvents", {
      ...common,
      entry: "delivery-events.ts",
      description: "SES delivery, bounce and complaint events onto case timelines",
    });
    const health = new SignpostFunction(this, "Health", {
      environment: { DISTRICT_COUNCIL_NAME: config.councilName },
      logRetention,
      entry: "health.ts",
      description: "GET /health",
    });
    const caseLog = new SignpostFunction(this, "CaseLog", {
      ...common,
      environment: {
        ...environment,
        // The function derives the token issuer from AWS_REGION, which Lambda sets, and the pool id.
        STAFF_USER_POOL_ID: staffPool.userPoolId,
        STAFF_CLIENT_ID: this.staff.client.userPoolClientId,
      },
      entry: "case-log.ts",
      description: "The staff case log: sign-in, cases, actions and CSV for council staff",
      // Boundaries for the case map and the area filter.
      geodataDir: config.geodataDir,
      caseLogAssets: true,
    });
    const requeue = new SignpostFunction(this, "Requeue", {
      ...common,
      entry: "requeue.ts",
      description: "Every 5 minutes: queue again cases whose dispatch job was lost",
      // Up to a few hundred cases a run, each sent and written one by one.
      timeout: Duration.seconds(60),
    });
    const digest = new SignpostFunction(this, "Digest", {
      ...common,
      entry: "digest.ts",
      description: "Daily: email each council the reports held over its daily cap",
      // A flood's worth of held reports: each read, sent in emails of 25, and recorded one by one.
      timeout: Duration.minutes(5),
      // bodies.json: the addresses of the bodies other than parishes and councils.
      geodataDir: config.geodataDir,
    });
    const directoryRefresh = new SignpostFunction(this, "DirectoryRefresh", {
      ...common,
      entry: "directory-refresh.ts",
      description: "Weekly: refresh every parish clerk's contact and email the district team what changed",
      // The parishes in the boundary data.
      geodataDir: config.geodataDir,
      // A few hundred parishes at one Modern.Gov request a second, each possibly several requests.
      timeout: Duration.minutes(15),
    });
    this.functions = {
      intake,
      web,
      open311,
      dispatch,
      health,
      deliveryEvents,
      caseLog,
      requeue,
      digest,
      directoryRefresh,
    };

    // Least privilege: item-level actions on the table, and queries on a named index only.
    const tableActions = (fn: SignpostFunction, actions: string[]) =>
      fn.addToRolePolicy(
        new PolicyStatement({ actions: actions.map((a) => `dynamodb:${a}`), resources: [table.tableArn] }),
      );
    // Each new case also moves its day's status counter (an UpdateItem on the counter item).
    tableActions(intake, ["PutItem", "GetItem", "UpdateItem"]);
    // Cases, idempotency keys and form sessions are all single items; cases move the counters too.
    // Beside them, one case's timeline (a query on the base table, its partition only): "Check your
    // report" finds the latest public update there, and a clerk's one-click answer what its link
    // has done already.
    tableActions(web, ["PutItem", "GetItem", "UpdateItem", "Query"]);
    // Dispatch claims and records a case (UpdateItem), reads it when the claim is refused (GetItem),
    // and reads and stores the clerks' contacts (GetItem, PutItem). It counts the daily caps and
    // holds a case for the digest (UpdateItem, PutItem), and looks for possible duplicates among the
    // body's recent cases (the byDestination index), reading a pair's timeline (a query on the base
    // table) for marks staff removed.
    tableActions(dispatch, ["GetItem", "PutItem", "UpdateItem", "Query"]);
    dispatch.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: [`${table.tableArn}/index/byDestination`],
      }),
    );
    // Every delivery notice is one conditional write to the case item, which reads it too; a
    // digest's notice first reads which cases the digest carried (GetItem). A clerk's permanent
    // bounce is noted for the clerk directory (UpdateItem on the parish's bounce item).
    tableActions(deliveryEvents, ["GetItem", "UpdateItem"]);
    // Open311 stores requests like intake (counters included), lists them by status (GET requests)
    // from that index, reads a status check's cases 100 at a time (BatchGetItem), and lists one
    // case's partition for its public updates (a query on the base table).
    tableActions(open311, ["PutItem", "GetItem", "UpdateItem", "BatchGetItem", "Query"]);
    open311.addToRolePolicy(
      new PolicyStatement({ actions: ["dynamodb:Query"], resources: [`${table.tableArn}/index/byStatus`] }),
    );
    // The case log reads a case's timeline (a query on the base table), records staff actions, and
    // records a signed-out session (read on every request); it lists cases by status or destination.
    // The clerk directory page lists the directory partition (Query), and sets or removes an
    // override with its audit entry and caches a refreshed contact (GetItem, PutItem).
    tableActions(caseLog, ["GetItem", "PutItem", "UpdateItem", "Query"]);
    caseLog.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: [`${table.tableArn}/index/byStatus`, `${table.tableArn}/index/byDestination`],
      }),
    );
    // Server-side sign-in with the pool's admin flow (the app client has no secret and no other flow).
    caseLog.addToRolePolicy(
      new PolicyStatement({
        actions: ["cognito-idp:AdminInitiateAuth", "cognito-idp:AdminRespondToAuthChallenge"],
        resources: [staffPool.userPoolArn],
      }),
    );
    // The safety net finds queued cases by status (the byStatus index), reads each one's timeline (a
    // query on the base table), then adds a timeline event to the case item (one UpdateItem).
    tableActions(requeue, ["UpdateItem", "Query"]);
    requeue.addToRolePolicy(
      new PolicyStatement({ actions: ["dynamodb:Query"], resources: [`${table.tableArn}/index/byStatus`] }),
    );

    // The digest reads the holds (a query on the table's digest partition, no index), reads each
    // case and the clerks' cached contacts (GetItem), caches a contact it fetched (PutItem), moves
    // each case held → sent (UpdateItem) and clears its hold (DeleteItem). It queues nothing.
    tableActions(digest, ["Query", "GetItem", "PutItem", "UpdateItem", "DeleteItem"]);
    // The directory refresh lists the cached contacts (a query on the directory partition, no
    // index), stores each parish's new one (PutItem), and takes its turns at the Modern.Gov host
    // from the shared token bucket (UpdateItem, and GetItem when another function had the turn).
    // Every function that asks Modern.Gov (dispatch, the digest, the case log) has those two already.
    // Its own partitions only (the directory, its baseline, the pacing items): it never reads a case.
    directoryRefresh.addToRolePolicy(
      new PolicyStatement({
        actions: ["Query", "GetItem", "PutItem", "UpdateItem"].map((a) => `dynamodb:${a}`),
        resources: [table.tableArn],
        conditions: {
          "ForAllValues:StringLike": { "dynamodb:LeadingKeys": DIRECTORY_REFRESH_PARTITIONS },
        },
      }),
    );

    // Narrower than queue.grantSendMessages: only SendMessage, and only the key operations SQS needs.
    // Producers: intake, the form and Open311; delivery-events re-queues bounced cases for the district;
    // the case log queues a case again when staff re-route or re-drive it; requeue when a job was lost.
    for (const producer of [intake, web, open311, deliveryEvents, caseLog, requeue]) {
      producer.addToRolePolicy(
        new PolicyStatement({ actions: ["sqs:SendMessage"], resources: [messaging.dispatch.queue.queueArn] }),
      );
      producer.addToRolePolicy(
        new PolicyStatement({
          actions: ["kms:GenerateDataKey", "kms:Decrypt"],
          resources: [messaging.key.keyArn],
        }),
      );
    }
    // The functions that name clients by a keyed hash of their address (clientOf) get the key.
    this.clientHash = new ClientHashSecret(this, "ClientHash", { functions: [intake, web, open311] });
    // --- Clerks' one-click links (issue 19, links-infra) ---
    // The functions that sign links (dispatch's report emails, the digest) or check them (the
    // form's /respond pages) read the key ring; nothing else may. Only GetSecretValue: they never
    // describe or change it (rotation is an operator's, ADR 0011). They ask for it by name; IAM
    // checks the call against the full ARN, random suffix included, which the grant names exactly.
    const linkKeys = data.linkKeySecret;
    for (const fn of [dispatch, digest, web]) {
      fn.addEnvironment("CLERK_LINK_SECRET_ID", linkKeys.name);
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ["secretsmanager:GetSecretValue"], resources: [linkKeys.secretArn] }),
      );
    }
    // --- end of clerks' one-click links ---

    messaging.mail.grantSendEmail(dispatch);
    messaging.mail.grantSendEmail(digest);
    messaging.mail.grantSendEmail(directoryRefresh);
    consumeQueue(dispatch, messaging.dispatch.queue, {
      batchSize: dispatchQueueSettings.batchSize,
      // Keeps Modern.Gov calls polite (about one request a second per host) under bursts.
      maxConcurrency: 2,
      // A failed job's next attempt is pushed back by the function (the retry schedule).
      changesVisibility: true,
    });
    // SES events arrive through their own queue (see DeliveryEventsQueue): a record the function
    // fails is retried alone, then dead-lettered, never dropped.
    consumeQueue(deliveryEvents, messaging.deliveryEvents.queue, { batchSize: 10 });
    // Not on the API: only this schedule invokes it (the event is ignored).
    new Rule(this, "RequeueSchedule", {
      description: "Queue again cases whose dispatch job was lost",
      schedule: Schedule.rate(Duration.minutes(5)),
      targets: [new LambdaFunction(requeue, { retryAttempts: 2 })],
    });

    // EventBridge Scheduler, not a rule: a rule's cron is UTC only, so a London hour would move by
    // one twice a year. On the spring-forward night an hour from 01:00 to 01:59 does not exist and
    // that run is skipped; the next day's run sends every older hold too, so nothing waits longer.
    // Its own role may invoke this function only (the L2 target would also grant its versions, `:*`).
    const digestScheduleRole = new Role(this, "DigestScheduleRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
    });
    digestScheduleRole.addToPolicy(
      new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [digest.functionArn] }),
    );
    new CfnSchedule(this, "DigestSchedule", {
      description: "Email each council the reports held over its daily cap",
      scheduleExpression: `cron(0 ${config.limits.digestHour} * * ? *)`,
      scheduleExpressionTimezone: "Europe/London",
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: digest.functionArn,
        roleArn: digestScheduleRole.roleArn,
        // Scheduler retries an invocation that failed (a throttle); the function's own failures are
        // retried by Lambda's asynchronous invoke (twice), and a re-run sends only what is still held.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
      },
    });

    // Mondays at 06:00 London time, before staff start: the email is waiting when they do. As the
    // digest's, a schedule of its own whose role may invoke this function only.
    const directoryRefreshScheduleRole = new Role(this, "DirectoryRefreshScheduleRole", {
      assumedBy: new ServicePrincipal("scheduler.amazonaws.com", {
        conditions: { StringEquals: { "aws:SourceAccount": this.account } },
      }),
    });
    directoryRefreshScheduleRole.addToPolicy(
      new PolicyStatement({ actions: ["lambda:InvokeFunction"], resources: [directoryRefresh.functionArn] }),
    );
    new CfnSchedule(this, "DirectoryRefreshSchedule", {
      description: "Refresh every parish clerk's contact and email the district team what changed",
      scheduleExpression: DIRECTORY_REFRESH_SCHEDULE,
      scheduleExpressionTimezone: "Europe/London",
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: directoryRefresh.functionArn,
        roleArn: directoryRefreshScheduleRole.roleArn,
        // A run that failed is not retried by the function's code; a second run only sends the
        // email again if something changed again, so Lambda's own retries are harmless.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
      },
    });

    this.api = new PublicApi(this, "PublicApi", {
      functions: { intake, health, web, open311, caseLog },
      logRetention,
      throttle: apiThrottle(config),
    });
    this.linkEmailsTo(this.api.stage.url);
    this.alarms = new OperationsAlarms(this, "Alarms", {
      topic: messaging.alarmTopic,
      metricsNamespace: METRICS_NAMESPACE,
      dispatchQueue: messaging.dispatch.queue,
      deadLetterQueues: {
        Dispatch: messaging.dispatch.deadLetterQueue,
        DeliveryEvents: messaging.deliveryEvents.deadLetterQueue,
      },
      functions: this.functions,
      api: this.api.api,
    });

    new CfnOutput(this, "StaffUserPoolId", {
      description: "The staff user pool: create staff and clerk accounts here",
      value: staffPool.userPoolId,
    });
    // Read by `npm run smoke` (DescribeStacks), and useful to a person deploying.
    new CfnOutput(this, "ApiUrl", { description: "The public API and form", value: this.api.stage.url });
    new CfnOutput(this, "SmokeAlarmName", {
      description: "The alarm `npm run smoke` sets to ALARM (and back) to prove alarms reach the topic",
      value: this.alarms.smokeAlarm.alarmName,
    });
    new CfnOutput(this, "CaseLogUrl", {
      description: "The staff case log",
      value: `${this.api.stage.url}staff/cases`,
    });
  }

  /**
   * The address the emails link to (ending "/"): the form (one-click answers, "Check your report")
   * from dispatch and the digest, the case log from those and the weekly directory refresh. The
   * API's own URL unless the app sits behind the edge, whose address then replaces it, so no link
   * skips the WAF. The web function cannot name its own API's URL (a cycle): its links are relative.
   */
  linkEmailsTo(address: string): void {
    const { dispatch, digest, directoryRefresh } = this.functions;
    directoryRefresh.addEnvironment("CASE_LOG_URL", `${address}staff/`);
    for (const fn of [dispatch, digest]) {
      fn.addEnvironment("PUBLIC_URL", address);
      fn.addEnvironment("CASE_LOG_URL", `${address}staff/`);
    }
  }
}
