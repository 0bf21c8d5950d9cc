import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { type FieldIssue, NotFoundError, OutsideDistrictError, ValidationError } from "#core/errors.js";

/** RFC 9457 (formerly 7807) problem details; `errors` lists each bad field. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldIssue[];
}

export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store" },
    body: JSON.stringify(problem),
  };
}

export function problem(
  status: number,
  slug: string,
  title: string,
  detail: string,
  errors?: FieldIssue[],
): Problem {
  return {
    type: `https://signpost.example/problems/${slug}`,
    title,
    status,
    detail,
    ...(errors ? { errors } : {}),
  };
}

/** The one place typed errors become HTTP statuses. Anything unknown is a 500 without internals. */
export function problemFor(error: unknown): Problem {
  if (error instanceof ValidationError) {
    return problem(
      400,
      "invalid-report",
      "Your request has errors",
      "Correct the fields listed in errors.",
      error.issues,
    );
  }
  if (error instanceof OutsideDistrictError) {
    return problem(
      422,
      "outside-district",
      "That location is outside our area",
      `${error.message}. Contact the council for that area instead.`,
      [{ field: "location", message: `The location must be in ${error.districtName}` }],
    );
  }
  if (error instanceof NotFoundError) return problem(404, "not-found", "Not found", error.message);
  return problem(
    500,
    "internal",
    "Something went wrong",
    "Try again later. Your report has not been lost if you were given a reference.",
  );
}
