import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCouncilsFile } from "../../functions/config/councils-file.js";
import { readConfig } from "../../functions/config/env.js";
import { DEMO_PUBLIC_INFO } from "../../functions/local/demo-public-info.js";
import {
  clerkDirectoryFor,
  councilsFromConfig,
  publicInfoFor,
} from "../../functions/wiring/councils-from-config.js";

const vale = {
  id: "exampleshire-vale",
  name: "Exampleshire Vale District Council",
  kind: "district",
  area: { code: "E07999999", name: "Exampleshire Vale" },
  email: "highways@exampleshire-vale.example.org",
  senderEmail: "signpost@exampleshire-vale.example.org",
  sendingDomain: "exampleshire-vale.example.org",
  moderngovBaseUrl: "https://democracy.exampleshire-vale.example.org",
  publicInfo: DEMO_PUBLIC_INFO,
};
const saltmere = {
  ...vale,
  id: "saltmere",
  name: "Saltmere Council",
  kind: "unitary",
  area: { code: "E06999999", name: "Saltmere" },
  email: "reports@saltmere.example.org",
  senderEmail: "signpost@saltmere.example.org",
  sendingDomain: "saltmere.example.org",
  clerkDirectory: { districtDomains: ["saltmere.gov.example"] },
  publicInfo: { ...DEMO_PUBLIC_INFO, contact: { ...DEMO_PUBLIC_INFO.contact, phone: "01632 960999" } },
};
const env = {
  TABLE_NAME: "signpost-test",
  SENDER_EMAIL: vale.senderEmail,
  DISTRICT_EMAIL: vale.email,
  DISTRICT_COUNCIL_NAME: vale.name,
  DISTRICT_CODE: vale.area.code,
  DISTRICT_NAME: vale.area.name,
  MODERNGOV_BASE_URL: vale.moderngovBaseUrl,
};

function writeCouncils(content: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "signpost-councils-")), "councils.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("the councils file", () => {
  it("gives every council, its public info and clerk directory settings", () => {
    const config = readConfig({ ...env, COUNCILS_FILE: writeCouncils({ councils: [vale, saltmere] }) });
    const councils = councilsFromConfig(config);
    expect(councils.all.map((c) => c.id)).toEqual(["exampleshire-vale", "saltmere"]);
    expect(councils.byArea("E06999999")?.kind).toBe("unitary");
    expect(councils.first.open311).toEqual({ apiKeyHashes: [], jurisdictions: [] });
    const second = councils.byId("saltmere")!;
    expect(publicInfoFor(second, config)?.contact.phone).toBe("01632 960999");
    expect(clerkDirectoryFor(second, config).districtDomains).toEqual(["saltmere.gov.example"]);
    expect(clerkDirectoryFor(councils.first, config).districtDomains).toEqual([]);
  });

  it("without it, makes one council from today's settings", () => {
    const config = readConfig({ ...env, PUBLIC_INFO: JSON.stringify(DEMO_PUBLIC_INFO) });
    const councils = councilsFromConfig(config);
    expect(councils.all.map((c) => c.id)).toEqual(["exampleshire-vale"]);
    expect(publicInfoFor(councils.first, config)).toEqual(DEMO_PUBLIC_INFO);
  });

  it("names the file, the path and the fault", () => {
    expect(() =>
      parseCouncilsFile("councils.json", JSON.stringify({ councils: [{ ...vale, kind: "county" }] })),
    ).toThrow(/councils\.json is invalid:\n {2}councils\.0\.kind: /);
    expect(() =>
      parseCouncilsFile(
        "councils.json",
        JSON.stringify({ councils: [vale, { ...saltmere, senderEmail: "a@x.example.org" }] }),
      ),
    ).toThrow(/councils\.1\.senderEmail: must be an address at saltmere\.example\.org/);
    expect(() =>
      parseCouncilsFile(
        "councils.json",
        JSON.stringify({ councils: [vale, { ...saltmere, area: vale.area }] }),
      ),
    ).toThrow(/councils\.1\.area\.code: area "E07999999" is council 0's too/);
    expect(() => parseCouncilsFile("councils.json", "{")).toThrow(/councils\.json: is not valid JSON/);
    expect(() => readConfig({ ...env, COUNCILS_FILE: "" })).toThrow(/COUNCILS_FILE/);
  });
});
