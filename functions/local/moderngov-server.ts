import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ClerkDirectoryEntry, ClerkDirectoryFile } from "./clerk-directory-file.js";
import { escapeHtml, escapeXml } from "./moderngov-escape.js";
import {
  DEFAULT_CHROME,
  detailsListPage,
  detailsPage,
  indexPage,
  type ModernGovTemplate,
  type SiteChrome,
  webServiceCouncils,
} from "./moderngov-templates.js";

/**
 * A local stand-in for councils' Modern.Gov installs, publishing a demo clerk directory the way a
 * real one would shape it. Each council whose entries the directory holds gets its own site: the
 * root council's at the server root, every other one's under `/<council id>/` (so a council's
 * `moderngovBaseUrl` is `siteUrl(id)`), each with the full set of pages below: the `GetParishCouncils` web service (GET and SOAP 1.1), with text
 * entity-encoded twice and empty fields as whitespace-only elements, and the parish HTML pages
 * (the index, each `?ID=` page and the all-parishes details list) in a chosen council template.
 * Each source can be switched off, so a client's fallback chain can be exercised.
 */
export interface ModernGovServerOptions {
  directory: ClerkDirectoryFile;
  /**
   * The council whose site is at the server root (and which entries without a `council` belong
   * to). Default: the council of the directory's first entry.
   */
  rootCouncil?: string;
  /**
   * Each site's council as its pages' header, footer and sidebar name it, by council id. A site not
   * named here: the root's is a demo district's (`DEFAULT_CHROME`), another's is made from its id.
   */
  chrome?: Readonly<Record<string, SiteChrome>>;
  /** How the parish pages are marked up (see `moderngov-templates.ts`). Default "standard". */
  template?: ModernGovTemplate;
  /** Sources that answer as a real install with them disabled or missing does. */
  off?: readonly ModernGovSource[];
  /** Default "127.0.0.1". */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
}

export interface ModernGovServer {
  /** The root site ("base URL") without a trailing slash, e.g. `http://127.0.0.1:54321`. */
  url: string;
  /** A council's site root without a trailing slash, e.g. `http://127.0.0.1:54321/harrowfield`. */
  siteUrl: (council: string) => string;
  close: () => Promise<void>;
}

/**
 * `get`: HTTP GET of the web service (500 "Request format is unrecognized", as ASP.NET answers when
 * the HttpGet protocol is not enabled); `soap`: the SOAP endpoint (the same 500); `details-list`:
 * `mgParishCouncilDetailsList.aspx` (404, as on installs without it); `index`: the parish index and
 * its `?ID=` pages (404).
 */
export const MODERNGOV_SOURCES = ["get", "soap", "details-list", "index"] as const;
export type ModernGovSource = (typeof MODERNGOV_SOURCES)[number];

interface Site {
  councils: ClerkDirectoryEntry[];
  chrome: SiteChrome;
  template: ModernGovTemplate;
  off: ReadonlySet<ModernGovSource>;
  /** On the root site: the ids of the councils with a site under it, for its landing page. */
  others?: readonly string[];
}

export const SOAP_NAMESPACE = "http://moderngov.co.uk/namespaces";

export async function startModernGovServer(options: ModernGovServerOptions): Promise<ModernGovServer> {
  const entries = options.directory.parishCouncils;
  const root = options.rootCouncil ?? entries[0]?.council;
  const siteOf = (councils: ClerkDirectoryEntry[], chrome: SiteChrome): Site => ({
    councils,
    chrome,
    template: options.template ?? "standard",
    off: new Set(options.off ?? []),
  });
  const rootSite = siteOf(
    entries.filter(({ council }) => council === undefined || council === root),
    (root !== undefined && options.chrome?.[root]) || DEFAULT_CHROME,
  );
  /** The other councils' sites, by lower-case id (IIS paths are case-insensitive). */
  const sites = new Map<string, Site>();
  for (const { council } of entries) {
    if (council === undefined || council === root || sites.has(council)) continue;
    sites.set(
      council,
      siteOf(
        entries.filter((entry) => entry.council === council),
        options.chrome?.[council] ?? chromeFromId(council),
      ),
    );
  }
  rootSite.others = [...sites.keys()];
  const server = createServer((req, res) => {
    const { site, base, path } = route(req, rootSite, sites);
    handle(req, res, site, base, path).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", "Internal server error\n");
      else res.destroy(error instanceof Error ? error : undefined);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  return {
    url,
    siteUrl: (council) => {
      if (council === root) return url;
      if (!sites.has(council)) throw new Error(`the Modern.Gov server has no site for council "${council}"`);
      return `${url}/${council}`;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** A site's council when none is configured: "harrowfield" → Harrowfield Council, at its own domain. */
function chromeFromId(id: string): SiteChrome {
  const name = id
    .split("-")
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
  return {
    councilName: `${name} Council`,
    email: `democratic.services@${id}.example`,
    phone: DEFAULT_CHROME.phone,
  };
}

/** Which site a request is for, that site's base URL, and the path within it. */
function route(
  req: IncomingMessage,
  rootSite: Site,
  sites: ReadonlyMap<string, Site>,
): { site: Site; base: string; path: string } {
  const origin = `http://${req.headers.host ?? "localhost"}`;
  const { pathname } = new URL(req.url ?? "/", origin);
  const [, first = "", rest = ""] = /^\/([^/]*)(.*)$/.exec(pathname) ?? [];
  const site = sites.get(first.toLowerCase());
  if (site) return { site, base: `${origin}/${first}`, path: rest || "/" };
  return { site: rootSite, base: origin, path: pathname };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  site: Site,
  base: string,
  sitePath: string,
): Promise<void> {
  const { councils, template, off, chrome } = site;
  const serviceCouncils = webServiceCouncils(councils, template);
  const url = new URL(req.url ?? "/", base);
  // IIS paths are case-insensitive.
  const path = sitePath.toLowerCase();
  const method = req.method ?? "GET";
  // Drain the request (a SOAP envelope has no parameters for GetParishCouncils).
  await drain(req);
  const html = (status: number, body: string) => send(res, status, "text/html; charset=utf-8", body);

  if (path === "/mgwebservice.asmx" && method === "POST") {
    if (off.has("soap")) return html(500, requestFormatUnrecognisedPage(url.pathname));
    return soap(req, res, serviceCouncils);
  }
  if (path.startsWith("/mgwebservice.asmx/")) {
    const operation = sitePath.slice("/mgWebService.asmx/".length);
    if (method !== "GET" && method !== "POST")
      return send(res, 405, "text/plain; charset=utf-8", "Method not allowed\n");
    if (off.has("get")) return html(500, requestFormatUnrecognisedPage(url.pathname));
    if (operation.toLowerCase() === "getparishcouncils") {
      return send(
        res,
        200,
        "text/xml; charset=utf-8",
        XML_DECLARATION + parishCouncilsXml(serviceCouncils, ""),
      );
    }
    return send(res, 500, "text/plain; charset=utf-8", invalidMethodText(operation));
  }
  if (method !== "GET" && method !== "HEAD")
    return send(res, 405, "text/plain; charset=utf-8", "Method not allowed\n");
  if (path === "/mgwebservice.asmx") return html(200, serviceHelpPage());
  if (path === "/mgparishcouncildetails.aspx" && !off.has("index")) {
    const idParam = [...url.searchParams].find(([k]) => k.toLowerCase() === "id")?.[1];
    if (idParam === undefined) return html(200, indexPage(councils, template, chrome));
    const council = /^\d+$/.test(idParam) ? councils.find((c) => c.id === Number(idParam)) : undefined;
    if (!council) return html(404, notFoundPage(url.pathname + url.search));
    return html(200, detailsPage(council, template, chrome));
  }
  if (path === "/mgparishcouncildetailslist.aspx" && !off.has("details-list")) {
    return html(200, detailsListPage(councils, template, chrome));
  }
  if (path === "/") return html(200, landingPage(base, site));
  return html(404, notFoundPage(url.pathname));
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _chunk of req) {
    // Discard.
  }
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { "content-type": contentType, "cache-control": "private" });
  res.end(body);
}

/** Text as Modern.Gov puts it in its XML: HTML-encoded, then XML-encoded (`'` → `&amp;#39;`). */
function xmlText(text: string): string {
  return escapeXml(escapeHtml(text));
}

// ---------------------------------------------------------------------------------------------
// Web service

const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\r\n';

/** An element with text, or a whitespace-only element when the value is missing (as real installs do). */
function field(name: string, value: string | undefined, indent: string): string {
  return value === undefined || value.trim() === ""
    ? `${indent}<${name}>\r\n${indent}</${name}>\r\n`
    : `${indent}<${name}>${xmlText(value)}</${name}>\r\n`;
}

function parishCouncilsXml(councils: ClerkDirectoryEntry[], rootAttributes: string): string {
  const records = councils.map((council) => parishCouncilXml(council)).join("");
  return (
    `<parishcouncils${rootAttributes}>\r\n` +
    `  <parishcouncilcount> ${councils.length}</parishcouncilcount>\r\n` +
    records +
    "</parishcouncils>\r\n"
  );
}

function parishCouncilXml(council: ClerkDirectoryEntry): string {
  const i = "    ";
  let xml =
    "  <parishcouncil>\r\n" +
    `${i}<parishcouncilid>${council.id}</parishcouncilid>\r\n` +
    field("parishcounciltitle", council.title, i) +
    field("parishcouncilwebsite", council.website, i);
  if (council.xmlDetail === "full") {
    const clerk = council.clerk;
    const j = `${i}  `;
    const lines = clerk?.address ?? [];
    const address =
      lines.length === 0
        ? `${j}<address>\r\n${j}</address>\r\n`
        : `${j}<address>\r\n${lines.map((line, n) => field(`line${n + 1}`, line, `${j}  `)).join("")}${j}</address>\r\n`;
    xml +=
      `${i}<parishcouncilcontact>\r\n` +
      field("clerkname", clerk?.name, j) +
      field("email", clerk?.email, j) +
      field("phone", clerk?.phone, j) +
      address +
      field("postcode", clerk?.postcode, j) +
      `${i}</parishcouncilcontact>\r\n`;
  }
  return `${xml}  </parishcouncil>\r\n`;
}

function soap(req: IncomingMessage, res: ServerResponse, councils: ClerkDirectoryEntry[]): void {
  const action = String(req.headers.soapaction ?? "")
    .trim()
    .replace(/^"|"$/g, "");
  if (action !== `${SOAP_NAMESPACE}/GetParishCouncils`) {
    const fault = soapFault(`Server did not recognize the value of HTTP Header SOAPAction: ${action}.`);
    send(res, 500, "text/xml; charset=utf-8", fault);
    return;
  }
  const document = parishCouncilsXml(councils, ' xmlns=""');
  const envelope =
    XML_DECLARATION +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">' +
    "<soap:Body>" +
    `<GetParishCouncilsResponse xmlns="${SOAP_NAMESPACE}"><GetParishCouncilsResult>` +
    document +
    "</GetParishCouncilsResult></GetParishCouncilsResponse></soap:Body></soap:Envelope>";
  send(res, 200, "text/xml; charset=utf-8", envelope);
}

function soapFault(message: string): string {
  return (
    XML_DECLARATION +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>' +
    "<faultcode>soap:Client</faultcode>" +
    `<faultstring>${escapeXml(message)}</faultstring><detail /></soap:Fault></soap:Body></soap:Envelope>`
  );
}

function invalidMethodText(operation: string): string {
  return (
    `System.InvalidOperationException: ${operation} Web Service method name is not valid.\r\n` +
    "   at System.Web.Services.Protocols.HttpServerProtocol.Initialize()\r\n" +
    "   at System.Web.Services.Protocols.ServerProtocolFactory.Create(Type type, HttpContext context, HttpRequest request, HttpResponse response, Boolean& abortProcessing)\r\n"
  );
}

// ---------------------------------------------------------------------------------------------
// HTML pages

/** What ASP.NET answers when a web service protocol (HttpGet, Soap) is not enabled for the service. */
function requestFormatUnrecognisedPage(path: string): string {
  const ending = path.slice(path.lastIndexOf("/"));
  const message = `Request format is unrecognized for URL unexpectedly ending in '${ending}'.`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(message)}</title></head>
<body><h1>Server Error in '/' Application.</h1><h2><i>${escapeHtml(message)}</i></h2>
<p><b>Exception Details: </b>System.InvalidOperationException: ${escapeHtml(message)}</p></body></html>
`;
}

function notFoundPage(path: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>The resource cannot be found.</title></head>
<body><h1>Server Error in '/' Application.</h1><h2><i>The resource cannot be found.</i></h2>
<p>Requested URL: ${escapeHtml(path)}</p></body></html>
`;
}

function serviceHelpPage(): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>mgWebService Web Service</title></head>
<body><h1>mgWebService</h1><p>The following operations are supported:</p>
<ul><li><a href="mgWebService.asmx/GetParishCouncils">GetParishCouncils</a></li></ul></body></html>
`;
}

function landingPage(base: string, site: Site): string {
  const origin = new URL(base).origin;
  const others =
    site.others && site.others.length > 0
      ? `\n<p>Other councils' sites:</p>\n<ul>\n${site.others
          .map((id) => `<li><a href="${escapeHtml(`${origin}/${id}`)}">${escapeHtml(id)}</a></li>`)
          .join("\n")}\n</ul>`
      : "";
  const links = [
    ["mgWebService.asmx/GetParishCouncils", "GetParishCouncils (XML, HTTP GET)"],
    [
      "mgWebService.asmx",
      `Web service (SOAP 1.1: POST with SOAPAction "${SOAP_NAMESPACE}/GetParishCouncils")`,
    ],
    ["mgParishCouncilDetails.aspx", "Parish council index (HTML)"],
    ["mgParishCouncilDetailsList.aspx", "Every parish's contact details on one page (HTML)"],
  ]
    .map(
      ([path, label]) => `<li><a href="${escapeHtml(`${base}/${path}`)}">${escapeHtml(label ?? "")}</a></li>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Local Modern.Gov</title></head>
<body><h1>Local Modern.Gov stand-in: ${escapeHtml(site.chrome.councilName)}</h1>
<p>Base URL: <code>${escapeHtml(base)}</code></p>
<p>Page template: <code>${escapeHtml(site.template)}</code>. Switched off: ${escapeHtml([...site.off].join(", ") || "nothing")}.</p>
<ul>
${links}
</ul>${others}</body></html>
`;
}
