import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseParishCouncils } from "../../functions/adapters/moderngov/parse-parish-councils.js";
import { parseParishIndex, parseParishPage } from "../../functions/adapters/moderngov/parse-parish-page.js";
import { clerkDirectoryFileSchema } from "../../functions/local/clerk-directory-file.js";
import { type ModernGovServer, startModernGovServer } from "../../functions/local/moderngov-server.js";

const directory = clerkDirectoryFileSchema.parse({
  parishCouncils: [
    {
      id: 11,
      title: "St Mary & Marsh Parish Council",
      website: "https://stmarysandmarsh.example.org/",
      clerk: {
        name: "Mrs Jane O'Connor",
        email: "clerk@stmarysandmarsh.example.org",
        phone: "01632 960123",
        address: ["The Old School House", "Church Lane"],
        postcode: "ZZ1 4AB",
      },
    },
    {
      id: 12,
      title: "Great Wendle Town Council",
      clerk: { name: "Mr David Lloyd", email: "town.clerk@greatwendle.example.org", phone: "01632 960555" },
      xmlDetail: "name-only",
    },
    { id: 13, title: "Little Wendle Parish Meeting", clerk: null },
    { id: 14, title: "<script>alert(1)</script> Parish Council", clerk: null, xmlDetail: "name-only" },
  ],
});

let server: ModernGovServer;
beforeAll(async () => {
  server = await startModernGovServer({ directory });
});
afterAll(async () => {
  await server.close();
});

const get = (path: string) => fetch(`${server.url}${path}`);

describe("startModernGovServer", () => {
  it("listens on a free local port", () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  describe("GET mgWebService.asmx/GetParishCouncils", () => {
    let body: string;
    let contentType: string | null;
    beforeAll(async () => {
      const response = await get("/mgWebService.asmx/GetParishCouncils");
      expect(response.status).toBe(200);
      contentType = response.headers.get("content-type");
      body = await response.text();
    });

    it("is an XML document with the count's leading space", () => {
      expect(contentType).toBe("text/xml; charset=utf-8");
      expect(body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
      expect(body).toContain("<parishcouncils>");
      expect(body).toContain("<parishcouncilcount> 4</parishcouncilcount>");
    });

    it("encodes text twice, as real installs do", () => {
      expect(body).toContain(
        "<parishcounciltitle>St Mary &amp;amp; Marsh Parish Council</parishcounciltitle>",
      );
      expect(body).toContain("<clerkname>Mrs Jane O&amp;#39;Connor</clerkname>");
      expect(body).toContain(
        "<parishcounciltitle>&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt; Parish Council</parishcounciltitle>",
      );
      expect(body).not.toContain("<script>");
    });

    it("writes missing values as whitespace-only elements and leaves the contact out of name-only records", () => {
      const littleWendle = body.slice(
        body.indexOf("<parishcouncilid>13<"),
        body.indexOf("<parishcouncilid>14<"),
      );
      expect(littleWendle).toMatch(/<email>\r\n\s+<\/email>/);
      expect(littleWendle).toMatch(/<clerkname>\r\n\s+<\/clerkname>/);
      expect(littleWendle).toMatch(/<parishcouncilwebsite>\r\n\s+<\/parishcouncilwebsite>/);
      const greatWendle = body.slice(
        body.indexOf("<parishcouncilid>12<"),
        body.indexOf("<parishcouncilid>13<"),
      );
      expect(greatWendle).not.toContain("email");
      expect(greatWendle).not.toContain("clerk");
    });

    it("parses back to the directory's data", () => {
      expect(parseParishCouncils(body)).toEqual([
        {
          id: 11,
          title: "St Mary & Marsh Parish Council",
          website: "https://stmarysandmarsh.example.org/",
          clerkName: "Mrs Jane O'Connor",
          email: "clerk@stmarysandmarsh.example.org",
          phone: "01632 960123",
          address: ["The Old School House", "Church Lane", "ZZ1 4AB"],
        },
        { id: 12, title: "Great Wendle Town Council" },
        { id: 13, title: "Little Wendle Parish Meeting" },
        { id: 14, title: "<script>alert(1)</script> Parish Council" },
      ]);
    });
  });

  describe("SOAP", () => {
    const soapRequest = (action: string) =>
      fetch(`${server.url}/mgWebService.asmx`, {
        method: "POST",
        headers: { "content-type": "text/xml; charset=utf-8", soapaction: action },
        body: '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><GetParishCouncils xmlns="http://moderngov.co.uk/namespaces" /></soap:Body></soap:Envelope>',
      });

    it("wraps the same document in an envelope", async () => {
      const response = await soapRequest('"http://moderngov.co.uk/namespaces/GetParishCouncils"');
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(body).toContain('<GetParishCouncilsResponse xmlns="http://moderngov.co.uk/namespaces">');
      expect(body).toContain('<GetParishCouncilsResult><parishcouncils xmlns="">');
      const plain = await (await get("/mgWebService.asmx/GetParishCouncils")).text();
      expect(parseParishCouncils(body)).toEqual(parseParishCouncils(plain));
      expect(parseParishCouncils(body)).toHaveLength(4);
    });

    it("answers an unknown SOAPAction with a 500 fault", async () => {
      const response = await soapRequest("http://moderngov.co.uk/namespaces/GetWards");
      expect(response.status).toBe(500);
      const body = await response.text();
      expect(body).toContain("<soap:Fault>");
      expect(body).toContain(
        "Server did not recognize the value of HTTP Header SOAPAction: http://moderngov.co.uk/namespaces/GetWards.",
      );
    });
  });

  it("answers an unknown web method with 500, as ASP.NET does", async () => {
    const response = await get("/mgWebService.asmx/GetWards");
    expect(response.status).toBe(500);
    expect(await response.text()).toMatch(
      /^System\.InvalidOperationException: GetWards Web Service method name is not valid\./,
    );
  });

  describe("parish pages", () => {
    it("lists every council on the index page, escaping titles", async () => {
      const response = await get("/mgParishCouncilDetails.aspx");
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain(
        '<a href="mgParishCouncilDetails.aspx?ID=11">St Mary &amp; Marsh Parish Council</a>',
      );
      expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; Parish Council");
      expect(html).not.toContain("<script>");
      expect(parseParishIndex(html).map((e) => e.id)).toEqual([11, 12, 13, 14]);
    });

    it("shows a council's contact in Modern.Gov markup", async () => {
      const response = await get("/mgParishCouncilDetails.aspx?ID=11");
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const html = await response.text();
      expect(html).toContain('<h1 class="mgMainTitleTxt">St Mary &amp; Marsh Parish Council</h1>');
      expect(html).toContain('<span class="mgLabel">Clerk: </span>Mrs Jane O&#39;Connor');
      expect(html).toContain('<a href="mailto:clerk@stmarysandmarsh.example.org">');
      expect(html).toContain('<a href="tel:01632960123">01632 960123</a>');
      expect(parseParishPage(html)).toEqual({
        problems: [],
        title: "St Mary & Marsh Parish Council",
        clerkName: "Mrs Jane O'Connor",
        email: "clerk@stmarysandmarsh.example.org",
        phone: "01632 960123",
        address: ["The Old School House", "Church Lane", "ZZ1 4AB"],
      });
    });

    it("has the contact for a name-only council on its page (the id parameter is case-insensitive)", async () => {
      const html = await (await get("/mgParishCouncilDetails.aspx?id=12")).text();
      expect(parseParishPage(html)).toEqual({
        problems: [],
        title: "Great Wendle Town Council",
        clerkName: "Mr David Lloyd",
        email: "town.clerk@greatwendle.example.org",
        phone: "01632 960555",
      });
    });

    it("says so when there is no contact, without leaking the footer's address into the parse", async () => {
      const html = await (await get("/mgParishCouncilDetails.aspx?ID=13")).text();
      expect(html).toContain("No contact details are held for this council.");
      expect(html).toContain("mailto:democratic.services@demo-district.example");
      const page = parseParishPage(html);
      expect(page.title).toBe("Little Wendle Parish Meeting");
      expect(page.email).toBeUndefined();
      expect(page.problems).toContainEqual({
        code: "page-chrome",
        message:
          "democratic.services@demo-district.example appears in the page footer, not the parish's details",
      });
    });

    it("escapes a hostile title", async () => {
      const html = await (await get("/mgParishCouncilDetails.aspx?ID=14")).text();
      expect(html).toContain(
        '<h1 class="mgMainTitleTxt">&lt;script&gt;alert(1)&lt;/script&gt; Parish Council</h1>',
      );
      expect(html).not.toContain("<script>");
    });

    it("answers 404 for an unknown or malformed id", async () => {
      for (const id of ["999", "abc"]) {
        const response = await get(`/mgParishCouncilDetails.aspx?ID=${id}`);
        expect(response.status).toBe(404);
        expect(await response.text()).toContain("The resource cannot be found.");
      }
    });
  });

  it("lists its URLs on the landing page", async () => {
    const html = await (await get("/")).text();
    expect(html).toContain(`<a href="${server.url}/mgWebService.asmx/GetParishCouncils">`);
    expect(html).toContain(`<a href="${server.url}/mgParishCouncilDetails.aspx">`);
  });

  it("answers 404 elsewhere", async () => {
    expect((await get("/mgMemberIndex.aspx")).status).toBe(404);
  });
});
