import { describe, expect, it } from "vitest";
import { readConfig, readHealthConfig } from "../../functions/config/env.js";

const required = {
  TABLE_NAME: "signpost",
  SENDER_EMAIL: "reports@council.example",
  DISTRICT_EMAIL: "district@council.example",
  DISTRICT_COUNCIL_NAME: "Exampleshire Vale District Council",
  DISTRICT_CODE: "E07999999",
  DISTRICT_NAME: "Exampleshire Vale",
  MODERNGOV_BASE_URL: "https://democracy.council.example/",
};

describe("readConfig", () => {
  it("fills the defaults, treats an empty endpoint as unset and normalises the key hashes", () => {
    const hash = "AB".padEnd(64, "c");
    const config = readConfig({ ...required, DYNAMODB_ENDPOINT: "", OPEN311_API_KEY_SHA256: ` ${hash}, ,` });
    expect(config).toMatchObject({ AWS_REGION: "eu-west-2", RETENTION_DAYS: 730, COOKIE_SECURE: "true" });
    expect(config.DYNAMODB_ENDPOINT).toBeUndefined();
    expect(config.OPEN311_API_KEY_SHA256).toEqual([hash.toLowerCase()]);
    expect(readConfig({ ...required, RETENTION_DAYS: "30" }).RETENTION_DAYS).toBe(30);
  });

  it.each([
    [{ RETENTION_DAYS: "1.5" }, "RETENTION_DAYS: Invalid input: expected int, received number"],
    [{ MODERNGOV_TIMEOUT_MS: "0" }, "MODERNGOV_TIMEOUT_MS: Too small: expected number to be >0"],
    [{ RETRY_BASE_SECONDS: "901" }, "RETRY_BASE_SECONDS: Too big: expected number to be <=900"],
    [{ SES_ENDPOINT: "not a url" }, "SES_ENDPOINT: Invalid URL"],
    [{ COOKIE_SECURE: "yes" }, 'COOKIE_SECURE: Invalid option: expected one of "true"|"false"'],
    [{ TABLE_NAME: "ab" }, "TABLE_NAME: Too small: expected string to have >=3 characters"],
    [{ DISTRICT_CODE: "E0799" }, "DISTRICT_CODE: must be an ONS code like E07000123"],
    [{ OPEN311_API_KEY_SHA256: "abc" }, "OPEN311_API_KEY_SHA256.0: each hash must be 64 hex characters"],
  ])("refuses %o, saying which setting is wrong and why", (change, message) => {
    expect(() => readConfig({ ...required, ...change })).toThrow(message);
  });

  it("names every missing required setting", () => {
    expect(() => readConfig({})).toThrow(/TABLE_NAME[\s\S]*SENDER_EMAIL[\s\S]*MODERNGOV_BASE_URL/);
  });
});

describe("readHealthConfig", () => {
  it("needs only the council's name", () => {
    expect(readHealthConfig({ DISTRICT_COUNCIL_NAME: "Vale" })).toEqual({ DISTRICT_COUNCIL_NAME: "Vale" });
    expect(() => readHealthConfig({})).toThrow("DISTRICT_COUNCIL_NAME");
  });
});
