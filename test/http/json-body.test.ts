import { describe, expect, it } from "vitest";
import { UnreadableInputError } from "#core/errors.js";
import { readJsonBody } from "#http/json-body.js";
import { pageEvent } from "./middleware/helpers.js";

const JSON_TYPE = { "content-type": "application/json" };

describe("readJsonBody", () => {
  it("refuses a base64 body that is not UTF-8 instead of mending it", () => {
    const body = Buffer.concat([Buffer.from('{"description":"'), Buffer.from([0xff]), Buffer.from('"}')]);
    const event = { ...pageEvent({ method: "POST", headers: JSON_TYPE, body: body.toString("base64") }) };
    expect(() => readJsonBody({ ...event, isBase64Encoded: true })).toThrow(UnreadableInputError);
    expect(() => readJsonBody({ ...event, isBase64Encoded: true })).toThrow("The body must be UTF-8 text.");
  });

  it("passes an escaped unpaired surrogate on for the schema to name its field", () => {
    const event = pageEvent({ method: "POST", headers: JSON_TYPE, body: '{"description":"\\ud800"}' });
    expect(readJsonBody(event)).toEqual({ description: "\uD800" });
  });
});
