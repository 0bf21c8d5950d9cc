import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { NotFoundError } from "#core/errors.js";
import { compileStylesheet } from "../../../functions/cli/stylesheet.js";
import { createCaseLogRenderer } from "../../../functions/http/case-log/render.js";
import { htmlErrorFor } from "../../../functions/http/middleware/html-error-page.js";
import { paths } from "../../../functions/http/web/paths.js";
import { createRenderer, templateDirs } from "../../../functions/http/web/render.js";
import { serveAsset, staticAssets } from "../../../functions/http/web/static-assets.js";

// GDS Transport is licensed for GOV.UK services only: a council's pages use Arial. Nothing the
// pages reference, the HTML, the stylesheet, the scripts or the manifest, may name the font or
// point at a font file, and govuk-frontend's fonts are not served.

const dirs = templateDirs({});
const assets = { govukFrontend: dirs.govukFrontend, own: dirs.static };
const FONT = /GDS Transport|@font-face|\.woff2?\b|\/fonts\//i;

const formPage = (() => {
  const views = { notFound: "not-found.njk", staleForm: "session-expired.njk", problem: "error.njk" };
  const result = htmlErrorFor(new Error("boom"), views);
  if (result.kind !== "page") throw new Error("expected a page");
  return createRenderer(dirs)(result.view, {
    ...result.context,
    councilName: "Exampleshire Vale",
    links: paths,
  });
})();
const caseLogPage = createCaseLogRenderer({ govukFrontend: dirs.govukFrontend })("sign-in.njk", {
  title: "Sign in",
  councilName: "Exampleshire Vale",
  links: { cases: "/staff/cases", signIn: "/staff/sign-in" },
  values: {},
  errors: {},
});

async function get(path: string): Promise<string> {
  const asset = (await serveAsset(path, assets)) as APIGatewayProxyStructuredResultV2 | undefined;
  if (asset?.statusCode !== 200) throw new Error(`${path} is not served`);
  return Buffer.from(asset.body ?? "", "base64").toString("utf8");
}

/** The /assets/ paths a text asset points at: links and scripts, CSS url()s, imports, icons. */
function referencesIn(path: string, text: string): string[] {
  const found = [
    ...[...text.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]),
    ...[...text.matchAll(/url\(\s*["']?([^"')]+)/g)].map((m) => m[1]),
    ...[...text.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]),
  ];
  if (path.endsWith(".json")) {
    const icons = (JSON.parse(text) as { icons?: Array<{ src: string }> }).icons ?? [];
    found.push(...icons.map((icon) => new URL(icon.src, `http://x${path}`).pathname));
  }
  return found
    .filter((ref): ref is string => ref?.startsWith("/assets/") === true)
    .map((ref) => ref.split("?")[0] as string);
}

/** Every asset reachable from a page, each read through the function that serves it. */
async function crawl(html: string): Promise<Map<string, string>> {
  const seen = new Map<string, string>();
  const queue = referencesIn("/page", html);
  for (let path = queue.shift(); path; path = queue.shift()) {
    if (seen.has(path)) continue;
    const text = await get(path);
    seen.set(path, text);
    if (/\.(css|m?js|json)$/.test(path)) queue.push(...referencesIn(path, text));
  }
  return seen;
}

describe("fonts: Arial, and no GDS Transport anywhere a page reaches", () => {
  it.each([
    ["the resident form", formPage],
    ["the case log", caseLogPage],
  ])("%s links our compiled stylesheet, and none of what it loads names a font file", async (_, html) => {
    expect(html).toMatch(/<link rel="stylesheet" href="\/assets\/signpost\.css\?v=[0-9a-f]{10}">/);
    expect(html).not.toMatch(FONT);
    expect(html).not.toContain("govuk-frontend.min.css");
    const reached = await crawl(html);
    expect([...reached.keys()]).toEqual(
      expect.arrayContaining([
        "/assets/signpost.css",
        "/assets/app.mjs",
        "/assets/govuk-frontend.min.js",
        "/assets/favicon.svg",
      ]),
    );
    for (const [path, body] of reached) {
      if (/\.(css|m?js|json|svg)$/.test(path)) expect(body, path).not.toMatch(FONT);
    }
  });

  it("serves the stylesheet the Sass compiles to, every font-family Arial first", async () => {
    const served = await get("/assets/signpost.css");
    expect(served).toBe(compileStylesheet());
    const families = [...served.matchAll(/font-family:\s*([^;}]+)/g)].map((m) => m[1]);
    expect(families.length).toBeGreaterThan(50);
    // Print styles use the printer's sans-serif, as govuk-frontend sets them.
    for (const family of families) expect(family).toMatch(/^(arial, ?sans-serif|sans-serif)$/);
    expect(served).toContain(".app-nowrap{white-space:nowrap}");
  });

  it("no view of the form or the case log names the font or govuk-frontend's precompiled CSS", () => {
    const folders = [dirs.views, join(import.meta.dirname, "../../../functions/http/case-log/views")];
    const views = folders.flatMap((folder) => readdirSync(folder).map((name) => join(folder, name)));
    expect(views.length).toBeGreaterThan(20);
    for (const view of views) {
      const text = readFileSync(view, "utf8");
      expect(text, view).not.toMatch(FONT);
      expect(text, view).not.toContain("govuk-frontend.min.css");
    }
  });

  it.each([
    "/assets/fonts/light-94a07e06a1-v2.woff2",
    "/assets/fonts/bold-b542beb274-v2.woff2",
    "/assets/fonts/light-f591b13f7d-v2.woff",
    "/assets/govuk-frontend.min.css",
    "/assets/images/../../govuk-frontend.min.css",
    // The crown: govuk-frontend's favicons, touch and mask icons, crest and manifest.
    "/assets/images/favicon.ico",
    "/assets/images/favicon.svg",
    "/assets/images/govuk-icon-180.png",
    "/assets/images/govuk-icon-mask.svg",
    "/assets/images/govuk-crest.svg",
    "/assets/manifest.json",
  ])("%s is the 404 page", async (rawPath) => {
    // The file is in the installed govuk-frontend: it is the server that declines it.
    const file = rawPath.endsWith(".min.css")
      ? "govuk-frontend.min.css"
      : rawPath.replace(/^\/assets\//, "assets/");
    expect(existsSync(join(dirs.govukFrontend, "govuk", file)), file).toBe(true);
    const before = staticAssets(assets).before;
    const request = { event: { rawPath, requestContext: { http: { method: "GET" } } } };
    await expect(before?.(request as never)).rejects.toThrow(NotFoundError);
  });
});
