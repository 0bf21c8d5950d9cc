import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../../functions/local/local-stack.js";
import { useLocalStack } from "../../helpers/local-stack.js";
import { type ClientRequest, clientRequest, filled, send } from "./client-request.js";

// Two Python clients, replayed from fixtures/three/ and fixtures/georeport/: three
// (codeforamerica/three, JSON by default, posts a form or a multipart body with a `media` file)
// and georeport (PyPI georeport, read-only, JSON or XML through xmltodict, raise_for_status on
// any error). The assertions are what each hands its caller.

let stack: LocalStack;
let endpoint: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  endpoint = `${stack.urls.api}/open311/v2/`;
});

type Json = Record<string, unknown>;

/** three's `convert`: json.loads of any answer under 500 (it raises on nothing). */
async function three(request: ClientRequest) {
  const response = await send(endpoint, request);
  const text = await response.text();
  expect(response.status, text).toBeLessThan(500);
  return { status: response.status, data: JSON.parse(text) as unknown };
}

/** xmltodict.parse: no forced lists, so one child is a dict and several are a list; text as str. */
const xmltodict = new XMLParser({ parseTagValue: false, trimValues: true, ignoreAttributes: true });

/** georeport: raise_for_status, then response.json() or xmltodict.parse(response.content). */
async function georeport(name: string, format: "json" | "xml", values: Record<string, string> = {}) {
  const response = await send(endpoint, filled(clientRequest(`georeport/${name}`), { format, ...values }));
  const text = await response.text();
  if (!response.ok) return { raised: response.status, text };
  return { data: (format === "json" ? JSON.parse(text) : xmltodict.parse(text)) as Json };
}

async function postedWithThree(request: ClientRequest) {
  const { status, data } = await three(request);
  expect(status, JSON.stringify(data)).toBe(201);
  const [first] = data as Array<{ service_request_id: string; service_notice?: string }>;
  expect(typeof first?.service_request_id).toBe("string");
  const stored = await stack.app.caseStore.get(first?.service_request_id as string);
  expect(stored).toBeDefined();
  return { id: first?.service_request_id as string, stored: stored as NonNullable<typeof stored> };
}

/** three's post with a plain phone number: a report any server version takes, to read back. */
const plainPost = () => filled(clientRequest("three/post"), {}, { body: { phone: "01632 960 001" } });

describe("three", () => {
  it("reads the service list and a definition as JSON", async () => {
    const services = (await three(clientRequest("three/services"))).data as Json[];
    expect(services.map((s) => s.service_code)).toEqual(["speeding", "street-furniture"]);
    const definition = (await three(clientRequest("three/service-definition"))).data as Json;
    expect(definition.service_code).toBe("speeding");
    expect((definition.attributes as Json[]).map((a) => a.code)).toEqual(["danger", "road-type", "outcome"]);
  });

  it("posts a report in its field order, keeping a phone number with an extension", async () => {
    const post = clientRequest("three/post");
    const { stored } = await postedWithThree(post);
    expect(stored.reporter?.phone).toBe("01632 960 001 ext. 2");
    expect(stored.reporter?.name).toBe("Sam Resident");
  });

  it("posts a photo as a multipart `media` file, which is accepted and not stored", async () => {
    const { stored } = await postedWithThree(clientRequest("three/post-with-media"));
    expect(stored.service).toBe("street-furniture");
    expect(stored.fromClient?.mediaUrls ?? []).toEqual([]);
  });

  it("searches a date window with its page_size, and reads one request back", async () => {
    const { id } = await postedWithThree(plainPost());
    // three writes each day as midnight, %Y-%m-%dT%H:%M:%SZ.
    const day = (offset: number) => {
      const at = new Date();
      at.setUTCHours(0, 0, 0, 0);
      at.setUTCDate(at.getUTCDate() + offset);
      return at.toISOString().replace(/\.000Z$/, "Z");
    };
    const found = await three(
      filled(clientRequest("three/requests-between"), { start_date: day(0), end_date: day(1) }),
    );
    expect(found.status).toBe(200);
    expect((found.data as Json[]).map((r) => r.service_request_id)).toContain(id);
    const one = await three(filled(clientRequest("three/request"), { id }));
    expect((one.data as Json[])[0]?.service_request_id).toBe(id);
  });

  it("hands its caller the spec's error list for a wrong api_key", async () => {
    const wrong = await three(filled(clientRequest("three/post"), {}, { body: { api_key: "not-our-key" } }));
    expect(wrong.status).toBe(403);
    expect(wrong.data).toEqual([{ code: 403, description: "api_key is not valid" }]);
  });
});

describe("georeport", () => {
  it.each(["json", "xml"] as const)("reads the service list and a definition (%s)", async (format) => {
    const list = await georeport("services", format);
    // JSON: the list itself; XML: ['services']['service'], a list when there are several.
    const services = (format === "json" ? list.data : (list.data?.services as Json).service) as Json[];
    expect(services.map((s) => s.service_code)).toEqual(["speeding", "street-furniture"]);
    const definition = await georeport("service-definition", format);
    const body = (format === "json" ? definition.data : definition.data?.service_definition) as Json;
    expect(body.service_code).toBe("speeding");
  });

  it.each(["json", "xml"] as const)("reads requests by id list and one by id (%s)", async (format) => {
    const a = (await postedWithThree(plainPost())).id;
    const b = (await postedWithThree(plainPost())).id;
    const several = await georeport("requests-by-id", format, { ids: `${a},${b}` });
    const list = (
      format === "json" ? several.data : ((several.data?.service_requests as Json).request as Json[])
    ) as Json[];
    expect(list.map((r) => r.service_request_id).sort()).toEqual([a, b].sort());
    for (const request of list) expect(request.status).toBe("open");

    const one = await georeport("request", format, { id: a });
    // JSON: response.json()[0]; XML: service_requests/request, a dict for a single request.
    const request = (
      format === "json" ? (one.data as unknown as Json[])[0] : (one.data?.service_requests as Json).request
    ) as Json;
    expect(request.service_request_id).toBe(a);
  });

  it("raises for an unknown id, as raise_for_status does on a 404", async () => {
    const missing = await georeport("request", "json", { id: "SPD-2222-2222" });
    expect(missing.raised).toBe(404);
  });
});
