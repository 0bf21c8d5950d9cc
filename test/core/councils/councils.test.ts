import { describe, expect, it } from "vitest";
import type { Council } from "#core/councils/council.js";
import { createCouncils } from "#core/councils/councils.js";

const council = (id: string, code: string, hostNames: string[] = []): Council => ({
  id,
  name: `${id} Council`,
  kind: "district",
  area: { code, name: id },
  email: `reports@${id}.example.org`,
  senderEmail: `signpost@${id}.example.org`,
  moderngovBaseUrl: `https://democracy.${id}.example.org`,
  hostNames,
  open311: { apiKeyHashes: [], jurisdictions: [] },
});

describe("createCouncils", () => {
  const councils = createCouncils([
    council("vale", "E07999999", ["report.vale.example.org"]),
    council("saltmere", "E06999999"),
  ]);

  it("finds a council by id, area code and host name (any case, any port)", () => {
    expect(councils.byId("saltmere")?.area.code).toBe("E06999999");
    expect(councils.byArea("E07999999")?.id).toBe("vale");
    expect(councils.byHost("Report.Vale.Example.org:443")?.id).toBe("vale");
    expect(councils.byHost("report.saltmere.example.org")).toBeUndefined();
    expect(councils.byArea("E07000001")).toBeUndefined();
  });

  it("gives a case its council, and older cases without one the first", () => {
    expect(councils.of({ council: "saltmere" }).id).toBe("saltmere");
    expect(councils.of({}).id).toBe("vale");
    expect(() => councils.of({ council: "gone" })).toThrow(/does not serve/);
  });

  it("refuses none, and two councils sharing an id, an area or a host name", () => {
    expect(() => createCouncils([])).toThrow(/at least one/);
    expect(() => createCouncils([council("a", "E07000001"), council("a", "E07000002")])).toThrow(
      /same id "a"/,
    );
    expect(() => createCouncils([council("a", "E07000001"), council("b", "E07000001")])).toThrow(
      /same area code/,
    );
    expect(() =>
      createCouncils([council("a", "E07000001", ["x.org"]), council("b", "E07000002", ["X.org"])]),
    ).toThrow(/same host name "x.org"/);
  });
});
