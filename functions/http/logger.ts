import { Logger } from "@aws-lambda-powertools/logger";
import { RedactingLogFormatter } from "./redacting-log-formatter.js";

/**
 * One structured logger for every handler. Log references, codes and outcomes; never resident
 * personal data. The formatter removes any that slips in (an address inside an SES error, say).
 */
export const logger = new Logger({ serviceName: "signpost", logFormatter: new RedactingLogFormatter() });
