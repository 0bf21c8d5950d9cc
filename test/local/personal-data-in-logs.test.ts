import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalStack } from "../../functions/local/local-stack.js";
import { aReport, postReport } from "../helpers/builders.js";
import { demoPostcodes } from "../helpers/demo-data.js";
import { sesUnavailable, startFaultProxy } from "../helpers/fault-proxy.js";

// The logger takes its level from the environment when first loaded (and Powertools resets it to
// that on every invocation), so set it before the functions are imported.
process.env.POWERTOOLS_LOG_LEVEL = "DEBUG";
const { redact } = await import("../../functions/http/redacting-log-formatter.js");
const { queueDrained, useLocalStack } = await import("../helpers/local-stack.js");

// Reads everything the functions log during whole journeys (API and form, a failing send
// included) and finds none of the resident's personal data in it.

const resident = {
  name: "Priya Testperson",
  email: "priya.testperson@example.com",
  phone: "01632 960 777",
  description: "Distinctive-description-words about the lorries on Quarry Lane",
};

let stack: LocalStack;
let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
let output = "";
const writeOut = process.stdout.write.bind(process.stdout);
const writeErr = process.stderr.write.bind(process.stderr);

beforeAll(async () => {
  proxy = await startFaultProxy();
});
afterAll(async () => {
  await proxy?.close();
});
useLocalStack(
  {
    // Retries 50 "seconds" apart, a second lasting 1 ms on the local SQS endpoint.
    queue: { visibilityTimeoutMs: 100, maxReceiveCount: 2, secondMs: 1 },
    env: { RETRY_BASE_SECONDS: "50" },
    endpoints: { ses: (url) => proxy.forwardTo(url) },
  },
  (started) => {
    stack = started;
  },
);
beforeAll(() => {
  // Powertools writes INFO to stdout and WARN/ERROR to stderr: read both.
  const capture = (write: typeof writeOut) =>
    ((chunk: string | Uint8Array, ...rest: never[]) => {
      output += chunk.toString();
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
  process.stdout.write = capture(writeOut);
  process.stderr.write = capture(writeErr);
});
afterAll(async () => {
  process.stdout.write = writeOut;
  process.stderr.write = writeErr;
});

describe("Logs of whole journeys", () => {
  it("hold no names, emails, phone numbers or free text", async () => {
    const postcode = demoPostcodes().find((p) => p.expected === "E04999001")?.postcode;
    const report = (extra: object = {}) =>
      postReport(stack.urls.api, {
        ...aReport({
          location: { postcode },
          description: resident.description,
          roadName: "Quarry Lane",
          reporter: {
            name: resident.name,
            email: resident.email,
            phone: resident.phone,
            shareWithParish: true,
          },
        }),
        ...extra,
      });
    expect((await report()).status).toBe(201);
    // A failing send logs SES's errors, which name the recipient.
    proxy.rule((r) => (r.body.includes("Action=SendEmail") ? sesUnavailable : "pass"));
    expect((await report()).status).toBe(201);
    expect((await report({ reporter: { email: "not an email" } })).status).toBe(400);
    await queueDrained(stack);
    proxy.rule(() => "pass");

    expect(output).toContain('"service":"signpost"');
    expect(output).toContain("Dispatch failed");
    for (const value of [
      resident.name,
      resident.email,
      resident.phone,
      resident.description,
      "Quarry Lane",
    ]) {
      expect(output).not.toContain(value);
    }
    expect(output).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
  });
});

describe("Function: redact", () => {
  it("masks personal keys at any depth and emails and phone numbers inside any text", () => {
    expect(
      redact({
        message: "SES rejected clerk@parish.example.org, call 01632 960 001",
        reporter: { name: "x" },
        nested: { email: "a@b.co", ok: 3 },
        error: { name: "MessageRejected", message: "x", stack: "at y" },
      }),
    ).toEqual({
      message: "SES rejected [email], call [phone]",
      reporter: "[redacted]",
      nested: { email: "[redacted]", ok: 3 },
      error: { name: "MessageRejected", message: "x", stack: "at y" },
    });
  });
});
