import { createDynamoDigestContents } from "#adapters/dynamodb/dynamo-digest-contents.js";
import { createDynamoHeldReports } from "#adapters/dynamodb/dynamo-held-reports.js";
import { createDynamoSendBudget } from "#adapters/dynamodb/send-budget.js";
import { createWindowCounters } from "#adapters/dynamodb/window-counters.js";
import type { SendBudget } from "#core/ports/send-budget.js";
import type { Config } from "../../config/env.js";
import type { BaseAdapters } from "./base-adapters.js";

/** The reports table as the budget's and the digest's adapters reach it. */
function tableOf(config: Config, base: Pick<BaseAdapters, "dynamo" | "clock">) {
  return { client: base.dynamo, tableName: config.TABLE_NAME, now: () => base.clock.now() };
}

/** The holds of the daily digest (written by the send budget, read and cleared by the digest). */
export function heldReports(config: Config, base: Pick<BaseAdapters, "dynamo" | "clock">) {
  return createDynamoHeldReports(tableOf(config, base), { retentionDays: config.RETENTION_DAYS });
}

/** What each digest email carried: written by the digest, read by delivery events about a digest. */
export function digestContents(config: Config, base: Pick<BaseAdapters, "dynamo" | "clock">) {
  return createDynamoDigestContents(tableOf(config, base));
}

/**
 * The daily caps per recipient body, and per address for acknowledgements and progress emails, for dispatch: its role already
 * has the UpdateItem (counters) and PutItem (holds) this needs on the table.
 */
export function sendBudget(config: Config, base: Pick<BaseAdapters, "dynamo" | "clock">): SendBudget {
  return createDynamoSendBudget(
    { counters: createWindowCounters(tableOf(config, base)), heldReports: heldReports(config, base) },
    {
      bodyEmailsPerDay: config.BODY_EMAILS_PER_DAY,
      acknowledgementsPerAddressPerDay: config.ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY,
      progressEmailsPerAddressPerDay: config.PROGRESS_EMAILS_PER_ADDRESS_PER_DAY,
    },
  );
}
