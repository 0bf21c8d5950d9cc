import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readClerkDirectoryFile } from "../../functions/local/clerk-directory-file.js";
import { demoModernGovChrome } from "../../functions/local/demo-moderngov-chrome.js";
import { type ModernGovServer, startModernGovServer } from "../../functions/local/moderngov-server.js";
import { MODERNGOV_TEMPLATES } from "../../functions/local/moderngov-templates.js";

// Each council's Modern.Gov site names its own council in every page's header, footer, sidebar and
// title, with its own democratic services address and phone: never another council's.

const chrome = demoModernGovChrome();
const COUNCILS = ["exampleshire-vale", "harrowfield", "saltmere"] as const;
const servers = new Map<string, ModernGovServer>();
let firstIds: Map<string, number>;

beforeAll(async () => {
  const directory = await readClerkDirectoryFile(
    new URL("../../geodata/demo/clerks.json", import.meta.url).pathname,
  );
  firstIds = new Map(
    COUNCILS.map((id) => [id, directory.parishCouncils.find((c) => c.council === id)?.id ?? 0]),
  );
  for (const template of ["standard", "footer-div", "sidebar"] as const)
    servers.set(template, await startModernGovServer({ directory, template, chrome }));
});
afterAll(async () => {
  await Promise.all([...servers.values()].map((s) => s.close()));
});

const pagesOf = (server: ModernGovServer, council: string) => {
  const base = server.siteUrl(council);
  return [
    `${base}/mgParishCouncilDetails.aspx`,
    `${base}/mgParishCouncilDetails.aspx?ID=${firstIds.get(council)}`,
    `${base}/mgParishCouncilDetailsList.aspx`,
  ];
};

describe("each local Modern.Gov site's own council in its page chrome", () => {
  it("has a chrome for each demo council, each at its own address", () => {
    expect(Object.keys(chrome).sort()).toEqual([...COUNCILS].sort());
    expect(new Set(Object.values(chrome).map((c) => c.email)).size).toBe(COUNCILS.length);
    expect(MODERNGOV_TEMPLATES).toContain("sidebar");
  });

  it.each(["standard", "footer-div", "sidebar"])(
    "names the site's council, and no other, on every page (%s template)",
    async (template) => {
      const server = servers.get(template) as ModernGovServer;
      for (const council of COUNCILS) {
        const own = chrome[council];
        for (const url of pagesOf(server, council)) {
          const html = await (await fetch(url)).text();
          expect(html, url).toContain(`<p class="mgSiteName">${own?.councilName}</p>`);
          expect(html, url).toContain(`mailto:${own?.email}`);
          expect(html, url).toContain(`| ${own?.councilName}</title>`);
          if (template === "sidebar") expect(html, url).toContain(own?.phone);
          for (const other of COUNCILS.filter((c) => c !== council)) {
            expect(html, url).not.toContain(chrome[other]?.email);
            expect(html, url).not.toContain(chrome[other]?.councilName);
          }
        }
      }
    },
  );

  it("makes a site's chrome from its id when none is given", async () => {
    const directory = await readClerkDirectoryFile(
      new URL("../../geodata/demo/clerks.json", import.meta.url).pathname,
    );
    const plain = await startModernGovServer({ directory });
    try {
      const html = await (await fetch(`${plain.siteUrl("harrowfield")}/mgParishCouncilDetails.aspx`)).text();
      expect(html).toContain(`<p class="mgSiteName">Harrowfield Council</p>`);
      expect(html).toContain("mailto:democratic.services@harrowfield.example");
    } finally {
      await plain.close();
    }
  });
});
