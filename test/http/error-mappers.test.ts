import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import {
  ForbiddenError,
  MethodNotAllowedError,
  NotFoundError,
  OutsideDistrictError,
  SignpostedError,
  UnreadableInputError,
  ValidationError,
} from "#core/errors.js";
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
});
