import { join } from "node:path";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESClient } from "@aws-sdk/client-ses";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { CognitoStaffAuth } from "#adapters/cognito/cognito-staff-auth.js";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { DynamoContactCache } from "#adapters/dynamodb/dynamo-contact-cache.js";
import { DynamoSessionStore } from "#adapters/dynamodb/dynamo-session-store.js";
import { CsvPostcodeLookup } from "#adapters/geodata/csv-postcode-lookup.js";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import { CachedDirectory } from "#adapters/moderngov/cached-directory.js";
import { ModernGovDirectory } from "#adapters/moderngov/moderngov-directory.js";
import { SqsQueue } from "#adapters/queue/sqs-queue.js";
import { SesMailer } from "#adapters/ses/ses-mailer.js";
import { systemClock } from "#adapters/system/system-clock.js";
import { systemIds } from "#adapters/system/system-ids.js";
import type { Queue } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import { createRecordDeliveryEvent } from "#core/use-cases/record-delivery-event.js";
import { createDeadLetterCases } from "#core/use-cases/redrive.js";
import { createRequeueAwaiting, defaultRequeueSettings } from "#core/use-cases/requeue-awaiting.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { createSubmitReport } from "#core/use-cases/submit-report.js";
import {
  directorySettings,
  requeueStaleMinutes,
  worstCaseRecordMs,
} from "../config/dispatch-queue-settings.js";
import { type Config, staffTokenIssuer } from "../config/env.js";
import { createCaseLogRenderer } from "../http/case-log/render.js";
import { createTokenVerifier } from "../http/case-log/token-verifier.js";
import { logger } from "../http/logger.js";
import type { FormSession } from "../http/web/journey-state.js";
import { createRenderer, templateDirs } from "../http/web/render.js";
import { type RecordCall, recordCalls } from "./record-calls.js";

/**
 * The composition root: the only place SDK clients and adapters are built. Each Lambda entry asks
 * for the use cases it serves, so a function loads only what it needs (only intake reads the
 * geodata). Locally the config carries emulator endpoints and the runtime passes its own queue.
 */
export function createAdapters(config: Config, options: AdapterOptions = {}) {
  const clientConfig = (endpoint: string | undefined) => sdkClientConfig(config, endpoint);
  const clock = systemClock;
  const recorded = <C extends Parameters<typeof recordCalls>[0]>(client: C) =>
    recordCalls(client, { record: options.recordCall, region: config.AWS_REGION, account: LOCAL_ACCOUNT });

  const dynamo = DynamoDBDocumentClient.from(
    recorded(new DynamoDBClient(clientConfig(config.DYNAMODB_ENDPOINT))),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return {
    recorded,
    dynamo,
    caseStore: new DynamoCaseStore({
      client: dynamo,
      tableName: config.TABLE_NAME,
      // The case is written; a count one out is worth a warning, not a failed request.
      onCounterError: (error, detail) =>
        logger.warn("Status counter not moved", { ...detail, error: error as Error }),
    }),
    mailer: new SesMailer({
      client: recorded(new SESClient(clientConfig(config.SES_ENDPOINT))),
      from: config.SENDER_EMAIL,
      ...(config.SES_CONFIGURATION_SET ? { configurationSetName: config.SES_CONFIGURATION_SET } : {}),
    }),
    directory: new CachedDirectory(
      new ModernGovDirectory({
        baseUrl: config.MODERNGOV_BASE_URL,
        timeoutMs: config.MODERNGOV_TIMEOUT_MS,
        minIntervalMs: config.MODERNGOV_MIN_INTERVAL_MS,
        attempts: directorySettings.tries,
        retryBaseMs: directorySettings.retryBaseMs,
        now: () => clock.now().getTime(),
        pacingClock: clock,
      }),
      new DynamoContactCache({ client: dynamo, tableName: config.TABLE_NAME }),
      { freshMs: config.CONTACT_CACHE_HOURS * 3_600_000 },
    ),
    clock,
    ids: systemIds,
  };
}

export interface AdapterOptions {
  /**
   * Told of every AWS call the clients make (the local stack checks them against the synthesised
   * IAM policies). Absent in AWS, where the clients are built unchanged.
   */
  recordCall?: RecordCall;
}

/** The account recorded ARNs name: only the local runtime records, and it has no account. */
const LOCAL_ACCOUNT = "000000000000";

/** An SDK client's settings: the region, or a local emulator's endpoint with dummy credentials. */
function sdkClientConfig(config: Config, endpoint: string | undefined) {
  return endpoint
    ? { endpoint, region: config.AWS_REGION, credentials: { accessKeyId: "local", secretAccessKey: "local" } }
    : { region: config.AWS_REGION };
}

type Adapters = ReturnType<typeof createAdapters>;

export async function createIntakeApp(
  config: Config,
  adapters: Adapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  const geodataDir = config.GEODATA_DIR;
  if (!geodataDir) throw new Error("GEODATA_DIR is required by the intake function");
  const [boundaries, postcodes] = await Promise.all([
    loadBoundaryIndex(geodataDir),
    CsvPostcodeLookup.fromFile(join(geodataDir, "postcodes.csv")),
  ]);
  if (boundaries.district.code !== config.DISTRICT_CODE) {
    throw new Error(
      `GEODATA_DIR holds ${boundaries.district.code}, but DISTRICT_CODE is ${config.DISTRICT_CODE}`,
    );
  }
  const submitReport = createSubmitReport({
    ...adapters,
    services,
    boundaries,
    postcodes,
    queue,
    retentionDays: config.RETENTION_DAYS,
  });
  return { submitReport, boundaries, postcodes };
}

/** Open311 GeoReport v2: the intake use case, plus the case store for reading requests back. */
export async function createOpen311App(
  config: Config,
  adapters: Adapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  const intake = await createIntakeApp(config, adapters, queue);
  return {
    submitReport: intake.submitReport,
    services,
    caseStore: adapters.caseStore,
    clock: adapters.clock,
    apiKeyHashes: config.OPEN311_API_KEY_SHA256,
    jurisdictionId: config.DISTRICT_CODE,
    councilName: config.DISTRICT_COUNCIL_NAME,
    contactEmail: config.DISTRICT_EMAIL,
  };
}

/** The resident form: the intake use case plus pages, sessions and templates. */
export async function createWebApp(
  config: Config,
  adapters: Adapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  const intake = await createIntakeApp(config, adapters, queue);
  const dirs = templateDirs(config);
  return {
    ...intake,
    services,
    sessions: new DynamoSessionStore<FormSession>({ client: adapters.dynamo, tableName: config.TABLE_NAME }),
    render: createRenderer(dirs),
    ids: adapters.ids,
    clock: adapters.clock,
    councilName: config.DISTRICT_COUNCIL_NAME,
    retentionDays: config.RETENTION_DAYS,
    cookieSecure: config.COOKIE_SECURE === "true",
    assets: { govukFrontend: dirs.govukFrontend, own: dirs.static },
  };
}

/**
 * The staff case log: the case store, sign-in against the staff pool (Cognito in AWS, the local
 * identity provider under `npm start`: same SDK client, another endpoint), token checks against
 * that pool's JWKS, and the district's areas for filters and maps.
 */
export async function createCaseLogApp(
  config: Config,
  adapters: Adapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  const poolId = config.STAFF_USER_POOL_ID;
  const clientId = config.STAFF_CLIENT_ID;
  if (!poolId || !clientId) {
    throw new Error("STAFF_USER_POOL_ID and STAFF_CLIENT_ID are required by the case log");
  }
  const geodataDir = config.GEODATA_DIR;
  const boundaries = geodataDir ? await loadBoundaryIndex(geodataDir) : undefined;
  const dirs = templateDirs(config);
  const signedOut = new DynamoSessionStore<{ signedOut: true }>({
    client: adapters.dynamo,
    tableName: config.TABLE_NAME,
  });
  return {
    verifier: createTokenVerifier({ issuer: staffTokenIssuer(config, poolId), clientId }),
    auth: new CognitoStaffAuth({
      client: adapters.recorded(
        new CognitoIdentityProviderClient(sdkClientConfig(config, config.COGNITO_ENDPOINT)),
      ),
      userPoolId: poolId,
      clientId,
    }),
    signedOut: {
      add: (id: string, expiresAt: number) =>
        signedOut.put(`signed-out:${id}`, { signedOut: true }, expiresAt),
      has: async (id: string) => (await signedOut.get(`signed-out:${id}`)) !== undefined,
    },
    caseStore: adapters.caseStore,
    actions: createStaffActions({ ...adapters, queue }),
    redrive: createDeadLetterCases({ ...adapters, queue }).redrive,
    render: createCaseLogRenderer({
      govukFrontend: dirs.govukFrontend,
      ...(config.CASE_LOG_DIR ? { caseLog: config.CASE_LOG_DIR } : {}),
    }),
    councilName: config.DISTRICT_COUNCIL_NAME,
    ids: adapters.ids,
    clock: adapters.clock,
    areas: boundaries
      ? [
          { kind: "district" as const, ...boundaries.district },
          ...boundaries.parishes.map((p) => ({ kind: "parish" as const, ...p })),
        ]
      : [],
    ...(boundaries ? { boundaries } : {}),
    services: [...services.values()].map((s) => ({ id: s.id, name: s.name })),
    cookieSecure: config.COOKIE_SECURE === "true",
  };
}

/** The scheduled safety net that queues again cases whose dispatch job was lost. */
export function createRequeueApp(
  config: Config,
  adapters: Adapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  return {
    requeueAwaiting: createRequeueAwaiting(
      { ...adapters, queue },
      { ...defaultRequeueSettings, staleMinutes: requeueStaleMinutes },
    ),
  };
}

/** A queue that can also delay a failed job's next attempt (SQS and the local queue both can). */
type DispatchQueue = Queue & { changeVisibility?(receiptHandle: string, seconds: number): Promise<void> };

export function createDispatchApp(
  config: Config,
  adapters: Adapters,
  queue: DispatchQueue = sqsQueue(config, adapters),
) {
  const dispatchReport = createDispatchReport({
    ...adapters,
    services,
    district: {
      code: config.DISTRICT_CODE,
      name: config.DISTRICT_NAME,
      councilName: config.DISTRICT_COUNCIL_NAME,
      email: config.DISTRICT_EMAIL,
    },
    claimLeaseMs: config.SEND_CLAIM_LEASE_SECONDS * 1000,
  });
  const deadLetters = createDeadLetterCases({ ...adapters, queue });
  return {
    dispatchReport,
    markNotSent: deadLetters.markNotSent,
    redrive: deadLetters.redrive,
    maxReceiveCount: config.MAX_RECEIVE_COUNT,
    afterBatch: () => adapters.directory.settle(),
    backoff: { baseSeconds: config.RETRY_BASE_SECONDS, maxSeconds: config.RETRY_MAX_SECONDS },
    recordBudgetMs: worstCaseRecordMs({
      timeoutMs: config.MODERNGOV_TIMEOUT_MS,
      minIntervalMs: config.MODERNGOV_MIN_INTERVAL_MS,
    }),
    ...(queue.changeVisibility
      ? {
          delayRetry: (handle: string, seconds: number) =>
            queue.changeVisibility?.(handle, seconds) ?? Promise.resolve(),
        }
      : {}),
  };
}

export function createDeliveryEventsApp(
  config: Config,
  adapters: Adapters,
  queue: Queue = sqsQueue(config, adapters),
) {
  return {
    recordDeliveryEvent: createRecordDeliveryEvent({
      ...adapters,
      queue,
      district: { code: config.DISTRICT_CODE, name: config.DISTRICT_NAME },
    }),
  };
}

function sqsQueue(config: Config, adapters: Adapters): SqsQueue {
  if (!config.DISPATCH_QUEUE_URL)
    throw new Error("DISPATCH_QUEUE_URL is required when no local queue is given");
  return new SqsQueue({
    client: adapters.recorded(new SQSClient(sdkClientConfig(config, config.SQS_ENDPOINT))),
    queueUrl: config.DISPATCH_QUEUE_URL,
  });
}
