import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { InProcessPacing } from "../../../functions/adapters/moderngov/in-process-pacing.js";
import {
  deadlineIn,
  ModernGovHttp,
  NoAnswerError,
  TooLargeError,
} from "../../../functions/adapters/moderngov/moderngov-http.js";
import type { RequestPacing } from "../../../functions/core/ports/request-pacing.js";

// The directory's one HTTP client against a local server: answers too large to read, and a
// look-up that runs out of time while waiting for its turn.

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const noPacing: RequestPacing = { waitTurn: async () => undefined };
const client = (pacing: RequestPacing = noPacing) =>
  new ModernGovHttp({ timeoutMs: 5000, attempts: 3, retryBaseMs: 1, pacing, maxBodyBytes: 1000 });

describe("ModernGovHttp", () => {
  it("reads an answer up to the size limit", async () => {
    const url = await serve((_req, res) => res.end("é".repeat(500)));
    await expect(client().request(url)).resolves.toBe("é".repeat(500));
  });

  it("refuses an answer whose declared length is over the limit, without retrying", async () => {
    let asked = 0;
    const url = await serve((_req, res) => {
      asked++;
      res.writeHead(200, { "content-length": "5000" }).end("x".repeat(5000));
    });
    const error = await client()
      .request(url)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooLargeError);
    expect(String(error)).toContain("too large");
    expect(asked).toBe(1);
  });

  it("stops reading a streamed answer once it passes the limit", async () => {
    let written = 0;
    const url = await serve((_req, res) => {
      // No content-length: chunks until the client goes away (or far past the limit).
      const more = (): void => {
        if (res.destroyed || written > 1_000_000) {
          res.end();
          return;
        }
        written += 500;
        res.write("y".repeat(500), () => setImmediate(more));
      };
      more();
    });
    await expect(client().request(url)).rejects.toBeInstanceOf(TooLargeError);
    expect(written).toBeLessThan(1_000_000);
  });

  it("tells the pacing when the look-up runs out of time, so it stops waiting and takes no turn", async () => {
    const url = await serve((_req, res) => res.end("ok"));
    let signal: AbortSignal | undefined;
    const pacing: RequestPacing = {
      waitTurn: (_host, given) => {
        signal = given;
        return new Promise<void>((_resolve, reject) => {
          given?.addEventListener("abort", () => reject(given.reason as Error));
        });
      },
    };
    const error = await client(pacing)
      .request(url, {}, deadlineIn(20))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoAnswerError);
    expect(String(error)).toContain("ran out of time");
    expect(signal?.aborted).toBe(true);
  });
});

describe("InProcessPacing", () => {
  it("gives back a turn its caller stopped waiting for", async () => {
    let now = 1_000_000;
    const pacing = new InProcessPacing(60_000, { now: () => new Date(now) });
    const host = `given-back-${Math.random()}.example`;
    await pacing.waitTurn(host);
    const stop = new AbortController();
    const waiting = pacing.waitTurn(host, stop.signal);
    stop.abort(new Error("out of time"));
    await expect(waiting).rejects.toThrow("out of time");
    // The next caller is due when the abandoned one would have been, not an interval later.
    now += 60_000;
    await expect(pacing.waitTurn(host)).resolves.toBeUndefined();
  });
});
