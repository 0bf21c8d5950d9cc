import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
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
import { htmlErrorFor, htmlErrorHeaders } from "../../functions/http/middleware/html-error-page.js";
import { open311ErrorFor } from "../../functions/http/open311/open311-errors.js";
import { problemFor, problemResponse } from "../../functions/http/problem.js";

// One mapper per channel: each typed error gets one status and words the client can act on.

describe("problem+json (the JSON API)", () => {
  it.each([
    [new ValidationError([{ field: "description", message: "Enter a description" }]), 400, "invalid-report"],
    [new OutsideDistrictError("Exampleshire Vale"), 422, "outside-district"],
    [new NotFoundError("There is no /api/x."), 404, "not-found"],
    [new ForbiddenError("Not yours"), 403, "forbidden"],
    [new MethodNotAllowedError(["POST"]), 405, "method-not-allowed"],
    [new UnreadableInputError("too-large", "big"), 413, "too-large"],
    [new UnreadableInputError("unsupported-type", "json please"), 415, "unsupported-media-type"],
    [new UnreadableInputError("malformed", "bad json"), 400, "invalid-json"],
    [new TooManyRequestsError(42, "per minute"), 429, "too-many-requests"],
    [new IdempotencyConflictError("abc-123"), 422, "idempotency-key-reused"],
    [new Error("db password is hunter2"), 500, "internal"],
  ])("%s → %i %s", (error, status, slug) => {
    const problem = problemFor(error);
    expect(problem.status).toBe(status);
    expect(problem.type).toBe(`https://signpost.example/problems/${slug}`);
    expect(JSON.stringify(problem)).not.toContain("hunter2");
  });

  it("puts a 405's Allow in the headers, not in the body", () => {
    const response = problemResponse(problemFor(new MethodNotAllowedError(["POST"])));
    expect(response.headers?.allow).toBe("POST");
    expect(JSON.parse(response.body ?? "")).not.toHaveProperty("headers");
  });

  it("tells a client over its limit when to try again, in Retry-After and in words", () => {
    const response = problemResponse(problemFor(new TooManyRequestsError(42, "per minute")));
    expect(response.statusCode).toBe(429);
    expect(response.headers?.["retry-after"]).toBe("42");
    expect(JSON.parse(response.body ?? "").detail).toBe(
      "This client has sent more reports than it may per minute. Try again in 42 seconds.",
    );
  });

  it("names a reused idempotency key", () => {
    const problem = problemFor(new IdempotencyConflictError("abc-123"));
    expect(problem.detail).toContain("Idempotency-Key abc-123 was already used for a different report");
    expect(problem.errors).toEqual([
      { field: "Idempotency-Key", message: "abc-123 was already used for a different report" },
    ]);
  });
});

describe("Open311's error list", () => {
  const answer = (error: unknown, format: "json" | "xml" = "json") =>
    open311ErrorFor(error, format) as APIGatewayProxyStructuredResultV2;

  it("names each bad field by its Open311 name", () => {
    const response = answer(
      new ValidationError([{ field: "reporter.email", message: "Enter an email address" }]),
    );
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body ?? "")).toEqual([
      { code: 400, description: "email: Enter an email address" },
    ]);
  });

  it("says where a signposted report should go and that nothing was stored", () => {
    const error = new SignpostedError("danger", {
      title: "Call 999 now",
      message: "If anyone is in immediate danger, call 999.",
    });
    expect(JSON.parse(answer(error).body ?? "")[0].description).toBe(
      "Call 999 now. If anyone is in immediate danger, call 999. (rule danger; nothing was stored)",
    );
  });

  it.each([
    [new ForbiddenError("api_key is required"), 403],
    [new NotFoundError("service_code x not found"), 404],
    [new MethodNotAllowedError(["GET"]), 405],
    [new UnreadableInputError("too-large", "x"), 413],
    [new UnreadableInputError("unsupported-type", "x"), 415],
    [new UnreadableInputError("malformed", "x"), 400],
    [new OutsideDistrictError("Exampleshire Vale"), 400],
    [new TooManyRequestsError(42, "per minute"), 429],
    [new IdempotencyConflictError("abc-123"), 422],
    [new Error("internal detail"), 500],
  ])("%s → %i, in XML too", (error, status) => {
    const response = answer(error, "xml");
    expect(response.statusCode).toBe(status);
    expect(response.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<errors>/);
    expect(response.body).not.toContain("internal detail");
  });

  it("sends Allow with a 405", () => {
    expect(answer(new MethodNotAllowedError(["GET", "POST"])).headers?.allow).toBe("GET, POST");
  });

  it("tells a client over its limit when to try again", () => {
    const response = answer(new TooManyRequestsError(3599, "per hour"));
    expect(response.statusCode).toBe(429);
    expect(response.headers?.["retry-after"]).toBe("3599");
    expect(JSON.parse(response.body ?? "")).toEqual([
      {
        code: 429,
        description: "This client has sent more requests than it may per hour; try again in 3599 seconds",
      },
    ]);
  });

  it("names a reused idempotency key", () => {
    expect(JSON.parse(answer(new IdempotencyConflictError("abc-123")).body ?? "")[0].description).toContain(
      "Idempotency-Key abc-123 was already used for a different report",
    );
  });
});

describe("the GOV.UK error page (the form)", () => {
  const views = {
    notFound: "not-found",
    staleForm: "stale",
    problem: "problem",
    tooManyRequests: "too-many",
    alreadySent: "already-sent",
  };

  it("answers a client over its limit with its own page, a 429 and Retry-After", () => {
    const error = new TooManyRequestsError(75, "per minute");
    expect(htmlErrorFor(error, views, "/speeding/check-answers")).toMatchObject({
      status: 429,
      view: "too-many",
      context: {
        title: "You have sent a lot of reports",
        wait: "2 minutes",
        retryHref: "/speeding/check-answers",
      },
    });
    expect(htmlErrorHeaders(error)).toEqual({ "retry-after": "75" });
    expect(htmlErrorHeaders(new NotFoundError("x"))).toEqual({});
  });

  it.each([
    [1, "1 second"],
    [59, "59 seconds"],
    [60, "1 minute"],
    [61, "2 minutes"],
    [3600, "60 minutes"],
  ])("says a wait of %i s as %s", (seconds, words) => {
    expect(htmlErrorFor(new TooManyRequestsError(seconds, "per minute"), views)).toMatchObject({
      context: { wait: words },
    });
  });

  it("falls back to the problem view where an app has no page of its own (the case log)", () => {
    const caseLogViews = { notFound: "message", staleForm: "message", problem: "message" };
    expect(htmlErrorFor(new TooManyRequestsError(5, "per minute"), caseLogViews)).toMatchObject({
      status: 429,
      view: "message",
    });
    expect(htmlErrorFor(new IdempotencyConflictError("k"), caseLogViews)).toMatchObject({
      status: 422,
      view: "message",
    });
  });

  it("tells a resident who changed a sent form that it was already sent", () => {
    expect(htmlErrorFor(new IdempotencyConflictError("token"), views)).toMatchObject({
      status: 422,
      view: "already-sent",
      context: { title: "You have already sent this report" },
    });
  });
});
