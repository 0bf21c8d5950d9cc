import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import {
  type FieldIssue,
  ForbiddenError,
  IdempotencyConflictError,
  MethodNotAllowedError,
  NotFoundError,
  OutsideDistrictError,
  TooManyRequestsError,
  UnreadableInputError,
  ValidationError,
} from "#core/errors.js";

/** RFC 9457 (formerly 7807) problem details; `errors` lists each bad field. */
export interface Problem {
  type: string;
  /** Response headers that go with it (e.g. `allow` on a 405); never serialised. */
  headers?: Record<string, string>;
  title: string;
  status: number;
  detail: string;
  errors?: FieldIssue[];
}

export function problemResponse(problem: Problem): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: problem.status,
    headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...problem.headers },
    body: JSON.stringify({ ...problem, headers: undefined }),
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
      error.postcode
        ? [{ field: "location.postcode", message: `The postcode must be in ${error.districtName}` }]
        : [{ field: "location", message: `The location must be in ${error.districtName}` }],
    );
  }
  if (error instanceof ForbiddenError) return problem(403, "forbidden", "Forbidden", error.message);
  if (error instanceof NotFoundError) return problem(404, "not-found", "Not found", error.message);
  if (error instanceof MethodNotAllowedError) {
    return {
      ...problem(405, "method-not-allowed", "Method not allowed", `${error.message}.`),
      headers: { allow: error.allowed.join(", ") },
    };
  }
  if (error instanceof TooManyRequestsError) {
    return {
      ...problem(
        429,
        "too-many-requests",
        "Too many reports",
        `This client has sent more reports than it may ${error.scope}. Try again in ${error.retryAfterSeconds} seconds.`,
      ),
      headers: { "retry-after": String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof IdempotencyConflictError) {
    return problem(
      422,
      "idempotency-key-reused",
      "Idempotency key already used",
      `${error.message}. Send a new Idempotency-Key with each new report.`,
      [{ field: "Idempotency-Key", message: `${error.key} was already used for a different report` }],
    );
  }
  if (error instanceof UnreadableInputError) {
    const [status, slug, title] =
      error.reason === "too-large"
        ? ([413, "too-large", "Request too large"] as const)
        : error.reason === "unsupported-type"
          ? ([415, "unsupported-media-type", "Send JSON"] as const)
          : ([400, "invalid-json", "Request body is not valid JSON"] as const);
    return problem(status, slug, title, error.message);
  }
  return problem(
    500,
    "internal",
    "Something went wrong",
    "Try again later. Your report has not been lost if you were given a reference.",
  );
}
