import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

type StartSes = (config: { host: string; port: number }) => Promise<Server>;

/**
 * aws-ses-v2-local: a real SES endpoint whose web page (`/`) shows sent mail and whose `/store`
 * returns it as JSON. Loaded through require because its CommonJS default export is unwrapped
 * differently by Node and by vitest. Always bound to loopback: its own default is every interface.
 */
export async function startSesEmulator(options: { port?: number } = {}) {
  const start = (createRequire(import.meta.url)("aws-ses-v2-local") as { default: StartSes }).default;
  const server = await start({ host: "127.0.0.1", port: options.port ?? 0 });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
