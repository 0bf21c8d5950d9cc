import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseParishCouncils } from "../../functions/adapters/moderngov/parse-parish-councils.js";
import {
  parseParishDetailsList,
  parseParishIndex,
  parseParishPage,
} from "../../functions/adapters/moderngov/parse-parish-page.js";
import {
  type ClerkDirectoryFile,
  readClerkDirectoryFile,
} from "../../functions/local/clerk-directory-file.js";
import { demoModernGovChrome } from "../../functions/local/demo-moderngov-chrome.js";
import { type ModernGovServer, startModernGovServer } from "../../functions/local/moderngov-server.js";
import { MODERNGOV_TEMPLATES } from "../../functions/local/moderngov-templates.js";

/** Every template, against the demo data: each demo parish still gets its clerk; Little Wendle none. */
let demo: ClerkDirectoryFile;
/** Each site's pages name its own council and its own democratic services address. */
const chrome = demoModernGovChrome();
const servers = new Map<string, ModernGovServer>();
beforeAll(async () => {
  demo = await readClerkDirectoryFile(new URL("../../geodata/demo/clerks.json", import.meta.url).pathname);
  for (const template of MODERNGOV_TEMPLATES) {
    servers.set(template, await startModernGovServer({ directory: demo, template, chrome }));
  }
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
});

const text = async (server: ModernGovServer | undefined, path: string, council?: string) => {
  const response = await fetch(`${council ? server?.siteUrl(council) : server?.url}${path}`);
  expect(response.status).toBe(200);
  return response.text();
};

/** Each council's entries, served on its own site. */
const councilsOf = () => [...new Set(demo.parishCouncils.map((c) => c.council ?? ""))];
const entriesOf = (council: string) => demo.parishCouncils.filter((c) => c.council === council);

/** A parish's contact as the demo data has it, or undefined when it has none. */
const expectedEmail = (id: number) => demo.parishCouncils.find((c) => c.id === id)?.clerk?.email;

describe.each(MODERNGOV_TEMPLATES)("the %s template", (template) => {
  it("gives every demo parish its clerk on its own page, and Little Wendle none with the reason", async () => {
    const server = servers.get(template);
    for (const site of councilsOf()) {
      const index = parseParishIndex(await text(server, "/mgParishCouncilDetails.aspx", site));
      expect(index.map((e) => e.id)).toEqual(entriesOf(site).map((c) => c.id));
    }
    for (const council of demo.parishCouncils) {
      const page = parseParishPage(
        await text(server, `/mgParishCouncilDetails.aspx?ID=${council.id}`, council.council),
      );
      expect(page.title, template).toBe(council.title);
      expect(page.email, `${template}: ${council.title}`).toBe(expectedEmail(council.id));
      if (council.clerk?.name) expect(page.clerkName).toBe(council.clerk.name);
      if (!page.email) {
        expect(page.problems.map((p) => p.code)).toEqual(["no-email", "page-chrome"]);
        const siteEmail = chrome[council.council ?? ""]?.email ?? "missing";
        expect(page.problems[1]?.message).toMatch(
          new RegExp(`^${siteEmail.replace(/\./g, "\\.")} appears in `),
        );
      }
    }
  });

  it("lists every parish with its clerk on mgParishCouncilDetailsList.aspx", async () => {
    for (const site of councilsOf()) {
      const list = parseParishDetailsList(
        await text(servers.get(template), "/mgParishCouncilDetailsList.aspx", site),
      );
      expect(list.map((p) => [p.title, p.email])).toEqual(
        entriesOf(site).map((c) => [c.title, c.clerk?.email]),
      );
    }
  });
});

describe("template markup", () => {
  const page = (template: string, id: number) =>
    text(servers.get(template), `/mgParishCouncilDetails.aspx?ID=${id}`);

  it("has the footer as a <div> in footer-div, and as <footer> in standard", async () => {
    const html = await page("footer-div", 105);
    expect(html).toContain('<div id="footer" class="container">');
    expect(html).not.toContain("<footer");
    expect(await page("standard", 105)).toContain("<footer");
  });

  it("writes the address obfuscated, the mailto with a query, several addresses, and double-encoded text", async () => {
    expect(await page("obfuscated", 101)).toContain("clerk [at] ashcombe-pc [dot] example [dot] org");
    expect(await page("obfuscated", 101)).not.toContain("mailto:clerk");
    expect(await page("mailto-query", 101)).toContain(
      'href="mailto:clerk@ashcombe-pc.example.org?subject=Enquiry%20from%20the%20district%20website&amp;body=',
    );
    expect(await page("several-addresses", 101)).toContain(
      "clerk@ashcombe-pc.example.org; office@ashcombe-pc.example.org (for general enquiries)",
    );
    expect(await page("double-encoded", 102)).toContain("St Aldhelm &amp;amp; Marsh Parish Council");
  });

  it("records the other address of the several-addresses template", async () => {
    const parsed = parseParishPage(await page("several-addresses", 101));
    expect(parsed.otherEmails).toEqual(["office@ashcombe-pc.example.org"]);
  });

  it("labels fields in Welsh and bilingually", async () => {
    const welsh = await page("welsh", 101);
    expect(welsh).toContain('<html lang="cy">');
    expect(welsh).toContain('<span class="mgLabel">E-bost: </span>');
    expect(await page("bilingual", 101)).toContain('<th scope="row">Clerk / Clerc:</th>');
  });
});

describe("switching sources off", () => {
  let server: ModernGovServer;
  beforeAll(async () => {
    server = await startModernGovServer({ directory: demo, off: ["get", "soap", "details-list", "index"] });
  });
  afterAll(async () => {
    await server.close();
  });

  it("answers GET of the web service with ASP.NET's 500 'Request format is unrecognized'", async () => {
    const response = await fetch(`${server.url}/mgWebService.asmx/GetParishCouncils`);
    expect(response.status).toBe(500);
    expect(await response.text()).toContain(
      "Request format is unrecognized for URL unexpectedly ending in &#39;/GetParishCouncils&#39;.",
    );
  });

  it("answers SOAP with the same 500", async () => {
    const response = await fetch(`${server.url}/mgWebService.asmx`, {
      method: "POST",
      headers: {
        "content-type": "text/xml; charset=utf-8",
        soapaction: '"http://moderngov.co.uk/namespaces/GetParishCouncils"',
      },
      body: "<soap:Envelope/>",
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain("Request format is unrecognized");
  });

  it("answers 404 for the details list, the index and each parish page", async () => {
    for (const path of [
      "/mgParishCouncilDetailsList.aspx",
      "/mgParishCouncilDetails.aspx",
      "/mgParishCouncilDetails.aspx?ID=101",
    ]) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.text()).toContain("The resource cannot be found.");
    }
  });

  it("switches off only what it is told to", async () => {
    const partial = await startModernGovServer({ directory: demo, off: ["get"] });
    try {
      expect((await fetch(`${partial.url}/mgWebService.asmx/GetParishCouncils`)).status).toBe(500);
      const soap = await fetch(`${partial.url}/mgWebService.asmx`, {
        method: "POST",
        headers: { soapaction: "http://moderngov.co.uk/namespaces/GetParishCouncils" },
        body: "<soap:Envelope/>",
      });
      expect(parseParishCouncils(await soap.text())).toHaveLength(entriesOf("exampleshire-vale").length);
      expect((await fetch(`${partial.url}/mgParishCouncilDetailsList.aspx`)).status).toBe(200);
      expect((await fetch(`${partial.url}/mgParishCouncilDetails.aspx?ID=101`)).status).toBe(200);
    } finally {
      await partial.close();
    }
  });
});

describe("the web service under the several-addresses template", () => {
  it("gives the clerk's address first and the other in otherEmails, GET and SOAP alike", async () => {
    const server = servers.get("several-addresses");
    const records = parseParishCouncils(await text(server, "/mgWebService.asmx/GetParishCouncils"));
    const ashcombe = records.find((r) => r.id === 101);
    expect(ashcombe?.email).toBe("clerk@ashcombe-pc.example.org");
    expect(ashcombe?.otherEmails).toEqual(["office@ashcombe-pc.example.org"]);
    const standard = parseParishCouncils(
      await text(servers.get("standard"), "/mgWebService.asmx/GetParishCouncils"),
    );
    expect(standard.find((r) => r.id === 101)?.otherEmails).toBeUndefined();
  });
});
