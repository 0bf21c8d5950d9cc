import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyEventV2, APIGatewayProxyResultV2, Context } from "aws-lambda";
import { problem, problemResponse } from "../http/problem.js";
import { type FunctionName, matchRoute } from "../http/routes.js";
import { localContext } from "./lambda-context.js";

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyResultV2>;

/**
 * A local stand-in for API Gateway (HTTP API, payload v2): each request becomes the event the
 * Lambda would get, and the handler's result becomes the response.
 */
export async function startGateway(options: {
  handlers: Record<FunctionName, HttpHandler>;
  /** Local-only operations under /_local/ (not API Gateway routes; never deployed). */
  local?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  host?: string;
  port?: number;
  /**
   * A server already listening, with no request handler yet (the local stack binds the port first:
   * the functions' PUBLIC_URL names it).
   */
  server?: Server;
}): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = options.server ?? createServer();
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    const local = options.local;
    const handled =
      local && req.url?.startsWith("/_local/") ? local(req, res) : serve(req, res, options.handlers);
    handled.catch((error: unknown) => {
      console.error("gateway error", error);
      write(
        res,
        problemResponse(problem(500, "internal", "Something went wrong", "The local gateway failed.")),
      );
    });
  });
  if (!options.server)
    await new Promise<void>((resolve) =>
      server.listen(options.port ?? 0, options.host ?? "127.0.0.1", resolve),
    );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, handlers: Record<FunctionName, HttpHandler>) {
  const url = new URL(req.url ?? "/", "http://localhost");
  const method = req.method ?? "GET";
  const route = matchRoute(method, url.pathname);
  if (!route) {
    // API Gateway answers unmatched routes itself, with a 404 and no Lambda involved.
    return write(
      res,
      problemResponse(problem(404, "not-found", "Not found", `No route for ${method} ${url.pathname}.`)),
    );
  }

  const body = await readBody(req);
  if (body === undefined) {
    // API Gateway refuses oversize payloads itself; mirror that rather than buffer without limit.
    return write(
      res,
      problemResponse(problem(413, "too-large", "Request too large", "The body is too large.")),
    );
  }
  const event = toEvent(req, url, `${route.method} ${route.path}`, body);
  if (route.path.endsWith("{proxy+}")) {
    event.pathParameters = { proxy: url.pathname.slice(route.path.length - "{proxy+}".length) };
  }
  const result = await handlers[route.fn](event, localContext(`signpost-${route.fn}`));
  write(res, result);
}

function toEvent(req: IncomingMessage, url: URL, routeKey: string, body: Buffer): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== "cookie")
      headers[name] = Array.isArray(value) ? value.join(",") : value;
  }
  const now = Date.now();
  const cookies = req.headers.cookie?.split(/;\s*/).filter(Boolean);
  const text = body.toString("utf8");
  const binary = !Buffer.from(text, "utf8").equals(body);
  return {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: req.headers.host ?? "localhost",
      domainPrefix: "local",
      http: {
        method: req.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: req.headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body.length > 0 ? { body: binary ? body.toString("base64") : text } : {}),
    isBase64Encoded: binary,
  };
}

/**
 * API Gateway's own limit on an HTTP API request's payload (10 MB). Each handler sets a tighter one
 * of its own (64 KB of JSON, 32 KB of a page's form, an Open311 report's photo files) and answers
 * "too large" itself, as it would behind API Gateway.
 */
const API_GATEWAY_MAX_BYTES = 10 * 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > API_GATEWAY_MAX_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function write(res: ServerResponse, result: APIGatewayProxyResultV2): void {
  if (typeof result === "string") {
    res.writeHead(200, { "content-type": "application/json" }).end(result);
    return;
  }
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(result.headers ?? {})) headers[k] = String(v);
  if (result.cookies?.length) headers["set-cookie"] = result.cookies;
  const body = result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64") : (result.body ?? "");
  res.writeHead(result.statusCode ?? 200, headers).end(body);
}
