import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { ScheduledEvent } from "aws-lambda";
import { validatedServices } from "#core/services/validated-services.js";
import { dispatchQueueSettings } from "../config/dispatch-queue-settings.js";
import { type Config, readConfig } from "../config/env.js";
import { DEMO_OPEN311_API_KEY_SHA256 } from "../config/open311-demo-key.js";
import { createCaseLogHandler } from "../http/case-log/case-log-handler.js";
import { createDeliveryEventsHandler } from "../http/handlers/delivery-events-handler.js";
import { createDigestHandler } from "../http/handlers/digest-handler.js";
import { createDirectoryRefreshHandler } from "../http/handlers/directory-refresh-handler.js";
import { createDispatchHandler } from "../http/handlers/dispatch-handler.js";
import { createHealthHandler } from "../http/handlers/health-handler.js";
import { createIntakeHandler } from "../http/handlers/intake-handler.js";
import { createRequeueHandler } from "../http/handlers/requeue-handler.js";
import { createOpen311Handler } from "../http/open311/open311-handler.js";
import { createWebHandler } from "../http/web/web-handler.js";
import { linkSigner } from "../wiring/adapters/link-signer.js";
import { sendBudget } from "../wiring/adapters/send-budget.js";
import { createDirectoryRefreshApp } from "../wiring/apps/directory-refresh-app.js";
import {
  createAdapters,
  createCaseLogApp,
  createDeliveryEventsApp,
  createDigestApp,
  createDispatchApp,
  createIntakeApp,
  createRequeueApp,
  createOpen311App,
  createWebApp,
} from "../wiring/create-app.js";
import type { AwsCall } from "../wiring/record-calls.js";
import { readClerkDirectoryFile } from "./clerk-directory-file.js";
import { dailyAt } from "./daily-timer.js";
import { demoCouncils } from "./demo-councils.js";
import { demoModernGovChrome } from "./demo-moderngov-chrome.js";
import { DEMO_PUBLIC_INFO } from "./demo-public-info.js";
import { startGateway } from "./gateway.js";
import { DEMO_STAFF_USERS, type LocalStaffUser, startLocalIdentityProvider } from "./identity-provider.js";
import { localContext } from "./lambda-context.js";
import { handleLocalAdmin } from "./local-admin.js";
import { localDispatchQueue } from "./local-dispatch-queue.js";
import { currentKeyRing, ensureLinkKeySecret } from "./local-link-keys.js";
import { startLocalSecretsManager } from "./local-secrets-manager.js";
import { LOCAL_ACCOUNT, startLocalSqs } from "./local-sqs.js";
import { listenOnLoopback } from "./loopback-listener.js";
import { type ModernGovServerOptions, startModernGovServer } from "./moderngov-server.js";
import { SqsEventSource } from "./sqs-event-source.js";
import { startDynalite } from "./start-dynalite.js";
import { startSesEmulator } from "./start-ses-emulator.js";
import { weeklyAt } from "./weekly-timer.js";

const REQUEUE_EVERY_MS = 5 * 60_000;

export interface LocalStackOptions {
  /** Gateway port; 0 picks a free one. */
  port?: number;
  sesPort?: number;
  moderngovPort?: number;
  /** The local Modern.Gov server's page template, and the sources it has switched off. */
  moderngov?: Pick<ModernGovServerOptions, "template" | "off">;
  /** Where dynalite and the queue keep their data; omit for an in-memory stack (tests). */
  dataDir?: string;
  /** Folder with the demo geodata and `clerks.json`. */
  geodataDir?: string;
  /** Settings that differ from the demo district's (e.g. a short visibility timeout in tests). */
  env?: Record<string, string>;
  /**
   * Lets tests put something (a fault-injecting proxy) between the functions and an emulator:
   * given the emulator's URL, return the URL the functions should use.
   */
  endpoints?: Partial<
    Record<"ses" | "dynamodb" | "moderngov" | "cognito" | "sqs" | "secretsManager", (url: string) => string>
  >;
  /**
   * Overrides of the shared dispatch queue settings (tests shorten the visibility timeout), and
   * how long one second of an SQS call lasts on the local endpoint (`secondMs: 1` runs retry
   * delays, which SQS takes in whole seconds, a thousand times faster).
   */
  queue?: { visibilityTimeoutMs?: number; maxReceiveCount?: number; secondMs?: number };
  /** The dispatch function's timeout, as its context reports it (tests shorten it). */
  dispatchTimeoutMs?: number;
  /** How often the re-queue safety net runs (default: every 5 minutes, as in AWS). */
  requeueEveryMs?: number;
  /**
   * Run the daily digest at DIGEST_HOUR, London time, as EventBridge Scheduler does in AWS (`npm
   * start` does; tests run it when they choose, with `digest()` or the local command).
   */
  scheduleDigest?: boolean;
  /**
   * Run the clerk directory refresh on Mondays at 06:00 London time, as EventBridge Scheduler does
   * in AWS (`npm start` does; tests run it with `directoryRefresh()` or the local command).
   */
  scheduleDirectoryRefresh?: boolean;
  /** Port of the local staff identity provider (0 picks a free one). */
  identityPort?: number;
  /** Port of the local SQS endpoint (0 picks a free one). */
  sqsPort?: number;
  /** Port of the local Secrets Manager endpoint (0 picks a free one). */
  secretsPort?: number;
  /**
   * `demo`: serve the demo's three councils (Exampleshire Vale, Harrowfield, Saltmere; see
   * docs/adr/0012-many-councils.md) from one councils file, as `npm start` does. Default: today's
   * one council from the single-council settings.
   */
  councils?: "demo";
  /** Staff accounts of the local identity provider (default: the demo staff login). */
  staffUsers?: LocalStaffUser[];
  /**
   * Told of every AWS call each function makes (its SDK calls, and the dispatch queue's event
   * source mapping's, which run with the dispatch function's role), to check them against the
   * synthesised IAM policies. When set, each function gets its own adapters, as each Lambda has
   * its own in AWS.
   */
  recordCalls?: (call: RecordedCall) => void;
}

/** The functions of the app stack, by the names `AppStack.functions` gives them. */
export type FunctionName =
  | "intake"
  | "web"
  | "open311"
  | "dispatch"
  | "deliveryEvents"
  | "requeue"
  | "caseLog"
  | "health"
  | "digest"
  | "directoryRefresh";

export interface RecordedCall extends AwsCall {
  function: FunctionName;
}

/** The local dispatch queue and its dead-letter queue, on the local SQS endpoint. */
export const DISPATCH_QUEUE = "signpost-dispatch";
export const DISPATCH_DEAD_LETTER_QUEUE = "signpost-dispatch-dlq";

/**
 * The dispatch queue's ARN in the default region, as the calls recorded against it name it (the
 * recorder forms queue ARNs from the config's region and the local account).
 */
export const LOCAL_QUEUE_ARN = `arn:aws:sqs:eu-west-2:${LOCAL_ACCOUNT}:${DISPATCH_QUEUE}`;

/**
 * The embedded local stack: the same handlers and core as in AWS, wired to dynalite, the SES
 * emulator, a local Modern.Gov-style server, the local identity provider and a local SQS endpoint,
 * with a local event source mapping feeding the dispatch function.
 */
export async function startLocalStack(options: LocalStackOptions = {}) {
  // The functions trust the service files a test has proven; the local stack checks them at start.
  validatedServices();
  const geodataDir = options.geodataDir ?? join(import.meta.dirname, "../../geodata/demo");
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };

  try {
    const tableName = options.env?.TABLE_NAME ?? "signpost-local";
    const dynamo = await startDynalite({
      tableName,
      ...(options.dataDir ? { path: join(options.dataDir, "dynamodb") } : {}),
    });
    stops.push(dynamo.close);
    const ses = await startSesEmulator({ port: options.sesPort ?? 0 });
    stops.push(ses.close);
    const moderngov = await startModernGovServer({
      directory: await readClerkDirectoryFile(join(geodataDir, "clerks.json")),
      chrome: demoModernGovChrome(),
      port: options.moderngovPort ?? 0,
      ...options.moderngov,
    });
    stops.push(moderngov.close);
    const identity = await startLocalIdentityProvider({
      port: options.identityPort ?? 0,
      users: options.staffUsers ?? DEMO_STAFF_USERS,
    });
    stops.push(identity.close);

    const { secondMs, ...queueOverrides } = options.queue ?? {};
    const queueSettings = { ...localQueueSettings(), ...queueOverrides };
    const sqs = await startLocalSqs({
      queues: {
        [DISPATCH_QUEUE]: {
          visibilityTimeoutMs: queueSettings.visibilityTimeoutMs,
          redrive: {
            deadLetterQueue: DISPATCH_DEAD_LETTER_QUEUE,
            maxReceiveCount: queueSettings.maxReceiveCount,
          },
        },
        [DISPATCH_DEAD_LETTER_QUEUE]: { visibilityTimeoutMs: 30_000 },
      },
      port: options.sqsPort ?? 0,
      region: options.env?.AWS_REGION ?? "eu-west-2",
      ...(secondMs === undefined ? {} : { secondMs }),
      ...(options.dataDir ? { persistPath: join(options.dataDir, "sqs-queues.json") } : {}),
    });
    stops.push(sqs.close);

    // Clerks' link keys: a secret on the local Secrets Manager endpoint, made at the first start
    // (kept in the data directory, so links already emailed survive a restart).
    const secretsManager = await startLocalSecretsManager({
      port: options.secretsPort ?? 0,
      region: options.env?.AWS_REGION ?? "eu-west-2",
      ...(options.dataDir ? { persistPath: join(options.dataDir, "secrets.json") } : {}),
    });
    stops.push(secretsManager.close);
    const linkKeySecret = ensureLinkKeySecret(secretsManager.secrets);
    // The gateway's port is bound first: the links in emails name its address.
    const listener = await listenOnLoopback(options.port ?? 0);
    stops.push(async () => {
      if (listener.server.listening)
        await new Promise<void>((resolve) => listener.server.close(() => resolve()));
    });

    const moderngovUrl = options.endpoints?.moderngov?.(moderngov.url) ?? moderngov.url;
    const councilsFile =
      options.councils === "demo" ? writeDemoCouncils(moderngovUrl, options.dataDir) : undefined;
    const config: Config = readConfig({
      ...(councilsFile ? { COUNCILS_FILE: councilsFile } : {}),
      MAX_RECEIVE_COUNT: String(queueSettings.maxReceiveCount),
      TABLE_NAME: tableName,
      DYNAMODB_ENDPOINT: options.endpoints?.dynamodb?.(dynamo.url) ?? dynamo.url,
      SES_ENDPOINT: options.endpoints?.ses?.(ses.url) ?? ses.url,
      SENDER_EMAIL: "signpost@exampleshire-vale.example.org",
      DISTRICT_EMAIL: "highways@exampleshire-vale.example.org",
      DISTRICT_COUNCIL_NAME: "Exampleshire Vale District Council",
      DISTRICT_CODE: "E07999999",
      DISTRICT_NAME: "Exampleshire Vale",
      MODERNGOV_BASE_URL: moderngovUrl,
      GEODATA_DIR: geodataDir,
      PUBLIC_INFO: JSON.stringify(DEMO_PUBLIC_INFO),
      // Plain http on loopback: a Secure cookie would not be sent back.
      COOKIE_SECURE: "false",
      // A fresh key each run, as a deployment has its own: clients' addresses are hashed with it.
      CLIENT_HASH_SECRET: randomBytes(32).toString("hex"),
      // The demo Open311 client key (printed by `npm start`), stored hashed as in AWS.
      OPEN311_API_KEY_SHA256: DEMO_OPEN311_API_KEY_SHA256,
      OPEN311_JURISDICTIONS: LOCAL_OPEN311_JURISDICTIONS.join(","),
      // Staff sign in to the case log against the local identity provider, which answers the
      // case log's Cognito SDK calls; its tokens are verified as in AWS.
      COGNITO_ENDPOINT: options.endpoints?.cognito?.(identity.endpoint) ?? identity.endpoint,
      STAFF_USER_POOL_ID: identity.userPoolId,
      STAFF_CLIENT_ID: identity.clientId,
      // Every function sends through the real SQS adapter and SDK client to the local endpoint.
      SQS_ENDPOINT: options.endpoints?.sqs?.(sqs.endpoint) ?? sqs.endpoint,
      DISPATCH_QUEUE_URL: sqs.queueUrl(DISPATCH_QUEUE),
      SECRETS_MANAGER_ENDPOINT:
        options.endpoints?.secretsManager?.(secretsManager.endpoint) ?? secretsManager.endpoint,
      ...options.env,
    });
    // As the CDK stack gives them: the link key secret to the functions that sign or check clerks'
    // links (by name, as in AWS), the form's address to those that write links into emails and to the
    // form itself, and the case log's to the emails.
    const links = {
      CLERK_LINK_SECRET_ID: linkKeySecret.name,
      PUBLIC_URL: `${listener.url}/`,
      CASE_LOG_URL: `${listener.url}/staff/`,
    };
    const configOf = (fn: "dispatch" | "digest" | "web"): Config => ({
      ...config,
      ...(fn === "web"
        ? { CLERK_LINK_SECRET_ID: links.CLERK_LINK_SECRET_ID, PUBLIC_URL: links.PUBLIC_URL }
        : links),
      ...options.env,
    });

    const adapters = createAdapters(config);
    const record = options.recordCalls;
    /** A function's adapters: its own, reporting its calls, when calls are recorded. */
    const adaptersOf = (fn: FunctionName) =>
      record ? createAdapters(config, { recordCall: (call) => record({ ...call, function: fn }) }) : adapters;
    const intakeApp = await createIntakeApp(config, adaptersOf("intake"));
    const dispatchAdapters = adaptersOf("dispatch");
    const dispatchApp = createDispatchApp(configOf("dispatch"), dispatchAdapters);
    const deliveryEventsApp = createDeliveryEventsApp(config, adaptersOf("deliveryEvents"));
    const app = { ...adapters, ...intakeApp, ...dispatchApp, ...deliveryEventsApp };
    const dispatch = createDispatchHandler(dispatchApp);
    // The event source mapping receives and deletes with the dispatch function's role. It is part
    // of the Lambda service, so it reaches the endpoint directly, not through a test's proxy.
    const pollerClient = dispatchAdapters.recorded(
      new SQSClient({
        endpoint: sqs.endpoint,
        region: config.AWS_REGION,
        credentials: { accessKeyId: "local", secretAccessKey: "local" },
      }),
    );
    const eventSource = new SqsEventSource({
      client: pollerClient,
      queueUrl: sqs.queueUrl(DISPATCH_QUEUE),
      queueArn: sqs.queueArn(DISPATCH_QUEUE),
      region: config.AWS_REGION,
      batchSize: queueSettings.batchSize,
      consumer: (event) =>
        dispatch(
          event,
          localContext(
            "signpost-dispatch",
            options.dispatchTimeoutMs ?? dispatchQueueSettings.dispatchTimeoutSeconds * 1000,
          ),
        ),
    });
    eventSource.start();
    stops.push(async () => {
      await eventSource.stop();
      pollerClient.destroy();
    });
    const queue = localDispatchQueue(
      sqs.queues,
      { queue: DISPATCH_QUEUE, deadLetterQueue: DISPATCH_DEAD_LETTER_QUEUE },
      eventSource,
    );

    // The schedule that queues again cases whose job was lost (EventBridge every 5 minutes in AWS).
    const requeue = createRequeueHandler(createRequeueApp(config, adaptersOf("requeue")));
    const runRequeue = () => requeue({} as ScheduledEvent, localContext("signpost-requeue"));
    const requeueTimer = setInterval(() => {
      runRequeue().catch(() => {});
    }, options.requeueEveryMs ?? REQUEUE_EVERY_MS);
    requeueTimer.unref();
    stops.push(async () => clearInterval(requeueTimer));

    // The daily digest of reports held over a body's cap (EventBridge Scheduler in AWS).
    const digestAdapters = adaptersOf("digest");
    const digest = createDigestHandler(createDigestApp(configOf("digest"), digestAdapters));
    /**
     * One run now; or, given `asOf`, the run that would happen then (a demo or a test sees
     * tomorrow's digest today without waiting for it): the same app on a clock set to that time.
     */
    const runDigest = (asOf?: Date) =>
      (asOf
        ? createDigestHandler(
            createDigestApp(configOf("digest"), { ...digestAdapters, clock: { now: () => asOf } }),
          )
        : digest)({} as ScheduledEvent, localContext("signpost-digest"));
    if (options.scheduleDigest) {
      const stopDigest = dailyAt(config.DIGEST_HOUR, () => {
        runDigest().catch(() => {});
      });
      stops.push(async () => stopDigest());
    }

    // The weekly clerk directory refresh (EventBridge Scheduler in AWS). Its email links to the
    // gateway's case log, whose address is known once the gateway is up (below).
    let gatewayUrl = (): string => {
      throw new Error("The gateway is not up yet");
    };
    const directoryRefreshAdapters = adaptersOf("directoryRefresh");
    const directoryRefreshOf = (clock = directoryRefreshAdapters.clock) =>
      createDirectoryRefreshHandler(
        createDirectoryRefreshApp(
          { ...config, CASE_LOG_URL: config.CASE_LOG_URL ?? `${gatewayUrl()}/staff/` },
          { ...directoryRefreshAdapters, clock },
        ),
      );
    /** One run now; or, given `asOf`, the run as it would happen then (its email's date). */
    const runDirectoryRefresh = (asOf?: Date) =>
      directoryRefreshOf(asOf ? { now: () => asOf } : undefined)(
        {} as ScheduledEvent,
        // The function's timeout in AWS (15 minutes): the run keeps back time to send its summary.
        localContext("signpost-directory-refresh", 15 * 60_000),
      );
    if (options.scheduleDirectoryRefresh) {
      const stopRefresh = weeklyAt("Mon", 6, () => {
        runDirectoryRefresh().catch(() => {});
      });
      stops.push(async () => stopRefresh());
    }

    const deliveryEvents = createDeliveryEventsHandler(deliveryEventsApp);
    const webAdapters = adaptersOf("web");
    const web = createWebHandler(await createWebApp(configOf("web"), webAdapters));
    const caseLog = createCaseLogHandler(await createCaseLogApp(config, adaptersOf("caseLog")));
    const gateway = await startGateway({
      server: listener.server,
      local: (req, res) =>
        handleLocalAdmin(req, res, {
          deliveryEvents,
          redrive: app.redrive,
          queue,
          digest: runDigest,
          directoryRefresh: runDirectoryRefresh,
        }),
      handlers: {
        intake: createIntakeHandler(intakeApp),
        health: createHealthHandler({ service: "signpost", district: config.DISTRICT_COUNCIL_NAME }),
        web,
        caseLog,
        open311: createOpen311Handler(await createOpen311App(config, adaptersOf("open311"))),
      },
    });
    stops.push(gateway.close);
    gatewayUrl = () => gateway.url;

    return {
      urls: {
        api: gateway.url,
        ses: ses.url,
        moderngov: moderngov.url,
        dynamodb: dynamo.url,
        identity: identity.issuer,
        sqs: sqs.endpoint,
        secretsManager: secretsManager.endpoint,
        /** The form's address, as the functions' PUBLIC_URL has it (ending "/"). */
        public: links.PUBLIC_URL,
      },
      /** The local staff identity provider (tests sign tokens with it). */
      identity,
      config,
      queue,
      app,
      /** The delivery-events function, for replaying SES notifications locally. */
      deliveryEvents,
      /** One run of the scheduled re-queue function. */
      requeue: runRequeue,
      /** One run of the daily digest function. */
      digest: runDigest,
      /** One run of the weekly clerk directory refresh function. */
      directoryRefresh: runDirectoryRefresh,
      /**
       * The daily caps as dispatch takes them (its adapters, so its calls are recorded as its own).
       * Until dispatch is wired to it, tests take the budget here the way dispatch will.
       */
      sendBudget: sendBudget(config, dispatchAdapters),
      /**
       * Clerks' link keys: the secret's ARN, the ring it holds now, and a new link signer as the
       * function given builds it (its config and adapters, so its calls are recorded as its own;
       * new each time, so it reads the ring afresh after a rotation).
       */
      linkKeys: {
        secretArn: linkKeySecret.arn,
        ring: () => currentKeyRing(secretsManager.secrets),
        /** The settings the function given runs with (the link settings are its own). */
        config: configOf,
        signer: (fn: "dispatch" | "digest" | "web") => {
          const signer = linkSigner(
            configOf(fn),
            { dispatch: dispatchAdapters, digest: digestAdapters, web: webAdapters }[fn],
          );
          if (!signer) throw new Error(`${fn} has no CLERK_LINK_SECRET_ID`);
          return signer;
        },
      },
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** The demo council's domain, which Open311 clients may give as jurisdiction_id (as cdk.json's demo). */
export const LOCAL_OPEN311_JURISDICTIONS = ["exampleshire-vale.example.org"];

/** The local queue's SQS settings, from the source the CDK queue uses too. */
export function localQueueSettings() {
  return {
    visibilityTimeoutMs: dispatchQueueSettings.visibilityTimeoutSeconds * 1000,
    maxReceiveCount: dispatchQueueSettings.maxReceiveCount,
    batchSize: dispatchQueueSettings.batchSize,
  };
}

export type LocalStack = Awaited<ReturnType<typeof startLocalStack>>;

/**
 * The demo's councils file, as the CDK app bundles one for the functions: in the data folder (it
 * names this run's Modern.Gov address, so it is written afresh at every start), or a temporary one.
 */
function writeDemoCouncils(moderngovUrl: string, dataDir: string | undefined): string {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "signpost-councils-"));
  const file = join(dir, "councils.json");
  writeFileSync(file, `${JSON.stringify({ councils: demoCouncils(moderngovUrl) }, null, 2)}\n`);
  return file;
}
