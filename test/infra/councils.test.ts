import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { parseCouncilsFile } from "../../functions/config/councils-file.js";
import { councilsFileText, readEnvironmentConfig } from "../../infra/config.js";
import { demoCouncilsEnvironment, oneCouncilEnvironment, signpostApp } from "./synth.js";

/** A geodata folder whose district.geojson has these areas (the demo's, until its data lands). */
function geodataWith(codes: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "signpost-geodata-"));
  const features = codes.map((code) => ({ type: "Feature", properties: { code }, geometry: null }));
  writeFileSync(join(dir, "district.geojson"), JSON.stringify({ type: "FeatureCollection", features }));
  return dir;
}
const threeAreas = () => geodataWith(["E07999999", "E07999998", "E06999999"]);
const councils = demoCouncilsEnvironment.councils as Array<Record<string, unknown>>;

describe("many councils in cdk.json", () => {
  it("still takes today's one-council keys as one council", () => {
    const config = readEnvironmentConfig({ demo: oneCouncilEnvironment }, "demo");
    expect(config.councils.map((c) => c.id)).toEqual(["exampleshire-vale"]);
    expect(config.councils[0]?.open311.jurisdictions).toEqual(["exampleshire-vale.example.org"]);
  });

  it("reads the demo's three councils, the first's under today's keys, and writes them as the functions read them", () => {
    const config = readEnvironmentConfig({ demo: demoCouncilsEnvironment }, "demo");
    expect(config.councils.map((c) => c.id)).toEqual(["exampleshire-vale", "harrowfield", "saltmere"]);
    expect(config.districtEmail).toBe("highways@exampleshire-vale.example.org");
    expect(parseCouncilsFile("councils.json", councilsFileText(config))).toEqual(config.councils);
  });

  it("synthesises one SES identity per sending domain, and lets every sender send", () => {
    const { messaging, application } = signpostApp(
      { geodataDir: threeAreas() },
      { base: demoCouncilsEnvironment },
    );
    const identities = Template.fromStack(messaging).findResources("AWS::SES::EmailIdentity");
    expect(
      Object.values(identities).map((r) => (r.Properties as { EmailIdentity: string }).EmailIdentity),
    ).toEqual(["exampleshire-vale.example.org", "harrowfield.example.org", "saltmere.example.org"]);
    // Each function that sends may send as any council's identity, through the one configuration set.
    const sendStatements = Object.values(Template.fromStack(application).findResources("AWS::IAM::Policy"))
      .flatMap(
        (p) =>
          (p.Properties as { PolicyDocument: { Statement: Array<{ Action: unknown; Resource: unknown[] }> } })
            .PolicyDocument.Statement,
      )
      .filter((s) => s.Action === "ses:SendEmail");
    expect(sendStatements.length).toBeGreaterThanOrEqual(3);
    for (const statement of sendStatements) {
      const identityArns = statement.Resource.filter((r) => JSON.stringify(r).includes(":identity/"));
      expect(identityArns).toHaveLength(3);
    }
  });

  it("names the path and the fault of a bad council entry", () => {
    const bad = [
      councils[0],
      { ...councils[1], senderEmail: "signpost@elsewhere.example.org" },
      { ...councils[2], kind: "county" },
    ];
    expect(() =>
      readEnvironmentConfig({ demo: { ...demoCouncilsEnvironment, councils: bad } }, "demo"),
    ).toThrow(/signpost:environments\.demo\.councils\.2\.kind: /);
    expect(() =>
      readEnvironmentConfig({ demo: { ...demoCouncilsEnvironment, councils: bad.slice(0, 2) } }, "demo"),
    ).toThrow(
      /signpost:environments\.demo\.councils\.1\.senderEmail: must be an address at harrowfield\.example\.org/,
    );
    const twice = [councils[0], { ...councils[1], sendingDomain: "exampleshire-vale.example.org" }];
    expect(() =>
      readEnvironmentConfig({ demo: { ...demoCouncilsEnvironment, councils: twice } }, "demo"),
    ).toThrow(
      /councils\.1\.sendingDomain: sending domain "exampleshire-vale\.example\.org" is council 0's too/,
    );
    expect(() =>
      readEnvironmentConfig({ demo: { ...demoCouncilsEnvironment, districtCode: "E07999999" } }, "demo"),
    ).toThrow(/give councils or the one-council keys, not both \(remove districtCode/);
    expect(() =>
      readEnvironmentConfig({ demo: { ...demoCouncilsEnvironment, production: true } }, "demo"),
    ).toThrow(/councils\.0\.open311\.apiKeyHashes holds the published demo key's hash/);
  });

  it("fails the synth for a council whose area is not in the geodata", () => {
    expect(() =>
      signpostApp({ geodataDir: geodataWith(["E07999999"]) }, { base: demoCouncilsEnvironment }),
    ).toThrow(
      /signpost:environments\.demo\.councils\.1\.area\.code: E07999998 is not an area in .*district\.geojson/,
    );
  });

  it("fails the synth for a council offering a service there is no file for", () => {
    const councils = (demoCouncilsEnvironment.councils as Array<Record<string, unknown>>).map((council, i) =>
      i === 2 ? { ...council, services: ["speeding", "potholes"] } : council,
    );
    expect(() => signpostApp({ councils }, { base: demoCouncilsEnvironment })).toThrow(
      /signpost:environments\.demo\.councils\.2\.services\.1: "potholes" is not a service; use speeding, street-furniture/,
    );
  });
});
