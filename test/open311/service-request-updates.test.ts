import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { XMLParser } from "fast-xml-parser";
import { beforeEach, describe, expect, it } from "vitest";
import { services } from "#core/services/index.js";
import { createStaffActions } from "#core/use-cases/staff-actions.js";
import { DEMO_OPEN311_API_KEY } from "../../functions/config/open311-demo-key.js";
import { createOpen311Handler } from "../../functions/http/open311/open311-handler.js";
import { parseW3cDateTime } from "../../functions/http/open311/service-request-updates.js";
import { localContext } from "../../functions/local/lambda-context.js";
import { aStoredCase } from "../helpers/builders.js";
import { testClientKeys } from "../helpers/client-keys.js";
import { oneCouncil } from "../helpers/councils.js";
import { countingIds } from "../helpers/counting-ids.js";
import { MemoryCaseStore } from "../helpers/memory-case-store.js";
import { MemoryPublicUpdates } from "../helpers/memory-public-updates.js";

// servicerequestupdates, mySociety's extension FixMyStreet polls for council updates, through the
// Open311 handler: a staff status change with a public update is served within the window asked
// for and not outside it, one without a public update never is, and the poll is keyed like POST.

const REFERENCE = "SPD-AAAA-AAAA";
const OTHER = "SPD-AAAA-AAB2";
const RETAIN = Date.parse("2030-01-01T00:00:00Z") / 1000;

let now: Date;
let caseStore: MemoryCaseStore;
let publicUpdates: MemoryPublicUpdates;
let handler: ReturnType<typeof createOpen311Handler>;
let actions: ReturnType<typeof createStaffActions>;
let keys = 0;

beforeEach(async () => {
  now = new Date("2026-12-03T10:00:00.000Z");
  const clock = { now: () => now };
  caseStore = new MemoryCaseStore({ now: clock.now });
  publicUpdates = new MemoryPublicUpdates({ now: clock.now });
  await caseStore.create(aStoredCase(REFERENCE, { retainUntil: RETAIN }), []);
  await caseStore.create(aStoredCase(OTHER, { retainUntil: RETAIN }), []);
  actions = createStaffActions({
    caseStore,
    publicUpdates,
    clock,
    ids: countingIds(),
  });
  handler = createOpen311Handler({
    clientKeys: testClientKeys,
    submitReport: () => Promise.reject(new Error("not in these tests")),
    recordClientUpdate: () => Promise.reject(new Error("not in these tests")),
    services,
    caseStore,
    publicUpdates,
    clock,
    councils: oneCouncil,
  });
});

const actionKey = () => `11111111-2222-4333-8444-${String(++keys).padStart(12, "0")}`;

async function get(format: "json" | "xml", params: Record<string, string>) {
  const path = `/open311/v2/servicerequestupdates.${format}`;
  const event = {
    version: "2.0",
    routeKey: "GET /open311/{proxy+}",
    rawPath: path,
    rawQueryString: new URLSearchParams(params).toString(),
    queryStringParameters: params,
    headers: {},
    requestContext: {
      http: { method: "GET", path, sourceIp: "192.0.2.10" },
      domainName: "signpost.example.org",
      requestId: "test",
    },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
  return (await handler(event, localContext("signpost-open311"))) as APIGatewayProxyStructuredResultV2;
}

// As FixMyStreet reads the XML (XML::Simple with these lists forced to arrays).
const parser = new XMLParser({
  isArray: (name) => ["request_update", "error"].includes(name),
  parseTagValue: false,
});
const xmlUpdates = (body = "") =>
  (parser.parse(body) as { service_request_updates: { request_update?: Record<string, string>[] } })
    .service_request_updates.request_update ?? [];
const xmlErrors = (body = "") =>
  (parser.parse(body) as { errors: { error: { code: string; description: string }[] } }).errors.error;

const keyed = (extra: Record<string, string> = {}) => ({ api_key: DEMO_OPEN311_API_KEY, ...extra });
const window = (start: string, end: string) => keyed({ start_date: start, end_date: end });

describe("GET servicerequestupdates", () => {
  it("serves a staff status change's public update inside the window, in XML and JSON, and not outside it", async () => {
    now = new Date("2026-12-03T10:15:30.600Z");
    await actions.changeStatus(REFERENCE, "closed", "Officer Smith replaced it", "officer@example.org", {
      publicUpdate: { text: "The sign was replaced <today> & works", status: "fixed" },
      actionKey: actionKey(),
    });
    now = new Date("2026-12-03T12:00:00.000Z");

    // FixMyStreet asks for the last two hours with both dates, to the second.
    const xml = await get("xml", window("2026-12-03T10:00:00Z", "2026-12-03T12:00:00Z"));
    expect(xml.statusCode).toBe(200);
    expect(xml.headers?.["content-type"]).toBe("text/xml; charset=utf-8");
    const [update, ...rest] = xmlUpdates(xml.body);
    expect(rest).toEqual([]);
    expect(update).toEqual({
      update_id: "00000000-0000-4000-8000-000000000001",
      service_request_id: REFERENCE,
      status: "FIXED",
      updated_datetime: "2026-12-03T10:15:30Z",
      description: "The sign was replaced <today> & works",
      media_url: "",
    });
    expect(xml.body).toContain("&lt;today&gt; &amp; works");
    expect(xml.body).not.toContain("Smith");

    const json = await get("json", window("2026-12-03T10:00:00Z", "2026-12-03T12:00:00Z"));
    expect(JSON.parse(json.body ?? "")).toEqual([{ ...update }]);

    // The edges are inclusive to the second, as FixMyStreet's own check of updated_datetime is.
    const at = "2026-12-03T10:15:30Z";
    expect(xmlUpdates((await get("xml", window(at, at))).body)).toHaveLength(1);
    expect(
      xmlUpdates((await get("xml", window("2026-12-03T09:00:00Z", "2026-12-03T10:15:29Z"))).body),
    ).toEqual([]);
    expect(
      xmlUpdates((await get("xml", window("2026-12-03T10:15:31Z", "2026-12-03T12:00:00Z"))).body),
    ).toEqual([]);
    // The same instant in another zone.
    expect(
      xmlUpdates((await get("xml", window("2026-12-03T11:15:30+01:00", "2026-12-03T11:15:30+01:00"))).body),
    ).toHaveLength(1);
  });

  it("serves a status change without words as the status alone, and never a reason or note", async () => {
    await actions.changeStatus(REFERENCE, "in-progress", "Internal: rang the resident", "officer");
    await actions.addNote(REFERENCE, "A note", "officer", actionKey());
    await actions.changeStatus(OTHER, "closed", "r", "officer", {
      publicUpdate: { text: "   " },
      actionKey: actionKey(),
    });
    const json = await get("json", window("2026-12-03T00:00:00Z", "2026-12-03T23:59:59Z"));
    expect(json.statusCode).toBe(200);
    const served = JSON.parse(json.body ?? "") as Array<Record<string, string>>;
    expect(served.map((u) => [u.service_request_id, u.status, u.description])).toEqual([
      [REFERENCE, "IN_PROGRESS", ""],
      [OTHER, "CLOSED", ""],
    ]);
    expect(json.body).not.toContain("rang the resident");
    expect(json.body).not.toContain("A note");
    const xml = await get("xml", window("2026-12-03T00:00:00Z", "2026-12-03T23:59:59Z"));
    expect(xml.statusCode).toBe(200);
    expect(xmlUpdates(xml.body)).toHaveLength(2);
  });

  it("serves the last 24 hours when no dates are given, oldest first, with the statuses FixMyStreet maps", async () => {
    now = new Date("2026-12-02T09:00:00.000Z");
    await actions.changeStatus(OTHER, "in-progress", "r", "officer", {
      publicUpdate: { text: "A day and an hour ago" },
      actionKey: actionKey(),
    });
    now = new Date("2026-12-03T08:00:00.000Z");
    await actions.changeStatus(REFERENCE, "in-progress", "r", "officer", {
      publicUpdate: { text: "Looking into it", status: "investigating" },
      actionKey: actionKey(),
    });
    now = new Date("2026-12-03T09:00:00.000Z");
    await actions.changeStatus(REFERENCE, "closed", "r", "officer", {
      publicUpdate: {
        text: "Not ours: the county council looks after that road",
        status: "not-councils-responsibility",
      },
      actionKey: actionKey(),
    });
    now = new Date("2026-12-03T10:00:00.000Z");
    const served = JSON.parse((await get("json", keyed())).body ?? "") as Array<Record<string, string>>;
    expect(served.map((u) => [u.service_request_id, u.status, u.updated_datetime])).toEqual([
      [REFERENCE, "INVESTIGATING", "2026-12-03T08:00:00Z"],
      [REFERENCE, "NOT_COUNCILS_RESPONSIBILITY", "2026-12-03T09:00:00Z"],
    ]);
  });

  it("serves at most 1,000 updates, the oldest first", async () => {
    for (let i = 0; i < 1001; i += 1) {
      await publicUpdates.add({
        updateId: `u-${String(i).padStart(4, "0")}`,
        reference: REFERENCE,
        status: "in-progress",
        text: "x",
        at: new Date(Date.parse("2026-12-03T00:00:00Z") + i * 1000).toISOString(),
        retainUntil: RETAIN,
      });
    }
    const served = JSON.parse((await get("json", keyed())).body ?? "") as Array<{ update_id: string }>;
    expect(served).toHaveLength(1000);
    expect(served[0]?.update_id).toBe("u-0000");
    expect(served.at(-1)?.update_id).toBe("u-0999");
  });

  it.each([
    ["no api_key", {}, "api_key is required"],
    ["a wrong api_key", { api_key: "guess" }, "api_key is not valid"],
  ])("refuses a poll with %s (403, in the spec's error list)", async (_, params, message) => {
    const xml = await get("xml", {
      ...params,
      start_date: "2026-12-03T00:00:00Z",
      end_date: "2026-12-03T01:00:00Z",
    });
    expect(xml.statusCode).toBe(403);
    expect(xmlErrors(xml.body)).toEqual([{ code: "403", description: message }]);
    const json = await get("json", params);
    expect(json.statusCode).toBe(403);
    expect(JSON.parse(json.body ?? "")).toEqual([{ code: 403, description: message }]);
  });

  it("checks jurisdiction_id as the other resources do", async () => {
    expect((await get("json", keyed({ jurisdiction_id: "E07999999" }))).statusCode).toBe(200);
    expect((await get("json", keyed({ jurisdiction_id: "elsewhere.gov.uk" }))).statusCode).toBe(404);
  });

  it.each([
    [
      "only start_date",
      { start_date: "2026-12-03T00:00:00Z" },
      "end_date: give start_date and end_date together",
    ],
    [
      "only end_date",
      { end_date: "2026-12-03T00:00:00Z" },
      "start_date: give start_date and end_date together",
    ],
    [
      "a date without a time zone",
      { start_date: "2026-12-03T00:00:00", end_date: "2026-12-03T01:00:00Z" },
      "start_date: use a W3C date-time",
    ],
    [
      "a date without a time",
      { start_date: "2026-12-03", end_date: "2026-12-04T00:00:00Z" },
      "start_date: use a W3C date-time",
    ],
    [
      "a day that does not exist",
      { start_date: "2026-02-30T00:00:00Z", end_date: "2026-03-04T00:00:00Z" },
      "start_date: use a W3C date-time",
    ],
    ["words", { start_date: "yesterday", end_date: "today" }, "start_date: use a W3C date-time"],
    [
      "an end before the start",
      { start_date: "2026-12-03T01:00:00Z", end_date: "2026-12-03T00:59:59Z" },
      "end_date: must not be before start_date",
    ],
    [
      "more than 90 days",
      { start_date: "2026-09-03T00:00:00Z", end_date: "2026-12-03T00:00:00Z" },
      "start_date: the range may span at most 90 days",
    ],
  ])("refuses %s (400)", async (_, dates, message) => {
    const response = await get("xml", keyed(dates));
    expect(response.statusCode).toBe(400);
    const [error] = xmlErrors(response.body);
    expect(error?.code).toBe("400");
    expect(error?.description).toContain(message);
  });

  it("takes exactly 90 days", async () => {
    const response = await get("json", window("2026-09-04T00:00:00Z", "2026-12-03T00:00:00Z"));
    expect(response.statusCode).toBe(200);
  });
});

describe("parseW3cDateTime", () => {
  it("reads W3C date-times with a zone, and nothing else", () => {
    expect(parseW3cDateTime("2026-12-03T10:15:30Z")).toBe(Date.parse("2026-12-03T10:15:30Z"));
    expect(parseW3cDateTime("2026-12-03T10:15Z")).toBe(Date.parse("2026-12-03T10:15:00Z"));
    expect(parseW3cDateTime("2026-12-03T10:15:30.5Z")).toBe(Date.parse("2026-12-03T10:15:30.500Z"));
    expect(parseW3cDateTime("2026-12-03T11:15:30+01:00")).toBe(Date.parse("2026-12-03T10:15:30Z"));
    expect(parseW3cDateTime("2026-12-03T05:15:30-05:00")).toBe(Date.parse("2026-12-03T10:15:30Z"));
    for (const bad of [
      "2026-12-03",
      "2026-12-03T10:15:30",
      "2026-13-03T10:15:30Z",
      "2026-12-32T10:15:30Z",
      "2026-12-03T24:00:00Z",
      "2026-12-03T10:60:00Z",
      "2026-12-03T10:15:30+0100",
      "2026-12-03T10:15:30+24:00",
      " 2026-12-03T10:15:30Z",
      "2026-12-03T10:15:30.1234Z",
    ]) {
      expect(parseW3cDateTime(bad), bad).toBeUndefined();
    }
  });
});
