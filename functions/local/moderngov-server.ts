import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { ClerkDirectoryEntry, ClerkDirectoryFile } from "./clerk-directory-file.js";

/**
 * A local stand-in for a district's Modern.Gov install, publishing a demo clerk directory the way a
 * real one would shape it: the `GetParishCouncils` web service (GET and SOAP 1.1), with text
 * entity-encoded twice and empty fields as whitespace-only elements, and the parish HTML pages.
 */
export interface ModernGovServerOptions {
  directory: ClerkDirectoryFile;
  /** Default "127.0.0.1". */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
}

export interface ModernGovServer {
  /** The site root ("base URL") without a trailing slash, e.g. `http://127.0.0.1:54321`. */
  url: string;
  close: () => Promise<void>;
}

export const SOAP_NAMESPACE = "http://moderngov.co.uk/namespaces";

export async function startModernGovServer(options: ModernGovServerOptions): Promise<ModernGovServer> {
  const councils = options.directory.parishCouncils;
  const server = createServer((req, res) => {
    handle(req, res, councils, baseOf(req)).catch((error: unknown) => {
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
  return {
    url: `http://${host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function baseOf(req: IncomingMessage): string {
  return `http://${req.headers.host ?? "localhost"}`;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  councils: ClerkDirectoryEntry[],
  base: string,
): Promise<void> {
  const url = new URL(req.url ?? "/", base);
  // IIS paths are case-insensitive.
  const path = url.pathname.toLowerCase();
  const method = req.method ?? "GET";
  // Drain the request (a SOAP envelope has no parameters for GetParishCouncils).
  await drain(req);

  if (path === "/mgwebservice.asmx" && method === "POST") return soap(req, res, councils);
  if (path.startsWith("/mgwebservice.asmx/")) {
    const operation = url.pathname.slice("/mgWebService.asmx/".length);
    if (method !== "GET" && method !== "POST")
      return send(res, 405, "text/plain; charset=utf-8", "Method not allowed\n");
    if (operation.toLowerCase() === "getparishcouncils") {
      return send(res, 200, "text/xml; charset=utf-8", XML_DECLARATION + parishCouncilsXml(councils, ""));
    }
    return send(res, 500, "text/plain; charset=utf-8", invalidMethodText(operation));
  }
  if (method !== "GET" && method !== "HEAD")
    return send(res, 405, "text/plain; charset=utf-8", "Method not allowed\n");
  if (path === "/mgwebservice.asmx") return send(res, 200, "text/html; charset=utf-8", serviceHelpPage());
  if (path === "/mgparishcouncildetails.aspx") {
    const idParam = [...url.searchParams].find(([k]) => k.toLowerCase() === "id")?.[1];
    if (idParam === undefined) return send(res, 200, "text/html; charset=utf-8", indexPage(councils));
    const council = /^\d+$/.test(idParam) ? councils.find((c) => c.id === Number(idParam)) : undefined;
    if (!council) return send(res, 404, "text/html; charset=utf-8", notFoundPage(url.pathname + url.search));
    return send(res, 200, "text/html; charset=utf-8", detailsPage(council));
  }
  if (path === "/") return send(res, 200, "text/html; charset=utf-8", landingPage(base));
  return send(res, 404, "text/html; charset=utf-8", notFoundPage(url.pathname));
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

// ---------------------------------------------------------------------------------------------
// Escaping

const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** HTML-escapes text for element content and quoted attribute values. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string);
}

function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => HTML_ENTITIES[c] as string);
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

function page(title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} | Demo District Council</title>
</head>
<body>
<header id="mgHeader"><p class="mgSiteName">Demo District Council</p></header>
<div id="modgov">
<div class="mgContent">
${content}
</div>
</div>
<footer id="mgFooter"><p>Democratic Services, <a href="mailto:democratic.services@demo-district.example">democratic.services@demo-district.example</a></p></footer>
</body>
</html>
`;
}

function indexPage(councils: ClerkDirectoryEntry[]): string {
  const items = councils
    .map((c) => `<li><a href="mgParishCouncilDetails.aspx?ID=${c.id}">${escapeHtml(c.title)}</a></li>`)
    .join("\n");
  return page(
    "Parish councils",
    `<h1 class="mgMainTitleTxt">Parish councils</h1>
<h2 class="mgSectionTitle">Parish and town councils in the district</h2>
<div class="mgLinks">
<ul class="mgBulletList">
${items}
</ul>
</div>`,
  );
}

function detailsPage(council: ClerkDirectoryEntry): string {
  const clerk = council.clerk;
  const rows: string[] = [];
  if (clerk?.name) rows.push(`<p><span class="mgLabel">Clerk: </span>${escapeHtml(clerk.name)}</p>`);
  if (clerk?.email) {
    const email = escapeHtml(clerk.email);
    rows.push(`<p><span class="mgLabel">Email: </span><a href="mailto:${email}">${email}</a></p>`);
  }
  if (clerk?.phone) {
    const dial = escapeHtml(clerk.phone.replace(/[^\d+]/g, ""));
    rows.push(
      `<p><span class="mgLabel">Telephone: </span><a href="tel:${dial}">${escapeHtml(clerk.phone)}</a></p>`,
    );
  }
  const lines = [...(clerk?.address ?? []), ...(clerk?.postcode ? [clerk.postcode] : [])];
  if (lines.length > 0) {
    rows.push(
      `<p><span class="mgLabel">Correspondence address: </span><br>\n${lines.map(escapeHtml).join("<br>\n")}</p>`,
    );
  }
  if (council.website) {
    const website = escapeHtml(council.website);
    rows.push(`<p><span class="mgLabel">Website: </span><a href="${website}">${website}</a></p>`);
  }
  const contact = rows.length > 0 ? rows.join("\n") : "<p>No contact details are held for this council.</p>";
  return page(
    `Parish council details - ${council.title}`,
    `<h1 class="mgMainTitleTxt">${escapeHtml(council.title)}</h1>
<h2 class="mgSectionTitle">Contact details</h2>
<div class="mgUserBody">
${contact}
</div>
<p><a href="mgParishCouncilDetails.aspx">All parish councils</a></p>`,
  );
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

function landingPage(base: string): string {
  const links = [
    ["mgWebService.asmx/GetParishCouncils", "GetParishCouncils (XML, HTTP GET)"],
    [
      "mgWebService.asmx",
      `Web service (SOAP 1.1: POST with SOAPAction "${SOAP_NAMESPACE}/GetParishCouncils")`,
    ],
    ["mgParishCouncilDetails.aspx", "Parish council index (HTML)"],
  ]
    .map(
      ([path, label]) => `<li><a href="${escapeHtml(`${base}/${path}`)}">${escapeHtml(label ?? "")}</a></li>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Local Modern.Gov</title></head>
<body><h1>Local Modern.Gov stand-in</h1>
<p>Base URL: <code>${escapeHtml(base)}</code></p>
<ul>
${links}
</ul></body></html>
`;
}
