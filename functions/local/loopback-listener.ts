import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A server listening on loopback with no handler yet: the gateway's, bound before the functions
 * are built so that their PUBLIC_URL can name it.
 */
export async function listenOnLoopback(port: number): Promise<{ server: Server; url: string }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
