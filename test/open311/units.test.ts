import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoCaseStore } from "#adapters/dynamodb/dynamo-case-store.js";
import type { Case } from "#core/case/case.js";
import { readConfig } from "../../functions/config/env.js";
import {
  DEMO_OPEN311_API_KEY,
  DEMO_OPEN311_API_KEY_SHA256,
} from "../../functions/config/open311-demo-key.js";
import { createApiKeyCheck, sha256Hex } from "../../functions/http/open311/api-keys.js";
import { toXml } from "../../functions/http/open311/format.js";
import { startDynaliteClient } from "../helpers/dynalite-client.js";
import { TEST_FIRST_COUNCIL } from "../helpers/memory-case-store.js";
import { xmlAsJson } from "./helpers.js";

describe("Open311 api_key check", () => {
  it("accepts exactly the keys whose SHA-256 is configured", () => {
    expect(sha256Hex(DEMO_OPEN311_API_KEY)).toBe(DEMO_OPEN311_API_KEY_SHA256);
    const check = createApiKeyCheck([
      sha256Hex("other-council-key"),
      DEMO_OPEN311_API_KEY_SHA256.toUpperCase(),
    ]);
    expect(check(DEMO_OPEN311_API_KEY)).toBe(true);
    expect(check("other-council-key")).toBe(true);
    for (const wrong of [undefined, "", " ", DEMO_OPEN311_API_KEY_SHA256, `${DEMO_OPEN311_API_KEY}x`]) {
      expect(check(wrong)).toBe(false);
    }
    expect(createApiKeyCheck([])(DEMO_OPEN311_API_KEY)).toBe(false);
  });

  it("reads OPEN311_API_KEY_SHA256 as a list of hashes and refuses anything else", () => {
    const env = {
      TABLE_NAME: "t-1",
      SENDER_EMAIL: "a@b.example",
      DISTRICT_EMAIL: "a@b.example",
      DISTRICT_COUNCIL_NAME: "D",
      DISTRICT_CODE: "E07999999",
      DISTRICT_NAME: "D",
      MODERNGOV_BASE_URL: "https://m.example",
    };
    expect(readConfig(env).OPEN311_API_KEY_SHA256).toEqual([]);
    const a = "A".repeat(64);
    const b = "b".repeat(64);
    expect(readConfig({ ...env, OPEN311_API_KEY_SHA256: ` ${a}, ${b},` }).OPEN311_API_KEY_SHA256).toEqual([
      a.toLowerCase(),
      b,
    ]);
    expect(() => readConfig({ ...env, OPEN311_API_KEY_SHA256: "plain-key" })).toThrow(
      /OPEN311_API_KEY_SHA256/,
    );
  });
});

describe("Open311 XML", () => {
  it("escapes markup and replaces characters XML cannot carry", () => {
    const hostile = `<b a="1">&amp;</b> ]]> \u0000\u0007\uFFFE it's`;
    const xml = toXml("errors", [{ code: 400, description: hostile }]);
    expect(xml).not.toContain("<b ");
    expect(xml).not.toContain("\u0000");
    expect(xmlAsJson(xml)).toEqual([
      { code: "400", description: `<b a="1">&amp;</b> ]]> \uFFFD\uFFFD\uFFFD it's` },
    ]);
  });
});

describe("DynamoCaseStore.listByStatus (against dynalite)", () => {
  let dynalite: Awaited<ReturnType<typeof startDynaliteClient>>;
  let store: DynamoCaseStore;
  beforeAll(async () => {
    dynalite = await startDynaliteClient("open311-list");
    store = new DynamoCaseStore({
      firstCouncil: TEST_FIRST_COUNCIL,
      client: dynalite.client,
      tableName: "open311-list",
      now: () => new Date("2026-06-01T00:00:00Z"),
    });
  });
  afterAll(() => dynalite?.close());

  const aCase = (reference: string, createdAt: string, overrides: Partial<Case> = {}): Case => ({
    reference,
    service: "speeding",
    status: "new",
    delivery: "queued",
    createdAt,
    updatedAt: createdAt,
    answers: {},
    location: { lat: 54.5, lng: 2.3 },
    description: "x",
    destination: { kind: "district", code: "E07999999", name: "Exampleshire Vale" },
    routing: {
      ruleId: "r",
      requested: "district",
      area: { kind: "district", code: "E07999999", name: "Exampleshire Vale" },
      reason: "r",
    },
    retainUntil: Date.parse("2027-01-01T00:00:00Z") / 1000,
    ...overrides,
  });

  it("lists one status in a date range, newest first, by service, up to the limit", async () => {
    await store.create(aCase("SPD-AAAA-AAA1", "2026-05-01T10:00:00.000Z"), []);
    await store.create(aCase("SPD-AAAA-AAA2", "2026-05-02T10:00:00.000Z"), []);
    await store.create(
      aCase("SFN-AAAA-AAA3", "2026-05-03T10:00:00.000Z", { service: "street-furniture" }),
      [],
    );
    await store.create(aCase("SPD-AAAA-AAA4", "2026-05-04T10:00:00.000Z", { status: "closed" }), []);
    await store.create(aCase("SPD-AAAA-AAA5", "2026-05-05T10:00:00.000Z", { retainUntil: 1 }), []);
    const refs = (cases: Case[]) => cases.map((c) => c.reference);
    const range = { from: "2026-05-01T00:00:00.000Z", to: "2026-05-31T00:00:00.000Z" };

    expect(
      refs(await store.listByStatus({ council: TEST_FIRST_COUNCIL, status: "new", ...range, limit: 10 })),
    ).toEqual(["SFN-AAAA-AAA3", "SPD-AAAA-AAA2", "SPD-AAAA-AAA1"]);
    expect(
      refs(
        await store.listByStatus({
          council: TEST_FIRST_COUNCIL,
          status: "new",
          ...range,
          service: "speeding",
          limit: 10,
        }),
      ),
    ).toEqual(["SPD-AAAA-AAA2", "SPD-AAAA-AAA1"]);
    expect(
      refs(await store.listByStatus({ council: TEST_FIRST_COUNCIL, status: "new", ...range, limit: 1 })),
    ).toEqual(["SFN-AAAA-AAA3"]);
    expect(
      refs(await store.listByStatus({ council: TEST_FIRST_COUNCIL, status: "closed", ...range, limit: 10 })),
    ).toEqual(["SPD-AAAA-AAA4"]);
    // Both ends inclusive, to the millisecond.
    expect(
      refs(
        await store.listByStatus({
          council: TEST_FIRST_COUNCIL,
          status: "new",
          from: "2026-05-02T10:00:00.000Z",
          to: "2026-05-02T10:00:00.000Z",
          limit: 10,
        }),
      ),
    ).toEqual(["SPD-AAAA-AAA2"]);
    const moved = await store.changeStatus("SPD-AAAA-AAA1", "new", "in-progress");
    expect(moved?.status).toBe("in-progress");
    expect(
      refs(
        await store.listByStatus({ council: TEST_FIRST_COUNCIL, status: "in-progress", ...range, limit: 10 }),
      ),
    ).toEqual(["SPD-AAAA-AAA1"]);
  });
});
