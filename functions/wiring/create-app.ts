import { join } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SESClient } from "@aws-sdk/client-ses";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { CsvPostcodeLookup } from "#adapters/geodata/csv-postcode-lookup.js";
import { loadBoundaryIndex } from "#adapters/geodata/load-boundaries.js";
import { ModernGovDirectory } from "#adapters/moderngov/moderngov-directory.js";
import { SqsQueue } from "#adapters/queue/sqs-queue.js";
import { SesMailer } from "#adapters/ses/ses-mailer.js";
import { systemClock } from "#core/ports/clock.js";
import type { Queue } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import { createDispatchReport } from "#core/use-cases/dispatch-report.js";
import { createSubmitReport } from "#core/use-cases/submit-report.js";
import type { Config } from "../config/env.js";

/**
 * The composition root: the only place SDK clients and adapters are built. Lambda entries and the
 * local runtime both call it; locally the config carries emulator endpoints and a local queue.
 */
export async function createApp(config: Config, overrides: { queue?: Queue } = {}) {
  const local = (endpoint: string | undefined) =>
    endpoint
      ? {
          endpoint,
          region: config.AWS_REGION,
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        }
      : { region: config.AWS_REGION };

  const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient(local(config.DYNAMODB_ENDPOINT)), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const caseStore = new DynamoCaseStore({ client: dynamo, tableName: config.TABLE_NAME });
  const mailer = new SesMailer({
    client: new SESClient(local(config.SES_ENDPOINT)),
    from: config.SENDER_EMAIL,
    ...(config.SES_CONFIGURATION_SET ? { configurationSetName: config.SES_CONFIGURATION_SET } : {}),
  });
  const directory = new ModernGovDirectory({
    baseUrl: config.MODERNGOV_BASE_URL,
    timeoutMs: config.MODERNGOV_TIMEOUT_MS,
  });
  const [boundaries, postcodes] = await Promise.all([
    loadBoundaryIndex(config.GEODATA_DIR),
    CsvPostcodeLookup.fromFile(join(config.GEODATA_DIR, "postcodes.csv")),
  ]);
  const queue = overrides.queue ?? sqsQueue(config);

  const submitReport = createSubmitReport({
    services,
    boundaries,
    postcodes,
    caseStore,
    queue,
    clock: systemClock,
    retentionDays: config.RETENTION_DAYS,
  });
  const dispatchReport = createDispatchReport({
    services,
    caseStore,
    directory,
    mailer,
    clock: systemClock,
    district: {
      ...boundaries.district,
      councilName: config.DISTRICT_COUNCIL_NAME,
      email: config.DISTRICT_EMAIL,
    },
  });
  return { submitReport, dispatchReport, caseStore, boundaries, services };
}

export type App = Awaited<ReturnType<typeof createApp>>;

function sqsQueue(config: Config): Queue {
  if (!config.DISPATCH_QUEUE_URL)
    throw new Error("DISPATCH_QUEUE_URL is required when no local queue is given");
  return new SqsQueue({
    client: new SQSClient({ region: config.AWS_REGION }),
    queueUrl: config.DISPATCH_QUEUE_URL,
  });
}
