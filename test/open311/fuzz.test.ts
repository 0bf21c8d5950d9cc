import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEMO_OPEN311_API_KEY } from "../../functions/config/open311-demo-key.js";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { useLocalStack } from "../helpers/local-stack.js";
import { postForm, xmlAsJson } from "./helpers.js";

// Property tests: random and hostile form bodies and queries never produce a 5xx, and every answer
// is a well-formed document in the format asked for.

let stack: LocalStack;
let base: string;
useLocalStack({ queue: { visibilityTimeoutMs: 200 } }, (started) => {
  stack = started;
  base = `${stack.urls.api}/open311/v2`;
});

const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom(
    "",
    " ",
    "<script>alert(1)</script>",
    "]]>&amp;\u0000\u0007",
    "\uD800",
    "NaN",
    "Infinity",
    "1e309",
    "-0",
    "54.61",
    "2.23",
    "ZX2 1FD",
    "yes",
    "no",
    "speedwatch",
    "x".repeat(5000),
  ),
);
const fieldName = fc.oneof(
  fc.constantFrom(
    "api_key",
    "service_code",
    "lat",
    "long",
    "address_string",
    "description",
    "email",
    "first_name",
    "last_name",
    "phone",
    "jurisdiction_id",
    "attribute[danger]",
    "attribute[road-type]",
    "attribute[outcome]",
    "attribute[]",
    "attribute[__proto__]",
    "__proto__",
    "constructor",
  ),
  fc.string().map((s) => `attribute[${s}]`),
  fc.string(),
);
const base311 = {
  api_key: DEMO_OPEN311_API_KEY,
  service_code: "speeding",
  lat: "54.61482",
  long: "2.23385",
  description: "Speeding.",
  "attribute[danger]": "no",
  "attribute[road-type]": "residential",
  "attribute[outcome]": "speedwatch",
};
const formBody = fc.oneof(
  // A valid request with some fields replaced or added.
  fc
    .array(fc.tuple(fieldName, hostile), { maxLength: 8 })
    .map((pairs) => new URLSearchParams([...Object.entries(base311), ...pairs]).toString()),
  // Fields in random order, each possibly repeated.
  fc.array(fc.tuple(fieldName, hostile), { maxLength: 12 }).map((p) => new URLSearchParams(p).toString()),
  // Not even a form.
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.constantFrom("%", "a=%zz", "=&=&", "attribute[=x", "api_key"),
);

async function check(response: Response, format: "json" | "xml") {
  expect(response.status).toBeLessThan(500);
  expect(response.headers.get("content-type")).toBe(
    format === "json" ? "application/json; charset=utf-8" : "text/xml; charset=utf-8",
  );
  const text = await response.text();
  if (format === "json") JSON.parse(text);
  else xmlAsJson(text);
}

describe("Open311 under fuzzed input", () => {
  it("never answers a form body with a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(formBody, fc.constantFrom("json", "xml"), async (body, format) => {
        await check(await postForm(`${base}/requests.${format}`, body), format);
      }),
      { numRuns: 150 },
    );
  });

  it("never answers a query or resource path with a 5xx", async () => {
    const key = fc.constantFrom(
      "service_request_id",
      "service_code",
      "start_date",
      "end_date",
      "status",
      "jurisdiction_id",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(key, hostile), { maxLength: 5 }),
        fc.oneof(
          fc.constant("requests"),
          fc.string({ maxLength: 20 }).map((s) => `requests/${encodeURIComponent(s)}`),
        ),
        fc.constantFrom("json", "xml"),
        async (query, resource, format) => {
          const url = `${base}/${resource}.${format}?${new URLSearchParams(query).toString()}`;
          await check(await fetch(url), format);
        },
      ),
      { numRuns: 150 },
    );
  });
});
