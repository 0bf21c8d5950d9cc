import { DynamoSessionStore } from "#adapters/dynamodb/dynamo-session-store.js";
import type { Queue } from "#core/ports/queue.js";
import { services } from "#core/services/index.js";
import type { Config } from "../../config/env.js";
import type { FormSession } from "../../http/web/journey-state.js";
import { createRenderer, templateDirs } from "../../http/web/render.js";
import type { BaseAdapters } from "../adapters/base-adapters.js";
import { sqsQueue } from "../adapters/sqs-queue.js";
import { createIntakeApp } from "./intake-app.js";

/** The resident form: the intake use case plus pages, sessions and templates. */
export async function createWebApp(
  config: Config,
  adapters: BaseAdapters,
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
