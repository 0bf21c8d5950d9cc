import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import type { CouncilAt } from "#core/councils/council-at.js";
import { notOfferedMessage, offers } from "#core/councils/offers.js";
import { MethodNotAllowedError, NotFoundError, ValidationError } from "#core/errors.js";
import { type ReportInput, reportInputSchema } from "#core/input/report-input.js";
import type { ServiceDefinition } from "#core/routing/service-schema.js";
import type { createSubmitReport } from "#core/use-cases/submit-report.js";
import { type ClientKeys, clientOf } from "../client-identity.js";
import { readJsonBody } from "../json-body.js";
import { logger } from "../logger.js";
import { countReportReceived } from "../metrics.js";
import { problemOnError } from "../middleware/problem-on-error.js";
import { fieldIssues } from "../zod-issues.js";

/** `POST /api/reports`: validate at the edge, hand to the core, shape the answer. */
export function createIntakeHandler(deps: {
  submitReport: ReturnType<typeof createSubmitReport>;
  clientKeys: ClientKeys;
  /** The council a location is in, and the services: a council takes only the services it offers. */
  councilAt?: CouncilAt;
  services?: ReadonlyMap<string, ServiceDefinition>;
}) {
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(problemOnError())
    .handler(async (event) => {
      // This function also answers the rest of /api/*, so API clients always get problem+json.
      if (event.rawPath !== "/api/reports") throw new NotFoundError(`There is no ${event.rawPath}.`);
      if (event.requestContext.http.method !== "POST") throw new MethodNotAllowedError(["POST"]);
      const input = reportInputSchema.safeParse(readJsonBody(event));
      if (!input.success) throw new ValidationError(fieldIssues(input.error));

      const key = event.headers?.["idempotency-key"];
      if (key !== undefined && !/^[A-Za-z0-9_-]{8,100}$/.test(key)) {
        throw new ValidationError([
          { field: "Idempotency-Key", message: "Use 8 to 100 letters, digits, hyphens or underscores" },
        ]);
      }
      await refuseIfNotOffered(input.data, deps);
      const result = await deps.submitReport(input.data, {
        client: clientOf(event, undefined, deps.clientKeys),
        ...(key ? { idempotencyKey: key } : {}),
      });
      countReportReceived(result);
      if (result.outcome === "signpost") {
        logger.info("Signposted", { service: input.data.service, rule: result.ruleId });
        return json(200, { outcome: "signpost", rule: result.ruleId, ...result.signpost });
      }
      logger.info("Report stored", { reference: result.reference, destination: result.destination.code });
      return json(
        201,
        { reference: result.reference, destination: result.destination },
        result.replayed ? { "idempotent-replayed": "true" } : {},
      );
    });
}

/**
 * A report of a service the location's council does not take is refused before anything is stored,
 * naming the field. An unknown service or a location in no council is the core's to answer.
 */
async function refuseIfNotOffered(
  input: ReportInput,
  deps: { councilAt?: CouncilAt; services?: ReadonlyMap<string, ServiceDefinition> },
): Promise<void> {
  const service = deps.services?.get(input.service);
  if (!service || !deps.councilAt) return;
  const council = await deps.councilAt(input.location);
  if (council && !offers(council, service.id)) {
    throw new ValidationError([{ field: "service", message: notOfferedMessage(council, service) }]);
  }
}

function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResultV2 {
  return {
    statusCode,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
    body: JSON.stringify(body),
  };
}
