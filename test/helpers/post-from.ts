import { request } from "node:http";

/**
 * POSTs a JSON report from another loopback address (127.0.0.2, 127.0.0.3…): another client, as
 * the local gateway sees its source, where `fetch` always sends from 127.0.0.1.
 */
export function postReportFrom(
  localAddress: string,
  base: string,
  body: object,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const url = new URL(`${base}/api/reports`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: "POST",
        localAddress,
        headers: { "content-type": "application/json" },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}
