import type { MiddlewareObj } from "@middy/core";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2 } from "aws-lambda";
import {
  ForbiddenError,
  IdempotencyConflictError,
  MethodNotAllowedError,
  NotFoundError,
  OutsideDistrictError,
  SignpostedError,
  TooManyRequestsError,
  UnreadableInputError,
  ValidationError,
} from "#core/errors.js";
import { logger } from "../logger.js";
import { errorResponse, type Format } from "./format.js";
import { open311Field } from "./request-form.js";

/** Even a resource we do not have is answered in the format its extension asks for. */
export const formatOf = (path: string): Format => (path.endsWith(".xml") ? "xml" : "json");

/** The one place an error becomes Open311's error list (`[{code, description}]`) and status. */
export function open311ErrorFor(error: unknown, format: Format): APIGatewayProxyResultV2 {
  if (error instanceof ValidationError) {
    return errorResponse(
      400,
      format,
      error.issues.map((i) => `${open311Field(i.field)}: ${i.message}`),
    );
  }
  if (error instanceof SignpostedError) {
    const { title, message, link } = error.signpost;
    const where = link ? ` ${link.text}: ${link.href}` : "";
    return errorResponse(
      400,
      format,
      `${title}. ${message}${where} (rule ${error.ruleId}; nothing was stored)`,
    );
  }
  if (error instanceof OutsideDistrictError) {
    return errorResponse(
      400,
      format,
      `${error.message}: this endpoint takes requests in ${error.districtName} only. Contact the council for that area instead`,
    );
  }
  if (error instanceof ForbiddenError) return errorResponse(403, format, error.message);
  if (error instanceof NotFoundError) return errorResponse(404, format, error.message);
  if (error instanceof MethodNotAllowedError) {
    return errorResponse(405, format, error.message, { allow: error.allowed.join(", ") });
  }
  if (error instanceof TooManyRequestsError) {
    return errorResponse(
      429,
      format,
      `This client has sent more requests than it may ${error.scope}; try again in ${error.retryAfterSeconds} seconds`,
      { "retry-after": String(error.retryAfterSeconds) },
    );
  }
  if (error instanceof IdempotencyConflictError) {
    return errorResponse(422, format, `${error.message}; send a new key with each new request`);
  }
  if (error instanceof UnreadableInputError) {
    if (error.reason === "too-large") return errorResponse(413, format, "The request body is too large");
    if (error.reason === "malformed") return errorResponse(400, format, error.message);
    return errorResponse(
      415,
      format,
      "Send the request as application/x-www-form-urlencoded, or multipart/form-data",
    );
  }
  return errorResponse(500, format, "Something went wrong; try again later");
}

/** Answers any error thrown under /open311/v2/ with the spec's error list; only 5xx are logged as errors. */
export function open311Errors(): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyResultV2> {
  return {
    onError: function open311ErrorsOnError(request) {
      const response = open311ErrorFor(request.error, formatOf(request.event.rawPath));
      const status = typeof response === "object" ? (response.statusCode ?? 500) : 500;
      if (status >= 500) logger.error("Open311 request failed", { error: request.error as Error });
      else logger.info("Open311 request refused", { status, error: (request.error as Error).name });
      request.response = response;
    },
  };
}
