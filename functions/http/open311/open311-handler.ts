import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { MethodNotAllowedError, NotFoundError } from "#core/errors.js";
import { logger } from "../logger.js";
import { createCouncilKeyCheck } from "./api-keys.js";
import { formatOf, open311Errors } from "./open311-errors.js";
import { OPEN311_PREFIX, open311Router } from "./open311-routes.js";
import type { Open311Deps } from "./open311-types.js";

/** Open311 GeoReport v2 under /open311/v2/: discovery, services, and requests in JSON or XML. */
export function createOpen311Handler(deps: Open311Deps) {
  const keyCouncil = createCouncilKeyCheck(deps.councils);
  return middy<APIGatewayProxyEventV2, APIGatewayProxyResultV2>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(open311Errors())
    .handler(async (event) => {
      const path = event.rawPath;
      const found = open311Router.match(event.requestContext.http.method, path);
      if (!found) {
        const allowed = open311Router.allowedMethods(path);
        if (allowed.length > 0) throw new MethodNotAllowedError(allowed);
        throw new NotFoundError(
          `There is no ${path}; resources end in .json or .xml, e.g. ${OPEN311_PREFIX}services.json`,
        );
      }
      const query = event.queryStringParameters ?? {};
      const format = formatOf(path);
      return found.route.handler({ deps, event, params: found.params, format, query, keyCouncil });
    });
}
