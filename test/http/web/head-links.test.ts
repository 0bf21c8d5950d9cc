import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { createCaseLogRenderer } from "../../../functions/http/case-log/render.js";
import { paths } from "../../../functions/http/web/paths.js";
import { createRenderer, templateDirs } from "../../../functions/http/web/render.js";
import { serveAsset } from "../../../functions/http/web/static-assets.js";

// What every page's <head> links: our own favicon (no crown: govuk-frontend's icons and manifest
// are GOV.UK's), and the stylesheet by a URL that changes whenever its content does.

const dirs = templateDirs({});
const assets = { govukFrontend: dirs.govukFrontend, own: dirs.static };
const stylesheet = readFileSync(join(dirs.static, "signpost.css"));
const version = createHash("sha256").update(stylesheet).digest("hex").slice(0, 10);

const formPage = createRenderer(dirs)("not-found.njk", { councilName: "Exampleshire Vale", links: paths });
const caseLogPage = createCaseLogRenderer({ govukFrontend: dirs.govukFrontend })("sign-in.njk", {
  title: "Sign in",
  councilName: "Exampleshire Vale",
  links: { cases: "/staff/cases", signIn: "/staff/sign-in" },
  values: {},
  errors: {},
});
const CROWN = /govuk-crest|govuk-icon|images\/favicon|manifest\.json|govuk-opengraph/;

describe("page heads", () => {
  it.each([
    ["the resident form", formPage],
    ["the case log", caseLogPage],
  ])("%s links the stylesheet by its content hash and our favicon, never the crown", (_, html) => {
    expect(html).toContain(`<link rel="stylesheet" href="/assets/signpost.css?v=${version}">`);
    expect(html).toContain('<link rel="icon" sizes="any" href="/assets/favicon.svg" type="image/svg+xml">');
    expect(html).not.toMatch(CROWN);
    expect(html).not.toContain('rel="manifest"');
    expect(html).not.toContain('rel="apple-touch-icon"');
  });

  it("the compiled stylesheet points at no image (govuk-frontend's only one is the crest)", () => {
    expect(stylesheet.toString("utf8")).not.toMatch(/url\(/);
  });

  it("serves our favicon, an SVG with no crown", async () => {
    const icon = (await serveAsset("/assets/favicon.svg", assets)) as APIGatewayProxyStructuredResultV2;
    expect(icon.statusCode).toBe(200);
    expect(icon.headers?.["content-type"]).toBe("image/svg+xml");
    expect(Buffer.from(icon.body ?? "", "base64").toString("utf8")).toMatch(/^<svg /);
  });

  it("caches the stylesheet a year, immutable, when asked for by its current hash; a day otherwise", async () => {
    const cache = async (query: string) =>
      ((await serveAsset("/assets/signpost.css", assets, query)) as APIGatewayProxyStructuredResultV2)
        .headers?.["cache-control"];
    expect(await cache(`v=${version}`)).toBe("public, max-age=31536000, immutable");
    expect(await cache("v=0000000000")).toBe("public, max-age=86400");
    expect(await cache("")).toBe("public, max-age=86400");
  });
});
