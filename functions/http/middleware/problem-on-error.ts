import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import { logger } from "../logger.js";
import { problemFor, problemResponse } from "../problem.js";

/**
 * Turns any error a handler throws into a problem+json response. Expected errors (4xx) are logged at
 * info; anything else at error with its stack, but never with the request body.
 */
export function problemOnError(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: async function problemOnErrorMiddlewareOnError(request) {
      const problem = problemFor(request.error);
      if (problem.status >= 500) logger.error("Unhandled error", { error: request.error as Error });
      else logger.info("Rejected request", { status: problem.status, type: problem.type });
      request.response = problemResponse(problem);
    },
  };
}
