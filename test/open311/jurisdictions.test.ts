import { describe, expect, it } from "vitest";
import { DEMO_OPEN311_API_KEY } from "../../functions/config/open311-demo-key.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { postForm, xmlAsJson } from "./helpers.js";

// jurisdiction_id on the local stack, as a client such as FixMyStreet sends it with every request:
// the district's ONS code or the demo council's domain, in any case; anything else is a 404 that
// names what the endpoint takes, as discovery does.

let stack: LocalStack;
let base: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  base = `${stack.urls.api}/open311/v2`;
});

const point = demoPostcodes().find((p) => p.postcode === "ZX2 1FD");
const report = {
  api_key: DEMO_OPEN311_API_KEY,
  service_code: "speeding",
  lat: String(point?.lat),
  long: String(point?.lng),
  description: "Cars speed past the school.",
  "attribute[danger]": "no",
  "attribute[road-type]": "residential",
  "attribute[outcome]": "speedwatch",
};
const DOMAIN = "exampleshire-vale.example.org";

/** Every resource that takes jurisdiction_id, asked with `jurisdiction` (XML, as FixMyStreet asks). */
function everyResource(jurisdiction: string, id: string) {
  const get = (path: string) =>
    fetch(
      `${base}/${path}${path.includes("?") ? "&" : "?"}jurisdiction_id=${encodeURIComponent(jurisdiction)}`,
    );
  return {
    services: get("services.xml"),
    definition: get("services/speeding.xml"),
    search: get("requests.xml?status=open"),
    check: get(`requests.xml?service_request_id=${id}`),
    request: get(`requests/${id}.xml`),
    post: postForm(`${base}/requests.xml`, { ...report, jurisdiction_id: jurisdiction }),
  };
}

describe("Open311 jurisdiction_id", () => {
  it("discovery lists the ONS code and the council's domain", async () => {
    const document = xmlAsJson(await (await fetch(`${base}/discovery.xml`)).text()) as {
      jurisdictions: Array<{ jurisdiction_id: string }>;
      key_service: string;
    };
    expect(document.jurisdictions).toEqual([{ jurisdiction_id: "E07999999" }, { jurisdiction_id: DOMAIN }]);
    expect(document.key_service).toContain(`use E07999999 or ${DOMAIN}`);
  });

  it("every resource takes the council's domain, in any case and with a trailing dot, as well as the ONS code", async () => {
    const posted = await postForm(`${base}/requests.json`, { ...report, jurisdiction_id: DOMAIN });
    expect(posted.status).toBe(201);
    const [{ service_request_id: id }] = (await posted.json()) as [{ service_request_id: string }];
    for (const jurisdiction of [DOMAIN, "Exampleshire-Vale.Example.ORG.", "e07999999"]) {
      const answers = everyResource(jurisdiction, id);
      for (const [resource, answer] of Object.entries(answers)) {
        const response = await answer;
        expect(response.status, `${resource} with ${jurisdiction}`).toBe(resource === "post" ? 201 : 200);
      }
    }
    await queueDrained(stack);
  });

  it("every resource is 404 for another jurisdiction, naming the values it takes", async () => {
    for (const [resource, answer] of Object.entries(
      everyResource("www.exampleshire-vale.example.org", "SPD-2222-2222"),
    )) {
      const response = await answer;
      expect(response.status, resource).toBe(404);
      expect(xmlAsJson(await response.text()), resource).toEqual([
        {
          code: "404",
          description: `jurisdiction_id not found; this endpoint serves E07999999 or ${DOMAIN}`,
        },
      ]);
    }
    await queueDrained(stack);
  });
});
