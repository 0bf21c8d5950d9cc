import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { Council } from "#core/councils/council.js";
import { services } from "#core/services/index.js";
import type { SubmitReportResult } from "#core/use-cases/submit-report.js";
import { createIntakeHandler } from "#http/handlers/intake-handler.js";
import { localContext } from "../../../functions/local/lambda-context.js";
import { testClientKeys } from "../../helpers/client-keys.js";
import { HARROWFIELD, SALTMERE } from "../../helpers/councils.js";

// The JSON API refuses a report of a service the location's council does not take, before the
// core stores anything; a council listing no services takes them all.

const created: SubmitReportResult = {
  outcome: "created",
  reference: "SFN-AAAA-AAA3",
  destination: { kind: "district", code: "E06999999", name: "Saltmere" },
  replayed: false,
};
const bench = {
  service: "street-furniture",
  answers: { danger: "no", item: "bench", owner: "district" },
  location: { postcode: "ZX30 1AE" },
  description: "A broken bench",
};

function event(body: object): APIGatewayProxyEventV2 {
  return {
    rawPath: "/api/reports",
    rawQueryString: "",
    headers: { "content-type": "application/json" },
    requestContext: { http: { method: "POST", path: "/api/reports", sourceIp: "192.0.2.1" } },
    body: JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

async function send(council: Council | undefined, body: object = bench) {
  let submitted = 0;
  const handler = createIntakeHandler({
    clientKeys: testClientKeys,
    services,
    councilAt: async () => council,
    submitReport: async () => {
      submitted += 1;
      return created;
    },
  });
  const response = (await handler(event(body), localContext("intake"))) as APIGatewayProxyStructuredResultV2;
  return { status: response.statusCode, json: JSON.parse(response.body ?? "null") as unknown, submitted };
}

describe("intake handler: each council's services", () => {
  it("refuses a service the location's council does not take, naming the field, and submits nothing", async () => {
    const { status, json, submitted } = await send({ ...SALTMERE, services: ["speeding"] });
    expect(status).toBe(400);
    expect(json).toMatchObject({
      type: "https://signpost.example/problems/invalid-report",
      errors: [
        {
          field: "service",
          message: expect.stringMatching(/^Saltmere Council does not take .*street-furniture/),
        },
      ],
    });
    expect(submitted).toBe(0);
  });

  it("takes a service the council lists, and any service where it lists none", async () => {
    expect((await send({ ...SALTMERE, services: ["street-furniture"] })).status).toBe(201);
    expect((await send(HARROWFIELD)).status).toBe(201);
  });

  it("leaves a location in no council to the core (which answers for it as before)", async () => {
    const { status, submitted } = await send(undefined);
    expect(status).toBe(201);
    expect(submitted).toBe(1);
  });
});
