import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseParishCouncils } from "../../functions/adapters/moderngov/parse-parish-councils.js";
import { parseParishIndex, parseParishPage } from "../../functions/adapters/moderngov/parse-parish-page.js";
import {
  type ClerkDirectoryFile,
  readClerkDirectoryFile,
} from "../../functions/local/clerk-directory-file.js";
import {
  type ModernGovServer,
  SOAP_NAMESPACE,
  startModernGovServer,
} from "../../functions/local/moderngov-server.js";

/** The demo directory: one Modern.Gov site per council, Exampleshire Vale's at the root. */
let demo: ClerkDirectoryFile;
let server: ModernGovServer;
beforeAll(async () => {
  demo = await readClerkDirectoryFile(new URL("../../geodata/demo/clerks.json", import.meta.url).pathname);
  server = await startModernGovServer({ directory: demo });
});
afterAll(async () => {
  await server.close();
});

const idsOf = (council: string) => demo.parishCouncils.filter((c) => c.council === council).map((c) => c.id);
const body = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, init);
  expect(response.status, url).toBe(200);
  return response.text();
};

describe("the local Modern.Gov server, one site per council", () => {
  it("puts Exampleshire Vale at the root and the others under their ids", () => {
    expect(server.siteUrl("exampleshire-vale")).toBe(server.url);
    expect(server.siteUrl("harrowfield")).toBe(`${server.url}/harrowfield`);
    expect(server.siteUrl("saltmere")).toBe(`${server.url}/saltmere`);
    expect(() => server.siteUrl("nowhere")).toThrow(/no site for council "nowhere"/);
  });

  it.each(["exampleshire-vale", "harrowfield", "saltmere"])(
    "serves only %s's parishes on its site, by GET, SOAP and HTML",
    async (council) => {
      const base = server.siteUrl(council);
      const ids = idsOf(council);
      expect(ids.length).toBeGreaterThanOrEqual(4);
      const get = parseParishCouncils(await body(`${base}/mgWebService.asmx/GetParishCouncils`));
      expect(get.map((r) => r.id)).toEqual(ids);
      const soap = parseParishCouncils(
        await body(`${base}/mgWebService.asmx`, {
          method: "POST",
          headers: {
            "content-type": "text/xml; charset=utf-8",
            soapaction: `"${SOAP_NAMESPACE}/GetParishCouncils"`,
          },
          body: "<soap:Envelope/>",
        }),
      );
      expect(soap.map((r) => r.id)).toEqual(ids);
      const index = parseParishIndex(await body(`${base}/mgParishCouncilDetails.aspx`));
      expect(index.map((e) => e.id)).toEqual(ids);
      const first = demo.parishCouncils.find((c) => c.id === ids[0]);
      const page = parseParishPage(await body(`${base}/mgParishCouncilDetails.aspx?ID=${ids[0]}`));
      expect(page.title).toBe(first?.title);
      expect(await body(`${base}/mgParishCouncilDetailsList.aspx`)).toContain(
        first?.title.replace("&", "&amp;"),
      );
    },
  );

  it("does not serve one council's parish pages on another's site", async () => {
    const [harrowfieldId] = idsOf("harrowfield");
    expect((await fetch(`${server.url}/mgParishCouncilDetails.aspx?ID=${harrowfieldId}`)).status).toBe(404);
    expect(
      (await fetch(`${server.siteUrl("saltmere")}/mgParishCouncilDetails.aspx?ID=${harrowfieldId}`)).status,
    ).toBe(404);
  });

  it("matches site paths case-insensitively, as IIS does, and lists the sites on the root page", async () => {
    const records = parseParishCouncils(
      await body(`${server.url}/Harrowfield/MGWEBSERVICE.ASMX/GetParishCouncils`),
    );
    expect(records.map((r) => r.id)).toEqual(idsOf("harrowfield"));
    const landing = await body(`${server.url}/`);
    expect(landing).toContain(`${server.url}/harrowfield`);
    expect(landing).toContain(`${server.url}/saltmere`);
    expect(await body(`${server.siteUrl("saltmere")}/`)).toContain(
      `Base URL: <code>${server.url}/saltmere</code>`,
    );
  });

  it("serves everything at the root for a directory that names no councils", async () => {
    const plain = await startModernGovServer({
      directory: {
        parishCouncils: [{ id: 7, title: "Ashby Parish Council", clerk: null, xmlDetail: "full" }],
      },
    });
    try {
      const records = parseParishCouncils(await body(`${plain.url}/mgWebService.asmx/GetParishCouncils`));
      expect(records.map((r) => r.id)).toEqual([7]);
    } finally {
      await plain.close();
    }
  });
});

describe("readClerkDirectoryFile", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "signpost-clerks-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("names the file, where in it and the fault", async () => {
    const path = join(dir, "clerks.json");
    await writeFile(
      path,
      JSON.stringify({ parishCouncils: [{ council: "Harrow Field", id: 1, title: "A", clerk: null }] }),
    );
    await expect(readClerkDirectoryFile(path)).rejects.toThrow(
      `${path} is not a valid clerk directory:\n  at parishCouncils.0.council: must be a council id such as exampleshire-vale`,
    );
  });

  it("refuses an id listed twice for one council, but not across councils", async () => {
    const path = join(dir, "twice.json");
    const entry = { id: 5, title: "A", clerk: null };
    await writeFile(
      path,
      JSON.stringify({
        parishCouncils: [
          { ...entry, council: "a" },
          { ...entry, council: "b" },
          { ...entry, council: "a" },
        ],
      }),
    );
    await expect(readClerkDirectoryFile(path)).rejects.toThrow(
      `${path}: at parishCouncils.2: id 5 is listed twice for one council`,
    );
  });

  it("says when the file is not JSON", async () => {
    const path = join(dir, "broken.json");
    await writeFile(path, "{");
    await expect(readClerkDirectoryFile(path)).rejects.toThrow(`${path} is not JSON`);
  });
});
