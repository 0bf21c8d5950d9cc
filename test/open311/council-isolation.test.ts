import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import { createDynamoPublicUpdates } from "#adapters/dynamodb/dynamo-public-updates.js";
import type { Destination } from "#core/case/case.js";
import { services } from "#core/services/index.js";
import { DEMO_OPEN311_API_KEY } from "../../functions/config/open311-demo-key.js";
import { createOpen311Handler } from "../../functions/http/open311/open311-handler.js";
import { localContext } from "../../functions/local/lambda-context.js";
import { speedingCase } from "../helpers/case-log-harness.js";
import { testClientKeys } from "../helpers/client-keys.js";
import {
  exampleshireVale,
  HARROWFIELD_OPEN311_API_KEY,
  harrowfield,
  twoCouncils,
} from "../helpers/councils.js";
import { startDynaliteClient } from "../helpers/dynalite-client.js";
import { TEST_FIRST_COUNCIL } from "../helpers/memory-case-store.js";

// Open311 on a deployment of two councils, their cases in one table (docs/adr/0012-many-councils.md).
// As FixMyStreet's client (perllib/Open311.pm) does, every call carries jurisdiction_id, and the
// keyed ones api_key: GET as query parameters, POST as form fields. Each answers for one council's
// cases only; a key is one council's.

const ASHCOMBE: Destination = { kind: "parish", code: "E04999001", name: "Ashcombe" };
const OURS = "SPD-AAAA-AAA4";
const OURS_OLD = "SPD-AAAA-AAB2"; // no `council`: the first council's
const THEIRS = "SPD-BBBB-BBBQ";
const NOW = new Date("2026-11-20T12:00:00.000Z");
const RETAIN = Date.parse("2030-01-01T00:00:00Z") / 1000;

let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
let handler: ReturnType<typeof createOpen311Handler>;
const submitted: unknown[] = [];

beforeAll(async () => {
  dynalite = await startDynaliteClient("open311-councils");
  const table = { client: dynalite.client, tableName: "open311-councils", now: () => NOW };
  const caseStore = new DynamoCaseStore({ ...table, firstCouncil: TEST_FIRST_COUNCIL });
  const publicUpdates = createDynamoPublicUpdates(table, TEST_FIRST_COUNCIL);
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString();
  const stored = (reference: string, minute: number, council?: string) =>
    speedingCase(reference, ASHCOMBE, at(minute), {
      retainUntil: RETAIN,
      location: { lat: 54.5, lng: 2.3, postcode: "ZX1 5ZB" },
      ...(council ? { council } : {}),
    });
  await caseStore.create(stored(OURS, 1, exampleshireVale.id), []);
  await caseStore.create(stored(OURS_OLD, 2), []);
  await caseStore.create(stored(THEIRS, 3, harrowfield.id), []);
  // Staff write an update with its case's council (none on a case from before councils: the first's).
  for (const [reference, minute, council] of [
    [OURS, 10, undefined],
    [THEIRS, 11, harrowfield.id],
  ] as const) {
    await publicUpdates.add({
      updateId: `update-${reference}`,
      ...(council ? { council } : {}),
      reference,
      status: "investigating",
      text: `Looking at ${reference}`,
      at: at(minute),
      retainUntil: RETAIN,
    });
  }
  handler = createOpen311Handler({
    clientKeys: testClientKeys,
    submitReport: async (input) => {
      submitted.push(input);
      throw new Error("not in these tests");
    },
    recordClientUpdate: () => Promise.reject(new Error("not in these tests")),
    services,
    caseStore,
    publicUpdates,
    clock: { now: () => NOW },
    councils: twoCouncils,
    // Points north of 55° are Harrowfield's in this test; the rest Exampleshire Vale's.
    councilAt: async (location) => ("lat" in location && location.lat > 55 ? harrowfield : exampleshireVale),
  });
});
afterAll(() => dynalite?.close());

async function call(method: "GET" | "POST", path: string, params: Record<string, string>) {
  const full = `/open311/v2/${path}`;
  const query = method === "GET" ? params : {};
  const event = {
    version: "2.0",
    routeKey: `${method} /open311/{proxy+}`,
    rawPath: full,
    rawQueryString: new URLSearchParams(query).toString(),
    queryStringParameters: query,
    headers: method === "POST" ? { "content-type": "application/x-www-form-urlencoded" } : {},
    requestContext: {
      http: { method, path: full, sourceIp: "192.0.2.10" },
      domainName: "signpost.example.org",
      requestId: "test",
    },
    ...(method === "POST" ? { body: new URLSearchParams(params).toString() } : {}),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  return (await handler(event, localContext("signpost-open311"))) as APIGatewayProxyStructuredResultV2;
}

const ids = (response: APIGatewayProxyStructuredResultV2) =>
  (JSON.parse(String(response.body)) as Array<{ service_request_id: string }>).map(
    (r) => r.service_request_id,
  );
const VALE = { jurisdiction_id: "exampleshire-vale.example.org" };
const HARROWFIELD = { jurisdiction_id: "E07999998" };
const window = { start_date: "2026-11-20T00:00:00Z", end_date: "2026-11-20T23:00:00Z" };

describe("Open311 on a deployment of two councils", () => {
  it("lists only the jurisdiction's requests", async () => {
    const ours = await call("GET", "requests.json", { ...VALE, ...window });
    expect(ours.statusCode).toBe(200);
    expect(ids(ours).sort()).toEqual([OURS, OURS_OLD]);
    expect(ids(await call("GET", "requests.json", { ...HARROWFIELD, ...window }))).toEqual([THEIRS]);
    const byId = await call("GET", "requests.json", { ...VALE, service_request_id: `${OURS},${THEIRS}` });
    expect(ids(byId)).toEqual([OURS]);
  });

  it("finds another council's request as not found", async () => {
    expect((await call("GET", `requests/${THEIRS}.json`, VALE)).statusCode).toBe(404);
    expect(ids(await call("GET", `requests/${THEIRS}.json`, HARROWFIELD))).toEqual([THEIRS]);
    expect(ids(await call("GET", `requests/${OURS_OLD}.json`, VALE))).toEqual([OURS_OLD]);
  });

  it("wants jurisdiction_id on every keyless GET, naming the valid ones", async () => {
    for (const path of [
      "services.json",
      "services/speeding.json",
      "requests.json",
      `requests/${OURS}.json`,
    ]) {
      const response = await call("GET", path, {});
      expect(response.statusCode, path).toBe(400);
      expect(response.body, path).toContain("jurisdiction_id");
      expect(response.body, path).toContain("E07999999 or exampleshire-vale.example.org");
      expect(response.body, path).toContain("E07999998 or harrowfield.example.org");
    }
    expect((await call("GET", "services.json", HARROWFIELD)).statusCode).toBe(200);
    expect((await call("GET", "services.json", { jurisdiction_id: "E06999999" })).statusCode).toBe(404);
  });

  it("serves a key its own council's updates only", async () => {
    const ours = await call("GET", "servicerequestupdates.json", {
      api_key: DEMO_OPEN311_API_KEY,
      ...window,
    });
    expect(ours.statusCode).toBe(200);
    expect(ids(ours)).toEqual([OURS]);
    const theirs = await call("GET", "servicerequestupdates.json", {
      api_key: HARROWFIELD_OPEN311_API_KEY,
      ...HARROWFIELD,
      ...window,
    });
    expect(ids(theirs)).toEqual([THEIRS]);
    // A key with another council's jurisdiction: refused, saying whose the key is.
    const crossed = await call("GET", "servicerequestupdates.json", {
      api_key: DEMO_OPEN311_API_KEY,
      ...HARROWFIELD,
      ...window,
    });
    expect(crossed.statusCode).toBe(400);
    expect(crossed.body).toContain("Exampleshire Vale District Council");
  });

  it("refuses a key's report in another council's area, before anything is stored", async () => {
    const report = {
      api_key: DEMO_OPEN311_API_KEY,
      ...VALE,
      service_code: "speeding",
      lat: "55.2",
      long: "2.3",
      description: "Cars speed past the school.",
      "attribute[danger]": "no",
      "attribute[road-type]": "residential",
      "attribute[outcome]": "speedwatch",
    };
    const response = await call("POST", "requests.json", report);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("this api_key is Exampleshire Vale District Council's");
    expect(submitted).toEqual([]);
    const crossed = await call("POST", "requests.json", { ...report, lat: "54.5", ...HARROWFIELD });
    expect(crossed.statusCode).toBe(400);
    expect(submitted).toEqual([]);
  });

  it("lists every council's jurisdictions in discovery", async () => {
    const discovery = JSON.parse(String((await call("GET", "discovery.json", {})).body)) as {
      jurisdictions: Array<{ jurisdiction_id: string }>;
    };
    expect(discovery.jurisdictions.map((j) => j.jurisdiction_id)).toEqual([
      "E07999999",
      "exampleshire-vale.example.org",
      "E07999998",
      "harrowfield.example.org",
    ]);
  });
});
