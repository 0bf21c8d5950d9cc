import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { queueDrained, useLocalStack } from "../helpers/local-stack.js";
import { fill, fixture, fixtureDir, formFixture, jsonAsText, postForm, xmlAsJson } from "./helpers.js";

// The GeoReport v2 specification's examples, rewritten for the demo district (test/fixtures/open311),
// must come back from the server exactly, in both formats, with the right content types.

let stack: LocalStack;
let base: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  base = `${stack.urls.api}/open311/v2`;
});

const TYPES = { json: "application/json; charset=utf-8", xml: "text/xml; charset=utf-8" } as const;

async function expectDocument(response: Response, status: number, name: string, values = {}) {
  const format = name.endsWith(".xml") ? "xml" : "json";
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe(TYPES[format]);
  const body = await response.text();
  const expected = fill(fixture(name), values);
  if (format === "xml") expect(body).toBe(expected);
  else expect(JSON.parse(body)).toEqual(JSON.parse(expected));
}

describe("Open311 fixtures", () => {
  it("say the same thing in XML as in JSON", () => {
    const xmlFiles = readdirSync(fixtureDir).filter((f) => f.endsWith(".xml"));
    expect(xmlFiles.length).toBe(6);
    for (const file of xmlFiles) {
      const json = fixture(file.replace(/\.xml$/, ".json"));
      expect(xmlAsJson(fixture(file)), file).toEqual(jsonAsText(JSON.parse(json)));
    }
  });
});

describe.each(["json", "xml"] as const)("Open311 spec examples round-trip as %s", (format) => {
  it("GET discovery", async () => {
    await expectDocument(await fetch(`${base}/discovery.${format}`), 200, `discovery.${format}`, {
      base: stack.urls.api,
    });
  });

  it("GET services", async () => {
    await expectDocument(await fetch(`${base}/services.${format}`), 200, `services.${format}`);
  });

  it("GET services/{service_code}", async () => {
    await expectDocument(
      await fetch(`${base}/services/speeding.${format}`),
      200,
      `service-definition-speeding.${format}`,
    );
  });

  it("POST requests, then GET requests/{id} and GET requests?service_request_id=", async () => {
    const posted = await postForm(`${base}/requests.${format}`, formFixture("post-request.form"));
    const text = await posted.clone().text();
    const id = /SPD-[A-Z0-9]{4}-[A-Z0-9]{4}/.exec(text)?.[0] as string;
    expect(id).toBeDefined();
    await expectDocument(posted, 201, `post-response.${format}`, { service_request_id: id });

    // The dispatcher updates the case as it sends it: read the times once it has finished.
    await queueDrained(stack);
    const stored = await stack.app.caseStore.get(id);
    const times = {
      service_request_id: id,
      requested_datetime: (stored?.createdAt ?? "").replace(/\.\d{3}Z$/, "Z"),
      updated_datetime: (stored?.updatedAt ?? "").replace(/\.\d{3}Z$/, "Z"),
    };
    await expectDocument(
      await fetch(`${base}/requests/${id}.${format}`),
      200,
      `get-request.${format}`,
      times,
    );
    await expectDocument(
      await fetch(`${base}/requests.${format}?service_request_id=${id}`),
      200,
      `get-request.${format}`,
      times,
    );
  });

  it("POST requests with a wrong api_key", async () => {
    const fields = { ...formFixture("post-request.form"), api_key: "not-our-key" };
    await expectDocument(
      await postForm(`${base}/requests.${format}`, fields),
      403,
      `error-api-key.${format}`,
    );
  });
});
