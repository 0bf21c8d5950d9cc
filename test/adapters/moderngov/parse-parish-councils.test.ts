import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseParishCouncils } from "../../../functions/adapters/moderngov/parse-parish-councils.js";
import { UpstreamError } from "../../../functions/core/errors.js";

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/moderngov/${name}`, import.meta.url), "utf8");

function upstreamErrorOf(run: () => unknown): UpstreamError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error("expected an UpstreamError, nothing was thrown");
}

describe("parseParishCouncils: GET form", () => {
  const records = parseParishCouncils(fixture("get-parish-councils.xml"));

  it("reads every titled record and drops the one whose title is whitespace only", () => {
    expect(records.map((r) => r.id)).toEqual([101, 102, 103, 104]);
  });

  it("decodes double-encoded entities and reads the nested contact block", () => {
    expect(records[0]).toEqual({
      id: 101,
      title: "St Mary's & Marsh Parish Council",
      website: "https://stmarysandmarsh-pc.example.org.uk/",
      clerkName: "Mrs Jane O'Connor",
      email: "clerk@stmarysandmarsh-pc.example.org.uk",
      phone: "01632 960123",
      address: ["The Old School House", "Church Lane", "St Mary's", "ZZ1 4AB"],
    });
  });

  it("treats whitespace-only elements as absent", () => {
    expect(records[1]).toEqual({ id: 102, title: "Great Wendle Town Council" });
  });

  it("keeps name-only records and adds a scheme to a bare website", () => {
    expect(records[2]).toEqual({
      id: 103,
      title: "Little Wendle Parish Meeting",
      website: "http://www.littlewendle.example.org.uk",
    });
  });

  it("drops a junk email, falls back to the mobile, and does not repeat a postcode already in the lines", () => {
    expect(records[3]).toEqual({
      id: 104,
      title: "Hollow Vale Community Council",
      clerkName: "Mr Tom Reed",
      phone: "07700 900456",
      address: ["4 Mill Row, Hollow Vale", "ZZ3 9XY"],
    });
  });
});

describe("parseParishCouncils: other shapes", () => {
  it('unwraps the SOAP envelope (namespaces, xmlns="" on the inner root)', () => {
    expect(parseParishCouncils(fixture("get-parish-councils-soap.xml"))).toEqual([
      {
        id: 21,
        title: "Saint Botolph's Parish Council",
        website: "http://www.stbotolphs-pc.example.org.uk",
        clerkName: "Ms A Patel",
        email: "clerk@stbotolphs-pc.example.org.uk",
        phone: "01632 960777",
        address: ["c/o Village Hall", "ZZ2 1CD"],
      },
      { id: 22, title: "Nether Ditton Parish Council" },
    ]);
  });

  it("returns a list for a single record (not an object)", () => {
    expect(parseParishCouncils(fixture("get-parish-councils-single.xml"))).toEqual([
      { id: 7, title: "Ashby-de-la-Mere Parish Council" },
    ]);
  });

  it("accepts parish/parishid/parishname records with a free-text address", () => {
    expect(parseParishCouncils(fixture("get-parish-councils-alt-names.xml"))).toEqual([
      {
        id: 310,
        title: "Upper Slaughterford",
        website: "http://upperslaughterford.example.org.uk",
        clerkName: "Dr Rhys Evans",
        email: "Clerk.UpperSlaughterford@Example.org.uk",
        phone: "+44 1632 960 310",
        address: ["Rose Cottage", "Back Lane", "Upper Slaughterford", "ZZ9 3EF"],
      },
      { id: 311, title: "Lower Slaughterford Parish Council", clerkName: "Mr Ben Hall" },
    ]);
  });

  it("returns an empty list for an empty parish list (count with a leading space)", () => {
    expect(parseParishCouncils(fixture("get-parish-councils-empty.xml"))).toEqual([]);
    expect(parseParishCouncils("<parishcouncils>\r\n</parishcouncils>")).toEqual([]);
  });

  it("ignores a byte-order mark and leading whitespace", () => {
    const xml = `\uFEFF\n  <parishcouncils><parishcouncil><parishcounciltitle>Oakley</parishcounciltitle></parishcouncil></parishcouncils>`;
    expect(parseParishCouncils(xml)).toEqual([{ title: "Oakley" }]);
  });

  it("takes the parish title over a clerk's name and ignores a non-numeric id", () => {
    const xml = `<parishcouncils><parishcouncil><parishcouncilid>n/a</parishcouncilid>
      <clerkname>Ann Lee</clerkname><parishcouncilname>Oakley Parish Council</parishcouncilname>
      <parishcouncilcontact>Ann Lee, ann.lee@oakley.example.org</parishcouncilcontact>
      </parishcouncil></parishcouncils>`;
    expect(parseParishCouncils(xml)).toEqual([
      { title: "Oakley Parish Council", clerkName: "Ann Lee", email: "ann.lee@oakley.example.org" },
    ]);
  });

  it.each([
    ["a@x.gov.uk;b@y.co.uk", "a@x.gov.uk", ["b@y.co.uk"]],
    ["name@x.gov.uk (for ward issues)", "name@x.gov.uk", undefined],
    ["a@x.org.uk / b@y.org.uk", "a@x.org.uk", ["b@y.org.uk"]],
    ["clerk [at] oakley [dot] example [dot] org", "clerk@oakley.example.org", undefined],
  ])("takes the first address of the email field %j and keeps the rest", (field, email, otherEmails) => {
    const xml = `<parishcouncils><parishcouncil><parishcounciltitle>Oakley</parishcounciltitle>
      <parishcouncilcontact><email>${field}</email></parishcouncilcontact></parishcouncil></parishcouncils>`;
    expect(parseParishCouncils(xml)).toEqual([
      { title: "Oakley", email, ...(otherEmails ? { otherEmails } : {}) },
    ]);
  });

  it("decodes &amp;amp; to a single ampersand and &amp;lt; to <", () => {
    const xml = `<parishcouncils><parishcouncil><parishcounciltitle>Ham &amp;amp; Stone &amp;lt;PC&amp;gt;</parishcounciltitle></parishcouncil></parishcouncils>`;
    expect(parseParishCouncils(xml)[0]?.title).toBe("Ham & Stone <PC>");
  });
});

describe("parseParishCouncils: unusable responses", () => {
  const url = "https://democracy.example.gov.uk/mgWebService.asmx/GetParishCouncils";

  it("rejects an HTML error page served with 200", () => {
    const error = upstreamErrorOf(() => parseParishCouncils(fixture("html-error-page.html"), url));
    expect(error.upstream).toBe("Modern.Gov");
    expect(error.message).toBe(`Modern.Gov: returned HTML, not XML (${url})`);
  });

  it("rejects a JavaScript redirect stub", () => {
    const error = upstreamErrorOf(() => parseParishCouncils(fixture("js-redirect-stub.html")));
    expect(error.message).toBe("Modern.Gov: returned an HTML/JavaScript redirect page, not XML");
  });

  it("rejects an empty body and plain text", () => {
    expect(upstreamErrorOf(() => parseParishCouncils("  \n")).message).toBe(
      "Modern.Gov: returned an empty body, not XML",
    );
    expect(upstreamErrorOf(() => parseParishCouncils("Service Unavailable")).message).toBe(
      'Modern.Gov: returned something other than XML ("Service Unavailable")',
    );
  });

  it("rejects malformed XML", () => {
    const error = upstreamErrorOf(() =>
      parseParishCouncils("<parishcouncils><parishcouncil></parishcouncils>"),
    );
    expect(error.message).toMatch(/^Modern\.Gov: returned malformed XML: /);
  });

  it("reports a SOAP fault", () => {
    expect(upstreamErrorOf(() => parseParishCouncils(fixture("soap-fault.xml"))).message).toBe(
      "Modern.Gov: SOAP fault: Server was unable to process request. ---> Object reference not set to an instance of an object.",
    );
  });

  it("rejects XML that is not a parish list", () => {
    const xml = `<?xml version="1.0"?><councillorsbyward><wards><ward><wardtitle>Riverside</wardtitle></ward></wards></councillorsbyward>`;
    expect(upstreamErrorOf(() => parseParishCouncils(xml)).message).toBe(
      "Modern.Gov: returned XML that is not a parish council list (root <councillorsbyward>)",
    );
  });
});

describe("parseParishCouncils: hostile values", () => {
  it("reads a 40 KB <email> with no address in it as no email, without backtracking over it", () => {
    const junk = `${"a".repeat(20_000)}@${"b".repeat(20_000)}`;
    const xml = `<?xml version="1.0"?><parishcouncils><parishcouncil><title>Wendle Parish Council</title><email>${junk}</email></parishcouncil></parishcouncils>`;
    const [council] = parseParishCouncils(xml);
    expect(council?.title).toBe("Wendle Parish Council");
    expect(council?.email).toBeUndefined();
  }, 60_000);
});
