import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { services } from "#core/services/index.js";
import { BoundaryIndex } from "#core/spatial/boundary-index.js";
import { createSubmitReport } from "#core/use-cases/submit-report.js";
import { createIntakeHandler } from "#http/handlers/intake-handler.js";
import { localContext } from "../../../functions/local/lambda-context.js";
import { testClientKeys } from "../../helpers/client-keys.js";
import { MemoryCaseStore } from "../../helpers/memory-case-store.js";
import { oneCouncilRouting } from "../../helpers/one-council-routing.js";

// Issue 15, finding 7: resident B reusing resident A's Idempotency-Key got A's reference back
// (`idempotent-replayed: true`) and B's report was never stored. Through the JSON API handler with
// the real submitReport, so the client scope comes from the request as it does in AWS.

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
    [x0, y0],
  ],
];
const boundaries = new BoundaryIndex(
  { code: "E07000001", name: "Testshire", geometry: { type: "Polygon", coordinates: square(0, 0, 10, 10) } },
  [
    {
      code: "E04000001",
      name: "Saint Anne",
      geometry: { type: "Polygon", coordinates: square(0, 0, 5, 10) },
    },
  ],
);
const report = {
  service: "speeding",
  answers: { danger: "no", "road-type": "residential", outcome: "speedwatch" },
  location: { lat: 2, lng: 2 },
  description: "Cars race down the hill after school",
};

function request(sourceIp: string, body: object, key: string): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: "/api/reports",
    rawQueryString: "",
    headers: { "content-type": "application/json", "idempotency-key": key },
    requestContext: {
      accountId: "111122223333",
      apiId: "api",
      domainName: "api.example.org",
      domainPrefix: "api",
      http: { method: "POST", path: "/api/reports", protocol: "HTTP/1.1", sourceIp, userAgent: "test" },
      requestId: "req-1",
      routeKey: "$default",
      stage: "$default",
      time: "23/Nov/2026:10:00:00 +0000",
      timeEpoch: 1_795_428_000_000,
    },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

function setup() {
  const now = () => new Date("2026-11-23T10:00:00Z");
  const caseStore = new MemoryCaseStore({ now });
  const references = ["SPD-2222-2222", "SPD-3333-3333", "SPD-4444-4444"];
  const submitReport = createSubmitReport({
    services,
    ...oneCouncilRouting(boundaries),
    postcodes: { lookup: async () => undefined },
    caseStore,
    queue: { send: async () => undefined },
    clock: { now },
    retentionDays: 30,
    newReference: () => references.shift() ?? "SPD-5555-5555",
  });
  const handler = createIntakeHandler({ submitReport, clientKeys: testClientKeys });
  const send = async (event: APIGatewayProxyEventV2) => {
    const response = (await handler(event, localContext("intake"))) as APIGatewayProxyStructuredResultV2;
    return { ...response, json: JSON.parse(response.body ?? "null") as Record<string, unknown> };
  };
  return { send, caseStore };
}

describe("intake handler: idempotency keys are the client's own", () => {
  it("stores B's report as B's own case when B reuses A's key", async () => {
    const { send, caseStore } = setup();
    const a = await send(request("192.0.2.10", report, "shared-key-0001"));
    const b = await send(
      request("198.51.100.20", { ...report, description: "A different report" }, "shared-key-0001"),
    );
    expect(a.statusCode).toBe(201);
    expect(b.statusCode).toBe(201);
    expect(b.headers).not.toHaveProperty("idempotent-replayed");
    expect(b.json.reference).not.toBe(a.json.reference);
    expect(caseStore.cases.size).toBe(2);
    expect((await caseStore.get(String(b.json.reference)))?.description).toBe("A different report");
  });

  it("still replays A's own retry of the same report", async () => {
    const { send, caseStore } = setup();
    const first = await send(request("192.0.2.10", report, "retry-key-0001"));
    const retry = await send(request("192.0.2.10", report, "retry-key-0001"));
    expect(retry.statusCode).toBe(201);
    expect(retry.headers?.["idempotent-replayed"]).toBe("true");
    expect(retry.json.reference).toBe(first.json.reference);
    expect(caseStore.cases.size).toBe(1);
  });

  it("refuses A's key with a different report from A, storing nothing", async () => {
    const { send, caseStore } = setup();
    await send(request("192.0.2.10", report, "reuse-key-0001"));
    const changed = await send(
      request("192.0.2.10", { ...report, description: "Changed" }, "reuse-key-0001"),
    );
    // An IdempotencyConflictError naming the key: problem.ts maps it to a 422 (issue 15, H3).
    expect(changed.statusCode).toBeGreaterThanOrEqual(400);
    expect(changed.headers).not.toHaveProperty("idempotent-replayed");
    expect(caseStore.cases.size).toBe(1);
  });
});
