import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ModernGovDirectory } from "../../../functions/adapters/moderngov/moderngov-directory.js";
import { parseParishDetailsList } from "../../../functions/adapters/moderngov/parse-parish-page.js";
import { UpstreamError } from "../../../functions/core/errors.js";
import { PacingBusyError } from "../../../functions/core/ports/request-pacing.js";

// Each step of the look-up chain against a small fake Modern.Gov site: which source is used when
// the one before is refused, missing or unhelpful, and what staff are told.

const CHROME = "democratic.services@district.example";
const FOOTER = `<div id="mgFooter"><p>Democratic Services: <a href="mailto:${CHROME}">${CHROME}</a></p></div>`;
const page = (body: string) =>
  `<!DOCTYPE html><html lang="en"><head><title>Council</title></head><body><div class="mgContent">${body}</div>${FOOTER}</body></html>`;

const xml = (records: string) =>
  `<?xml version="1.0" encoding="utf-8"?>\r\n<parishcouncils>${records}</parishcouncils>`;
const xmlRecord = (id: number, title: string, email?: string) =>
  `<parishcouncil><parishcouncilid>${id}</parishcouncilid><parishcounciltitle>${title}</parishcounciltitle>` +
  `<parishcouncilcontact><email>${email ?? ""}</email></parishcouncilcontact></parishcouncil>`;
const soapEnvelope = (document: string) =>
  '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">' +
  '<soap:Body><GetParishCouncilsResponse xmlns="http://moderngov.co.uk/namespaces"><GetParishCouncilsResult>' +
  document.replace(/^<\?xml[^>]*>\s*/, "") +
  "</GetParishCouncilsResult></GetParishCouncilsResponse></soap:Body></soap:Envelope>";

const INDEX = page(
  '<h1>Parish councils</h1><ul><li><a href="mgParishCouncilDetails.aspx?ID=21">Ashcombe Parish Council</a></li>' +
    '<li><a href="mgParishCouncilDetails.aspx?ID=22">Little Wendle Parish Meeting</a></li></ul>',
);
const ASHCOMBE_PAGE = page(
  '<h1 class="mgMainTitleTxt">Ashcombe Parish Council</h1><p>Clerk: Ms Ann Lee</p>' +
    '<p>Email: <a href="mailto:clerk@ashcombe-pc.example">clerk@ashcombe-pc.example</a></p>',
);
/** The parish has no contact: its page shows only the site's own address (footer as a `div`). */
const CHROME_ONLY_PAGE = page(
  '<h1 class="mgMainTitleTxt">Little Wendle Parish Meeting</h1><p>No contact details are held.</p>',
);
const DETAILS_LIST = page(
  '<h1>Parish council contact details</h1><h2 class="mgSectionTitle">Ashcombe Parish Council</h2>' +
    '<p>Clerk: Ms Ann Lee</p><p>Email: <a href="mailto:list.clerk@ashcombe-pc.example">list.clerk@ashcombe-pc.example</a></p>',
);

interface Site {
  get?: (res: Reply) => void;
  soap?: (res: Reply) => void;
  detailsList?: (res: Reply) => void;
  index?: (res: Reply) => void;
  page?: (id: string, res: Reply) => void;
}
type Reply = (status: number, body?: string, type?: string) => void;

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A fake install; each handler left out answers 404. Records what it was asked. */
async function fakeSite(site: Site) {
  const asked: string[] = [];
  const listener: RequestListener = (req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const path = url.pathname.toLowerCase();
    asked.push(`${req.method} ${url.pathname}${url.search}`);
    const reply: Reply = (status, body = "", type = "text/html; charset=utf-8") =>
      res.writeHead(status, { "content-type": type }).end(body);
    const missing = () => reply(404, "<h1>The resource cannot be found.</h1>");
    req.resume();
    req.on("end", () => {
      if (path === "/mgwebservice.asmx/getparishcouncils") return (site.get ?? missing)(reply);
      if (path === "/mgwebservice.asmx" && req.method === "POST") {
        if (req.headers.soapaction !== '"http://moderngov.co.uk/namespaces/GetParishCouncils"')
          return reply(500);
        return (site.soap ?? missing)(reply);
      }
      if (path === "/mgparishcouncildetailslist.aspx") return (site.detailsList ?? missing)(reply);
      if (path === "/mgparishcouncildetails.aspx") {
        const id = url.searchParams.get("ID");
        if (id === null) return (site.index ?? missing)(reply);
        return site.page ? site.page(id, reply) : missing();
      }
      missing();
    });
  };
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  servers.push({ close });
  return { url: `http://127.0.0.1:${port}`, asked };
}

const directoryFor = (url: string, settings = {}) =>
  new ModernGovDirectory({ baseUrl: url, minIntervalMs: 0, retryBaseMs: 1, attempts: 2, settings });
const ASHCOMBE = { code: "E04999001", name: "Ashcombe" };
const LITTLE_WENDLE = { code: "E04999002", name: "Little Wendle" };
const asXml = (body: string) => (reply: Reply) => reply(200, body, "text/xml; charset=utf-8");
const asHtml = (body: string) => (reply: Reply) => reply(200, body);
/** ASP.NET's answer when the GET protocol is turned off for the web service. */
const getRefused = (reply: Reply) =>
  reply(
    500,
    "Request format is unrecognized for URL unexpectedly ending in '/GetParishCouncils'.",
    "text/plain",
  );

describe("The look-up chain", () => {
  it("uses SOAP when GET is refused, says so, and does not ask by GET again for a while", async () => {
    const site = await fakeSite({
      get: getRefused,
      soap: asXml(soapEnvelope(xml(xmlRecord(21, "Ashcombe Parish Council", "clerk@ashcombe-pc.example")))),
    });
    const mg = directoryFor(site.url);
    const lookup = await mg.lookUp(ASHCOMBE);
    expect(lookup.contact).toEqual({
      councilName: "Ashcombe Parish Council",
      email: "clerk@ashcombe-pc.example",
      source: `${site.url}/mgWebService.asmx`,
      via: "web-service-soap",
      match: { title: "Ashcombe Parish Council", confidence: 1, how: "exact" },
    });
    expect(lookup.problems).toEqual([
      {
        code: "source-unavailable",
        message: "Modern.Gov's web service (GetParishCouncils) failed (HTTP 500)",
      },
    ]);
    expect(site.asked).toEqual([
      "GET /mgWebService.asmx/GetParishCouncils",
      "GET /mgWebService.asmx/GetParishCouncils",
      "POST /mgWebService.asmx",
    ]);
    site.asked.length = 0;
    await mg.lookUp(ASHCOMBE);
    expect(site.asked).toEqual([]);
  });

  it.skipIf(parseParishDetailsList(DETAILS_LIST, {}).length === 0)(
    "reads the details list when the web service is off (runs once the details-list parser exists)",
    async () => {
      const site = await fakeSite({ detailsList: asHtml(DETAILS_LIST), index: asHtml(INDEX) });
      const lookup = await directoryFor(site.url).lookUp(ASHCOMBE);
      expect(lookup.contact).toMatchObject({
        email: "list.clerk@ashcombe-pc.example",
        source: `${site.url}/mgParishCouncilDetailsList.aspx`,
        via: "details-list",
        match: { confidence: 1, how: "exact" },
      });
    },
  );

  it("reads the index and the parish's page when the web service is off and the details list is missing", async () => {
    const site = await fakeSite({
      index: asHtml(INDEX),
      page: (id, reply) => (id === "21" ? reply(200, ASHCOMBE_PAGE) : reply(404)),
    });
    const lookup = await directoryFor(site.url).lookUp(ASHCOMBE);
    expect(lookup.contact).toMatchObject({
      councilName: "Ashcombe Parish Council",
      email: "clerk@ashcombe-pc.example",
      source: `${site.url}/mgParishCouncilDetails.aspx?ID=21`,
      via: "details-page",
    });
    expect(lookup.problems.map((p) => p.code)).toEqual([
      "source-unavailable",
      "source-unavailable",
      "source-unavailable",
    ]);
    expect(site.asked).toEqual([
      "GET /mgWebService.asmx/GetParishCouncils",
      "POST /mgWebService.asmx",
      "GET /mgParishCouncilDetails.aspx",
      "GET /mgParishCouncilDetailsList.aspx",
      "GET /mgParishCouncilDetails.aspx?ID=21",
    ]);
  });

  it("goes on to the pages when the web service has the parish without a usable email", async () => {
    const site = await fakeSite({
      get: asXml(xml(xmlRecord(21, "Ashcombe Parish Council", "democracy@exampleshire.gov.uk"))),
      index: asHtml(INDEX),
      page: (_id, reply) => reply(200, ASHCOMBE_PAGE),
    });
    const lookup = await directoryFor(site.url, { districtDomains: ["exampleshire.gov.uk"] }).lookUp(
      ASHCOMBE,
    );
    expect(lookup.contact?.via).toBe("details-page");
    // The page gave the clerk's address: no "no email", only why the service's address was not used.
    expect(lookup.problems.slice(0, 1)).toEqual([
      {
        code: "district-domain",
        message: "democracy@exampleshire.gov.uk was not used: it is a district council address",
      },
    ]);
    expect(lookup.problems.map((p) => p.code)).not.toContain("no-email");
  });

  it("takes no contact from a page whose only address is the site's own, and says so", async () => {
    const site = await fakeSite({
      get: asXml(xml(xmlRecord(22, "Little Wendle Parish Meeting"))),
      index: asHtml(INDEX),
      page: (_id, reply) => reply(200, CHROME_ONLY_PAGE),
    });
    const lookup = await directoryFor(site.url).lookUp(LITTLE_WENDLE);
    expect(lookup.contact).toBeUndefined();
    const chrome = lookup.problems.filter((p) => p.code === "page-chrome");
    expect(chrome.length).toBeGreaterThan(0);
    for (const problem of chrome) expect(problem.message).toContain(CHROME);
    // The service listed the parish with no address at all: one "no email", naming where it looked.
    expect(lookup.problems.filter((p) => p.code === "no-email")).toEqual([
      {
        code: "no-email",
        message:
          "Little Wendle Parish Meeting has no usable email address in Modern.Gov's web service or its Modern.Gov page",
      },
    ]);
  });

  it("allows a district address configured for the parish", async () => {
    const site = await fakeSite({
      get: asXml(xml(xmlRecord(21, "Ashcombe Parish Council", "parish.clerk@exampleshire.gov.uk"))),
    });
    const mg = directoryFor(site.url, {
      districtDomains: ["exampleshire.gov.uk"],
      allowDistrictAddresses: { [ASHCOMBE.code]: ["parish.clerk@exampleshire.gov.uk"] },
    });
    expect((await mg.lookUp(ASHCOMBE)).contact?.email).toBe("parish.clerk@exampleshire.gov.uk");
  });

  it("uses a configured title for a name that never matches", async () => {
    const site = await fakeSite({
      get: asXml(xml(xmlRecord(31, "Cyngor Bro Ddyfi", "clerc@ddyfi.example"))),
    });
    const dyfi = { code: "W04000999", name: "Dyfi" };
    expect((await directoryFor(site.url).lookUp(dyfi)).problems.at(-1)).toEqual({
      code: "no-match",
      message: "no council in Modern.Gov matches Dyfi; possible match, not used: Cyngor Bro Ddyfi",
    });
    const mapped = directoryFor(site.url, { names: { [dyfi.code]: "Cyngor Bro Ddyfi" } });
    expect((await mapped.lookUp(dyfi)).contact).toMatchObject({
      email: "clerc@ddyfi.example",
      match: { title: "Cyngor Bro Ddyfi", confidence: 1, how: "mapped" },
    });
  });

  it("uses no council when two match equally well, naming both", async () => {
    const site = await fakeSite({
      get: asXml(
        xml(
          xmlRecord(41, "Newton Parish Council", "a@newton.example") +
            xmlRecord(42, "Newton Parish Meeting", "b@newton.example"),
        ),
      ),
    });
    const lookup = await directoryFor(site.url).lookUp({ code: "E04999003", name: "Newton" });
    expect(lookup.contact).toBeUndefined();
    expect(lookup.problems.map((p) => p.code)).toContain("uncertain-match");
    expect(lookup.problems.find((p) => p.code === "uncertain-match")?.message).toContain(
      "(Newton Parish Council, Newton Parish Meeting); none was used",
    );
  });

  it("throws UpstreamError only when no source answers, and gives up at the look-up's deadline", async () => {
    const silent = createServer(() => {
      // Accept and never answer.
    });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    servers.push({
      close: () =>
        new Promise<void>((resolve) => {
          silent.close(() => resolve());
          silent.closeAllConnections();
        }),
    });
    const { port } = silent.address() as AddressInfo;
    const mg = new ModernGovDirectory({
      baseUrl: `http://127.0.0.1:${port}`,
      minIntervalMs: 0,
      timeoutMs: 60_000,
      lookupDeadlineMs: 300,
    });
    const error = await mg.lookUp(ASHCOMBE).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UpstreamError);
    // Cut at the deadline, not at the 60 s request timeout.
    expect((error as Error).message).toMatch(/did not answer \(no answer within \d{3} ms/);
  });
});

describe("The look-up chain: several addresses, forced refreshes, chrome, pacing, problems", () => {
  it("screens every address of a web-service field: the clerk's after a district one is used", async () => {
    const site = await fakeSite({
      get: asXml(
        xml(
          xmlRecord(
            21,
            "Ashcombe Parish Council",
            "democratic.services@wendleshire.gov.uk; clerk@ashcombe-pc.example",
          ) + xmlRecord(23, "Brook Parish Council", "clerk@brook-pc.example; chair@brook-pc.example"),
        ),
      ),
    });
    const mg = directoryFor(site.url, { districtDomains: ["wendleshire.gov.uk"] });
    const ashcombe = await mg.lookUp(ASHCOMBE);
    expect(ashcombe.contact).toMatchObject({ email: "clerk@ashcombe-pc.example", via: "web-service" });
    expect(ashcombe.contact?.otherEmails).toBeUndefined();
    expect(ashcombe.problems).toEqual([
      {
        code: "district-domain",
        message: "democratic.services@wendleshire.gov.uk was not used: it is a district council address",
      },
    ]);
    const brook = await mg.lookUp({ code: "E04999003", name: "Brook" });
    expect(brook.contact).toMatchObject({
      email: "clerk@brook-pc.example",
      otherEmails: ["chair@brook-pc.example"],
    });
    expect(brook.problems.map((p) => p.code)).toEqual(["several-addresses"]);
    // Both from the one answer of the web service.
    expect(site.asked).toEqual(["GET /mgWebService.asmx/GetParishCouncils"]);
  });

  it("asks Modern.Gov again for a fresh look-up, and serves nothing stale when that fails", async () => {
    let email = "old.clerk@ashcombe-pc.example";
    let up = true;
    const site = await fakeSite({
      get: (reply) =>
        up ? asXml(xml(xmlRecord(21, "Ashcombe Parish Council", email)))(reply) : reply(503, "down"),
    });
    const mg = directoryFor(site.url);
    expect((await mg.lookUp(ASHCOMBE)).contact?.email).toBe("old.clerk@ashcombe-pc.example");
    email = "new.clerk@ashcombe-pc.example";
    // An ordinary look-up uses the answer already read; a fresh one asks.
    expect((await mg.lookUp(ASHCOMBE)).contact?.email).toBe("old.clerk@ashcombe-pc.example");
    expect(site.asked).toHaveLength(1);
    expect((await mg.lookUp(ASHCOMBE, { fresh: true })).contact?.email).toBe("new.clerk@ashcombe-pc.example");
    expect(site.asked).toHaveLength(2);

    up = false;
    await expect(mg.lookUp(ASHCOMBE, { fresh: true })).rejects.toBeInstanceOf(UpstreamError);
    // Dispatch still gets the last answer while Modern.Gov is down (stale-if-error).
    expect((await mg.lookUp(ASHCOMBE)).contact?.email).toBe("new.clerk@ashcombe-pc.example");
  });

  it("reads a shared source once for a run of fresh look-ups that share a start", async () => {
    const site = await fakeSite({
      get: asXml(
        xml(
          xmlRecord(21, "Ashcombe Parish Council", "clerk@ashcombe-pc.example") +
            xmlRecord(22, "Little Wendle Parish Meeting", "clerk@little-wendle.example"),
        ),
      ),
    });
    let now = 1_000_000;
    const mg = new ModernGovDirectory({ baseUrl: site.url, minIntervalMs: 0, now: () => now });
    await mg.lookUp(ASHCOMBE);
    now += 1000;
    const runStart = new Date(now);
    now += 1000;
    await mg.lookUp(ASHCOMBE, { fresh: true, freshSince: runStart });
    now += 1000;
    const second = await mg.lookUp(LITTLE_WENDLE, { fresh: true, freshSince: runStart });
    expect(second.contact?.email).toBe("clerk@little-wendle.example");
    // Once before the run, once in it.
    expect(site.asked).toEqual([
      "GET /mgWebService.asmx/GetParishCouncils",
      "GET /mgWebService.asmx/GetParishCouncils",
    ]);
  });

  it("says when pages were read without the index to tell site chrome, and keeps no such parse", async () => {
    let indexUp = false;
    const site = await fakeSite({
      index: (reply) => (indexUp ? reply(200, INDEX) : reply(500, "error")),
      page: (_id, reply) => reply(200, ASHCOMBE_PAGE),
      // The web service lists the parish without an address, and gives its page's id.
      get: asXml(xml(xmlRecord(21, "Ashcombe Parish Council"))),
    });
    let now = 0;
    const mg = new ModernGovDirectory({ baseUrl: site.url, minIntervalMs: 0, attempts: 1, now: () => now });
    const first = await mg.lookUp(ASHCOMBE);
    expect(first.contact).toMatchObject({ email: "clerk@ashcombe-pc.example", via: "details-page" });
    expect(first.problems).toContainEqual({
      code: "page-chrome",
      message:
        "could not check the parish pages for site chrome: The parish council index page (mgParishCouncilDetails.aspx) failed (HTTP 500)",
    });
    const pageReads = () => site.asked.filter((a) => a.endsWith("?ID=21")).length;
    expect(pageReads()).toBe(1);
    // Without the index, the page is read again by the next look-up: its parse was not kept.
    await mg.lookUp(ASHCOMBE);
    expect(pageReads()).toBe(2);
    // Once the failed index is asked again (after the hour it is skipped for) and answers, the
    // page is read with the chrome known, and kept.
    indexUp = true;
    now += 2 * 60 * 60 * 1000;
    const second = await mg.lookUp(ASHCOMBE);
    expect(second.problems.map((p) => p.code)).not.toContain("page-chrome");
    expect(pageReads()).toBe(3);
    await mg.lookUp(ASHCOMBE);
    expect(pageReads()).toBe(3);
  });

  it("stops when Signpost's own request limit is busy, says so, and does not skip the source later", async () => {
    const site = await fakeSite({
      get: asXml(xml(xmlRecord(21, "Ashcombe Parish Council", "clerk@ashcombe-pc.example"))),
    });
    let busy = true;
    const mg = new ModernGovDirectory({
      baseUrl: site.url,
      pacing: {
        waitTurn: async (host) => {
          if (busy) throw new PacingBusyError("Modern.Gov", host, 5000);
        },
      },
    });
    const error = await mg.lookUp(ASHCOMBE).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(String(error)).toContain("Signpost's own request limit for 127.0.0.1");
    expect(String(error)).not.toContain("not understood");
    // No other source was tried: they share the host's limit.
    expect(site.asked).toEqual([]);
    busy = false;
    expect((await mg.lookUp(ASHCOMBE)).contact?.email).toBe("clerk@ashcombe-pc.example");
  });

  it("records at most 12 problems, counting the rest", async () => {
    const district = Array.from({ length: 20 }, (_, i) => `officer${i}@exampleshire.gov.uk`);
    const site = await fakeSite({
      get: asXml(xml(xmlRecord(21, "Ashcombe Parish Council", district.join("; ")))),
      index: asHtml(INDEX),
      page: (_id, reply) => reply(200, ASHCOMBE_PAGE),
    });
    const lookup = await directoryFor(site.url, { districtDomains: ["exampleshire.gov.uk"] }).lookUp(
      ASHCOMBE,
    );
    expect(lookup.contact?.email).toBe("clerk@ashcombe-pc.example");
    expect(lookup.problems).toHaveLength(12);
    expect(lookup.problems.at(-1)?.message).toMatch(/; and \d+ more$/);
  });
});
