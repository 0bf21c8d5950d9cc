import { Logger } from "@aws-lambda-powertools/logger";

/**
 * One structured logger for every handler. Log references, codes and outcomes; never resident
 * personal data (names, emails, phone numbers, descriptions).
 */
export const logger = new Logger({ serviceName: "signpost" });
