import { describe, expect, it } from "vitest";
import { clerkDirectoryVariable, publicInfoVariable, readEnvironmentConfig } from "../../infra/config.js";
import { demoConfig, signpostApp } from "./synth.js";

describe("Function: readEnvironmentConfig", () => {
  it("accepts the demo environment in cdk.json", () => {
    expect(readEnvironmentConfig({ demo: demoConfig }, "demo").districtCode).toBe("E07999999");
  });

  it("names each bad setting with its path in cdk.json", () => {
    const bad = { ...demoConfig, districtEmail: "not-an-email", retentionDays: 0, districtCode: "X1" };
    expect(() => readEnvironmentConfig({ demo: bad }, "demo")).toThrow(
      /signpost:environments\.demo\.districtCode: must be an ONS code[\s\S]*demo\.districtEmail[\s\S]*demo\.retentionDays/,
    );
  });

  it("rejects unknown settings, a missing environment, and a sender outside the sending domain", () => {
    expect(() => readEnvironmentConfig({ demo: { ...demoConfig, colour: "red" } }, "demo")).toThrow(/colour/);
    expect(() => readEnvironmentConfig({ demo: demoConfig }, "prod")).toThrow(
      /No environment "prod".*known: demo/,
    );
    expect(() =>
      readEnvironmentConfig(
        { demo: { ...demoConfig, senderEmail: "noreply@elsewhere.example.org" } },
        "demo",
      ),
    ).toThrow(/senderEmail must be an address at exampleshire-vale\.example\.org/);
  });

  it("takes the clerk directory's configuration, empty by default, and passes it on only when set", () => {
    const plain = readEnvironmentConfig({ demo: demoConfig }, "demo");
    expect(plain.clerkDirectory).toEqual({ names: {}, allowDistrictAddresses: {}, districtDomains: [] });
    expect(clerkDirectoryVariable(plain)).toBe("");
    const clerkDirectory = { names: { W04000999: "Cyngor Bro Ddyfi" } };
    const set = readEnvironmentConfig({ demo: { ...demoConfig, clerkDirectory } }, "demo");
    expect(JSON.parse(clerkDirectoryVariable(set))).toEqual({
      names: { W04000999: "Cyngor Bro Ddyfi" },
      allowDistrictAddresses: {},
      districtDomains: [],
    });
  });

  it("names a bad clerk directory setting with its path, and refuses one too big for the environment", () => {
    const bad = { names: { Ashcombe: "Ashcombe PC" }, districtDomains: ["not a domain"] };
    expect(() => readEnvironmentConfig({ demo: { ...demoConfig, clerkDirectory: bad } }, "demo")).toThrow(
      /demo\.clerkDirectory\.names\.Ashcombe: Invalid key[\s\S]*demo\.clerkDirectory\.districtDomains\.0: must be a domain/,
    );
    const names = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [
        `E04${String(i).padStart(6, "0")}`,
        `A parish council title ${i}`,
      ]),
    );
    expect(() =>
      readEnvironmentConfig({ demo: { ...demoConfig, clerkDirectory: { names } } }, "demo"),
    ).toThrow(/clerkDirectory is over 1984 characters as JSON/);
  });

  it("takes the council's contacts and statement settings, names a bad one, and refuses them too big", () => {
    const demo = readEnvironmentConfig({ demo: demoConfig }, "demo");
    expect(JSON.parse(publicInfoVariable(demo))).toEqual(demo.publicInfo);
    expect(demo.publicInfo.accessibility.status).toBe("full");
    const { publicInfo: _omitted, ...withoutInfo } = demoConfig;
    expect(() => readEnvironmentConfig({ demo: withoutInfo }, "demo")).toThrow(/demo\.publicInfo/);
    const fullWithIssues = {
      ...demo.publicInfo,
      accessibility: {
        ...demo.publicInfo.accessibility,
        knownIssues: [
          { description: "Pale text", criterion: "1.4.3 Contrast (Minimum)", plan: "Fixed by May 2027" },
        ],
      },
    };
    expect(() =>
      readEnvironmentConfig({ demo: { ...demoConfig, publicInfo: fullWithIssues } }, "demo"),
    ).toThrow(/demo\.publicInfo\.accessibility\.knownIssues: list knownIssues when status is partial or not/);
    const knownIssues = Array.from({ length: 6 }, (_, i) => ({
      description: `Issue ${i} `.padEnd(250, "x"),
      criterion: "2.1.1 Keyboard",
      plan: "Fixed by May 2027",
    }));
    const long = {
      ...demo.publicInfo,
      accessibility: { ...demo.publicInfo.accessibility, status: "partial", knownIssues },
    };
    expect(() => readEnvironmentConfig({ demo: { ...demoConfig, publicInfo: long } }, "demo")).toThrow(
      /publicInfo is too long as JSON/,
    );
  });

  it("fails the synth itself on bad config", () => {
    expect(() => signpostApp({ moderngovBaseUrl: "democracy" })).toThrow(/moderngovBaseUrl/);
  });

  it("takes Open311 client keys only as SHA-256 hashes, and never the demo key in production", () => {
    expect(() =>
      readEnvironmentConfig({ demo: { ...demoConfig, open311ApiKeyHashes: ["my-plain-key"] } }, "demo"),
    ).toThrow(/demo\.open311ApiKeyHashes\.0: must be a SHA-256 digest/);
    expect(() => readEnvironmentConfig({ demo: { ...demoConfig, production: true } }, "demo")).toThrow(
      /open311ApiKeyHashes holds the published demo key's hash/,
    );
    const real = "a".repeat(64);
    expect(
      readEnvironmentConfig(
        { demo: { ...demoConfig, production: true, open311ApiKeyHashes: [real] } },
        "demo",
      ).open311ApiKeyHashes,
    ).toEqual([real]);
  });

  it("takes the council's domains for Open311's jurisdiction_id, in lower case, and nothing else", () => {
    expect(readEnvironmentConfig({ demo: demoConfig }, "demo").open311Jurisdictions).toEqual([
      "exampleshire-vale.example.org",
    ]);
    const { open311Jurisdictions: _, ...without } = demoConfig;
    expect(readEnvironmentConfig({ demo: without }, "demo").open311Jurisdictions).toEqual([]);
    for (const wrong of ["https://evdc.example.org", "Exampleshire-Vale.example.org", "evdc", "E07999999"])
      expect(
        () => readEnvironmentConfig({ demo: { ...demoConfig, open311Jurisdictions: [wrong] } }, "demo"),
        wrong,
      ).toThrow(/demo\.open311Jurisdictions\.0: must be a domain/);
  });

  it("keeps each route budget within the account's default API Gateway limits", () => {
    expect(() => readEnvironmentConfig({ demo: { ...demoConfig, staffRateLimit: 10_001 } }, "demo")).toThrow(
      /demo\.staffRateLimit/,
    );
    expect(() => readEnvironmentConfig({ demo: { ...demoConfig, pageBurstLimit: 5_001 } }, "demo")).toThrow(
      /demo\.pageBurstLimit/,
    );
    const config = readEnvironmentConfig({ demo: demoConfig }, "demo");
    expect([config.staffRateLimit, config.staffBurstLimit]).toEqual([25, 50]);
  });
});
