import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What to do with one request: pass it on, answer it with a fault, or hang past any timeout. */
export type FaultDecision =
  "pass" | "hang" | "reset" | { status: number; body: string; contentType?: string };

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/**
 * A loopback HTTP proxy in front of a real local endpoint (dynalite, the SES emulator, the
 * Modern.Gov server) that injects faults by rule. The real endpoint still does the real work.
 */
export async function startFaultProxy() {
  let target = "";
  let decide: (request: SeenRequest) => FaultDecision = () => "pass";
  /** Told of each request passed on; what it returns is called once the real answer has been sent. */
  let watcher: (request: SeenRequest) => (() => void) | void = () => undefined;
  const counts = { passed: 0, faulted: 0 };
  const hanging = new Set<() => void>();

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const seen = {
      method: req.method ?? "GET",
      path: req.url ?? "/",
      headers: req.headers,
      body: body.toString("utf8"),
    };
    const decision = decide(seen);
    if (decision === "reset") {
      counts.faulted++;
      req.socket.destroy();
      return;
    }
    if (decision === "hang") {
      counts.faulted++;
      hanging.add(() => res.destroy());
      return;
    }
    if (decision !== "pass") {
      counts.faulted++;
      res
        .writeHead(decision.status, { "content-type": decision.contentType ?? "application/json" })
        .end(decision.body);
      return;
    }
    counts.passed++;
    const answered = watcher(seen);
    const url = new URL(req.url ?? "/", target);
    const upstream = httpRequest(
      url,
      { method: req.method, headers: { ...req.headers, host: url.host } },
      (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
        if (answered) reply.on("end", answered);
      },
    );
    upstream.on("error", () => res.destroy());
    upstream.end(body);
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    counts,
    /** The real endpoint; set once it is known. */
    forwardTo(real: string): string {
      target = real;
      return url;
    },
    rule(next: (request: SeenRequest) => FaultDecision): void {
      decide = next;
    },
    /** Watch the requests passed on (e.g. to count calls and the order they start and end in). */
    watch(next: (request: SeenRequest) => (() => void) | void): void {
      watcher = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const release of hanging) release();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FaultProxy = Awaited<ReturnType<typeof startFaultProxy>>;

/** DynamoDB's throttling answer, which the SDK retries with back-off. */
export const dynamoThrottle = {
  status: 400,
  contentType: "application/x-amz-json-1.0",
  body: JSON.stringify({
    __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
    message: "Injected throttling",
  }),
};

/** SES (query protocol) being unavailable. */
export const sesUnavailable = {
  status: 503,
  contentType: "text/xml",
  body: "<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>Injected outage</Message></Error></ErrorResponse>",
};
