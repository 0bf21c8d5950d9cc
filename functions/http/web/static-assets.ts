import { readFile } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";
import type { APIGatewayProxyResultV2 } from "aws-lambda";
import { NotFoundError } from "#core/errors.js";
import type { HtmlMiddleware } from "../middleware/html-state.js";
import { fileVersion, STYLESHEET_PATH } from "./stylesheet-version.js";

/** A day for most assets; a year, immutable, for the stylesheet asked for by its current hash. */
const DAY = "public, max-age=86400";
const IMMUTABLE = "public, max-age=31536000, immutable";

const TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".map": "application/json",
  ".svg": "image/svg+xml",
};

/**
 * Where `/assets/<relative>` lives. Ours first: app.mjs, favicon.svg and signpost.css, the
 * stylesheet compiled from govuk-frontend's Sass (functions/http/web/styles/). From govuk-frontend
 * only its script (app.mjs imports it). Not its precompiled CSS, its fonts (GDS Transport is
 * licensed for GOV.UK services only), nor its images and manifest (the crown, which the layouts
 * and the compiled stylesheet no longer reference).
 */
function candidates(relative: string, dirs: { govukFrontend: string; own: string }) {
  const govuk = join(dirs.govukFrontend, "govuk");
  const files = [{ root: dirs.own, file: join(dirs.own, relative) }];
  if (relative === "govuk-frontend.min.js") files.push({ root: govuk, file: join(govuk, relative) });
  return files;
}

/** `/assets/*` from the function itself: nothing comes from third-party hosts. */
export async function serveAsset(
  path: string,
  dirs: { govukFrontend: string; own: string },
  query = "",
): Promise<APIGatewayProxyResultV2 | undefined> {
  const relative = path.replace(/^\/assets\//, "");
  const type = TYPES[extname(relative)];
  if (!type || relative.includes("\0")) return undefined;
  for (const { root, file } of candidates(relative, dirs)) {
    // normalize() resolves "..": anything that climbs out of its root is not served.
    if (!normalize(file).startsWith(root + sep)) continue;
    try {
      const body = await readFile(file);
      const version = new URLSearchParams(query).get("v");
      const current = path === STYLESHEET_PATH && version !== null && version === fileVersion(file);
      return {
        statusCode: 200,
        headers: {
          "content-type": type,
          "cache-control": current ? IMMUTABLE : DAY,
          "x-content-type-options": "nosniff",
        },
        body: body.toString("base64"),
        isBase64Encoded: true,
      };
    } catch {
      // Not in this folder; try the next.
    }
  }
  return undefined;
}

/** GET /assets/… answered before any session is read; an unknown asset is the 404 page. */
export function staticAssets(dirs: { govukFrontend: string; own: string }): HtmlMiddleware {
  return {
    before: async function staticAssetsBefore(request) {
      const { rawPath, rawQueryString, requestContext } = request.event;
      if (!rawPath.startsWith("/assets/") || requestContext.http.method !== "GET") return undefined;
      const asset = await serveAsset(rawPath, dirs, rawQueryString);
      if (!asset) throw new NotFoundError(`No asset ${rawPath}`);
      return asset;
    },
  };
}
