import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../../functions/config/env.js";
import { DEMO_PUBLIC_INFO } from "../../../functions/local/demo-public-info.js";
import { createBaseAdapters } from "../../../functions/wiring/adapters/base-adapters.js";
import { createCaseLogApp } from "../../../functions/wiring/apps/case-log-app.js";
import { createWebApp } from "../../../functions/wiring/apps/web-app.js";

// The web and case log functions read the district's geodata when a request first needs it, not at
// init: with an empty folder the apps still build, and only the load fails. Nothing listens on the
// endpoints; no call is made.
const NOWHERE = "http://127.0.0.1:1";
const geodataDir = mkdtempSync(join(tmpdir(), "signpost-deferred-geodata-"));
afterAll(() => rmSync(geodataDir, { recursive: true, force: true }));

const config = readConfig({
  TABLE_NAME: "deferred",
  SENDER_EMAIL: "signpost@example.org",
  DISTRICT_EMAIL: "district@example.org",
  DISTRICT_COUNCIL_NAME: "Example District Council",
  DISTRICT_CODE: "E07999999",
  DISTRICT_NAME: "Exampleshire Vale",
  MODERNGOV_BASE_URL: NOWHERE,
  DYNAMODB_ENDPOINT: NOWHERE,
  SQS_ENDPOINT: NOWHERE,
  COGNITO_ENDPOINT: NOWHERE,
  DISPATCH_QUEUE_URL: "https://sqs.eu-west-2.amazonaws.com/000000000000/dispatch",
  STAFF_USER_POOL_ID: "eu-west-2_Deferred1",
  STAFF_CLIENT_ID: "deferred",
  GEODATA_DIR: geodataDir,
  PUBLIC_INFO: JSON.stringify(DEMO_PUBLIC_INFO),
  CLIENT_HASH_SECRET: "deferred-client-hash-secret-0123456789",
});
const adapters = createBaseAdapters(config);
const demo = join(import.meta.dirname, "../../../geodata/demo");

describe("geodata read on first use", () => {
  it("lets the web function start without reading the geodata, and reads it once when asked", async () => {
    const web = await createWebApp(config, adapters);
    await expect(web.geodata()).rejects.toThrow(); // the folder is empty: the init never read it

    const ready = await createWebApp({ ...config, GEODATA_DIR: demo }, adapters);
    const [a, b] = await Promise.all([ready.geodata(), ready.geodata()]);
    expect(a).toBe(b);
    expect(a.areas.locate({ lng: 2.3, lat: 54.5 }).local?.code).toBe("E07999999");
  });

  it("still refuses to start the web function with no geodata folder set", async () => {
    const { GEODATA_DIR: _, ...without } = config;
    await expect(createWebApp(without, adapters)).rejects.toThrow("GEODATA_DIR is required");
  });

  it("refuses to start the web function without the council's contacts and statement settings", async () => {
    const { PUBLIC_INFO: _, ...without } = config;
    await expect(createWebApp(without, adapters)).rejects.toThrow(
      "PUBLIC_INFO (or a councils file entry for exampleshire-vale) is required",
    );
  });

  it("lets the case log start without reading the boundaries, and reads them when asked", async () => {
    const caseLog = await createCaseLogApp(config, adapters);
    await expect(caseLog.geography(adapters.councils.first)).rejects.toThrow();

    const ready = await createCaseLogApp({ ...config, GEODATA_DIR: demo }, adapters);
    const geography = await ready.geography(adapters.councils.first);
    expect(geography.areas[0]).toMatchObject({ kind: "district", code: "E07999999" });
    expect(geography.boundaries).toBeDefined();
    expect(await ready.geography(adapters.councils.first)).toBe(geography);
  });
});
