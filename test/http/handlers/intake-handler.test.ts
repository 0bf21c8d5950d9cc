import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { OutsideDistrictError, ValidationError } from "#core/errors.js";
import type { ReportInput } from "#core/input/report-input.js";
import type { SubmitOptions, SubmitReportResult } from "#core/use-cases/submit-report.js";
import { createIntakeHandler } from "#http/handlers/intake-handler.js";
import { localContext } from "../../../functions/local/lambda-context.js";
import { testClientKeys } from "../../helpers/client-keys.js";

// `POST /api/reports` from the outside: an API Gateway event in, a response out, with a fake
// submitReport. Only statuses, headers and bodies are asserted, not how the handler gets there.

const report = {
  service: "speeding",
  answers: { danger: "no", "road-type": "residential", outcome: "enforcement" },
  location: { postcode: "ZX1 2AB" },
  description: "Cars race down the hill after school",
};
const created: SubmitReportResult = {
  outcome: "created",
  reference: "SPD-AAAA-AAA4",
  destination: { kind: "parish", code: "E04999001", name: "Ashcombe" },
  replayed: false,
};

function request(
  options: {
    method?: string;
    path?: string;
    body?: string;
    headers?: Record<string, string>;
    base64?: boolean;
  } = {},
): APIGatewayProxyEventV2 {
  const method = options.method ?? "POST";
  const path = options.path ?? "/api/reports";
  const body = options.body ?? JSON.stringify(report);
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: "",
    headers: { "content-type": "application/json", ...options.headers },
    requestContext: {
      accountId: "111122223333",
      apiId: "api",
      domainName: "api.example.org",
      domainPrefix: "api",
      http: { method, path, protocol: "HTTP/1.1", sourceIp: "192.0.2.1", userAgent: "test" },
      requestId: "req-1",
      routeKey: "$default",
      stage: "$default",
      time: "23/Nov/2026:10:00:00 +0000",
      timeEpoch: 1_795_428_000_000,
    },
    body: options.base64 ? Buffer.from(body).toString("base64") : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

function setup(result: SubmitReportResult | Error = created) {
  const calls: Array<{ input: ReportInput; options: SubmitOptions | undefined }> = [];
  const handler = createIntakeHandler({
    clientKeys: testClientKeys,
    submitReport: async (input, options) => {
      calls.push({ input, options });
      if (result instanceof Error) throw result;
      return result;
    },
  });
  const send = async (event: APIGatewayProxyEventV2) => {
    const response = (await handler(event, localContext("intake"))) as APIGatewayProxyStructuredResultV2;
    return { ...response, json: JSON.parse(response.body ?? "null") as Record<string, unknown> };
  };
  return { send, calls };
}

const PROBLEM = "application/problem+json";

describe("intake handler", () => {
  it("answers 201 with the reference and destination of a stored report", async () => {
    const { send, calls } = setup();
    const response = await send(request());
    expect(response.statusCode).toBe(201);
    expect(response.headers?.["content-type"]).toBe("application/json");
    expect(response.headers).not.toHaveProperty("idempotent-replayed");
    expect(response.json).toEqual({ reference: created.reference, destination: created.destination });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.input).toMatchObject({ service: "speeding", description: report.description });
    expect(calls[0]?.options?.idempotencyKey).toBeUndefined();
  });

  it("accepts a base64-encoded body", async () => {
    const { send } = setup();
    expect((await send(request({ base64: true }))).statusCode).toBe(201);
  });

  it("answers 200 with the signpost when the rules send the resident elsewhere", async () => {
    const { send } = setup({
      outcome: "signpost",
      ruleId: "danger-now",
      signpost: { title: "Call 999", message: "If someone is in danger now, call 999." },
    });
    const response = await send(request());
    expect(response.statusCode).toBe(200);
    expect(response.json).toMatchObject({ outcome: "signpost", rule: "danger-now", title: "Call 999" });
  });

  it("passes a valid Idempotency-Key on and says when the answer is a replay", async () => {
    const { send, calls } = setup({ ...created, replayed: true });
    const response = await send(request({ headers: { "idempotency-key": "client-key_0001" } }));
    expect(response.statusCode).toBe(201);
    expect(response.headers?.["idempotent-replayed"]).toBe("true");
    expect(calls[0]?.options).toEqual({
      idempotencyKey: "client-key_0001",
      client: expect.stringMatching(/^ip:[0-9a-f]{32}$/),
    });
  });

  it.each(["short", "has spaces in it", "x".repeat(101), "semi;colon-key"])(
    "answers 400 for the Idempotency-Key %j without submitting",
    async (key) => {
      const { send, calls } = setup();
      const response = await send(request({ headers: { "idempotency-key": key } }));
      expect(response.statusCode).toBe(400);
      expect(response.headers?.["content-type"]).toBe(PROBLEM);
      expect(response.json.errors).toEqual([expect.objectContaining({ field: "Idempotency-Key" })]);
      expect(calls).toEqual([]);
    },
  );

  it("answers 400 naming each invalid field", async () => {
    const { send, calls } = setup();
    // (An empty description is the core's to refuse, by service: see submit-report-signposts.test.ts.)
    const body = JSON.stringify({ ...report, description: "\u202E", location: { postcode: "nonsense" } });
    const response = await send(request({ body }));
    expect(response.statusCode).toBe(400);
    expect(response.headers?.["content-type"]).toBe(PROBLEM);
    const fields = (response.json.errors as Array<{ field: string }>).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(["description", "location.postcode"]));
    expect(calls).toEqual([]);
  });

  it.each([
    ["not JSON", "{"],
    ["empty", ""],
    ["not an object", "[1, 2]"],
  ])("answers 400 for a body that is %s", async (_what, body) => {
    const { send, calls } = setup();
    const response = await send(request({ body }));
    expect(response.statusCode).toBe(400);
    expect(response.headers?.["content-type"]).toBe(PROBLEM);
    expect(calls).toEqual([]);
  });

  it("answers 400 with the core's field errors", async () => {
    const { send } = setup(new ValidationError([{ field: "service", message: "Unknown service" }]));
    const response = await send(request());
    expect(response.statusCode).toBe(400);
    expect(response.json.errors).toEqual([{ field: "service", message: "Unknown service" }]);
  });

  it("answers 422 for a location outside the district", async () => {
    const { send } = setup(new OutsideDistrictError("Exampleshire Vale"));
    const response = await send(request());
    expect(response.statusCode).toBe(422);
    expect(response.headers?.["content-type"]).toBe(PROBLEM);
  });

  it("answers 500 without internals when the core fails unexpectedly", async () => {
    const { send } = setup(new Error("table secret-table-name is unreachable"));
    const response = await send(request());
    expect(response.statusCode).toBe(500);
    expect(response.headers?.["content-type"]).toBe(PROBLEM);
    expect(response.body).not.toContain("secret-table-name");
  });

  it("answers 404 with problem+json for any other /api path", async () => {
    const { send, calls } = setup();
    const response = await send(request({ path: "/api/nothing-here" }));
    expect(response.statusCode).toBe(404);
    expect(response.headers?.["content-type"]).toBe(PROBLEM);
    expect(calls).toEqual([]);
  });

  it.each(["GET", "PUT", "DELETE"])("answers 405 to %s, allowing POST", async (method) => {
    const { send, calls } = setup();
    const response = await send(request({ method }));
    expect(response.statusCode).toBe(405);
    expect(response.headers?.allow).toBe("POST");
    expect(response.headers?.["content-type"]).toBe(PROBLEM);
    expect(calls).toEqual([]);
  });

  it("answers 413 for a body over 64 KB", async () => {
    const { send, calls } = setup();
    const body = JSON.stringify({ ...report, description: "x".repeat(70_000) });
    const response = await send(request({ body }));
    expect(response.statusCode).toBe(413);
    expect(response.headers?.["content-type"]).toBe(PROBLEM);
    expect(calls).toEqual([]);
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", ""])(
    "answers 415 for content type %j",
    async (contentType) => {
      const { send, calls } = setup();
      const response = await send(request({ headers: { "content-type": contentType } }));
      expect(response.statusCode).toBe(415);
      expect(response.headers?.["content-type"]).toBe(PROBLEM);
      expect(calls).toEqual([]);
    },
  );

  it("accepts a JSON content type with parameters or a +json suffix", async () => {
    const { send } = setup();
    for (const contentType of ["application/json; charset=utf-8", "application/merge-patch+json"]) {
      expect((await send(request({ headers: { "content-type": contentType } }))).statusCode).toBe(201);
    }
  });
});
