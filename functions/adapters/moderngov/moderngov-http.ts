import { UpstreamError } from "#core/errors.js";
import type { RequestPacing } from "#core/ports/request-pacing.js";
import { MODERNGOV } from "./parse-parish-councils.js";

/** A non-2xx answer: the server is up and said no (4xx), or failed (5xx). */
export class HttpStatusError extends UpstreamError {
  constructor(
    readonly status: number,
    url: string,
  ) {
    super(MODERNGOV, `HTTP ${status} from ${url}`);
  }
}

/** No HTTP answer: the network failed (`timedOut` false), or the server or the deadline ran out. */
export class NoAnswerError extends UpstreamError {
  constructor(
    readonly timedOut: boolean,
    message: string,
    options?: ErrorOptions,
  ) {
    super(MODERNGOV, message, options);
  }
}

/** An answer bigger than any directory page should be: it is cut off, not read, and not asked again. */
export class TooLargeError extends UpstreamError {
  constructor(
    readonly maxBytes: number,
    url: string,
  ) {
    super(MODERNGOV, `the answer from ${url} is too large (over ${Math.round(maxBytes / 1024)} KB)`);
  }
}

/** When a look-up must be done by, in `performance.now()` milliseconds (a monotonic clock). */
export type Deadline = number;

export interface ModernGovHttpOptions {
  fetch?: typeof fetch;
  /** Per request, body included. */
  timeoutMs: number;
  /** Tries per request for 5xx answers and network errors (not timeouts). */
  attempts: number;
  /** First back-off between tries; doubles each time. */
  retryBaseMs: number;
  pacing: RequestPacing;
  /** Largest body read; a bigger answer fails with `TooLargeError`. Default 2 MB. */
  maxBodyBytes?: number;
}

export interface HttpRequest {
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

/**
 * The one place the directory talks HTTP: each request waits its turn for the host (councils ask
 * for one a second), is cut off after `timeoutMs` or at the look-up's deadline, whichever is first,
 * and 5xx answers and network errors are tried again with back-off while the deadline allows. A
 * 4xx or a timeout is not tried again: another try would not help, or would cost the budget.
 */
export class ModernGovHttp {
  readonly #fetch: typeof fetch;
  readonly #options: ModernGovHttpOptions;

  constructor(options: ModernGovHttpOptions) {
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#options = options;
  }

  /** The body of a 2xx answer; otherwise `HttpStatusError` or `NoAnswerError`. */
  async request(url: string, request: HttpRequest = {}, deadline: Deadline = Infinity): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      await this.#waitTurn(new URL(url).host, url, deadline);
      try {
        return await this.#once(url, request, deadline);
      } catch (error) {
        const retryable = error instanceof NoAnswerError ? !error.timedOut : isServerError(error);
        const backoffMs = this.#options.retryBaseMs * 2 ** (attempt - 1);
        if (!retryable || attempt >= this.#options.attempts || remaining(deadline) <= backoffMs) throw error;
        await sleep(backoffMs);
      }
    }
  }

  /** The pacing is told when the deadline passes, so a look-up out of time stops waiting and takes no turn. */
  async #waitTurn(host: string, url: string, deadline: Deadline): Promise<void> {
    const left = remaining(deadline);
    if (left <= 0) throw outOfTime(url);
    if (!Number.isFinite(left)) return this.#options.pacing.waitTurn(host);
    const expired = new AbortController();
    const timer = setTimeout(() => expired.abort(outOfTime(url)), left);
    const aborted = new Promise<never>((_resolve, reject) => {
      expired.signal.addEventListener("abort", () => reject(expired.signal.reason as Error), { once: true });
    });
    // A pacing that ignores the signal is still not waited for past the deadline.
    aborted.catch(() => undefined);
    try {
      await Promise.race([this.#options.pacing.waitTurn(host, expired.signal), aborted]);
    } finally {
      clearTimeout(timer);
    }
  }

  async #once(url: string, request: HttpRequest, deadline: Deadline): Promise<string> {
    const limitMs = Math.max(1, Math.min(this.#options.timeoutMs, remaining(deadline)));
    try {
      const response = await this.#fetch(url, {
        method: request.method ?? "GET",
        headers: { accept: "text/xml, application/xml, text/html;q=0.9, */*;q=0.1", ...request.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
        redirect: "follow",
        signal: AbortSignal.timeout(Math.round(limitMs)),
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new HttpStatusError(response.status, url);
      }
      return await readBody(response, url, this.#options.maxBodyBytes ?? MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof UpstreamError) throw error;
      if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
        throw new NoAnswerError(true, `no answer within ${Math.round(limitMs)} ms from ${url}`, {
          cause: error,
        });
      }
      const reason = error instanceof Error ? describe(error) : String(error);
      throw new NoAnswerError(false, `request to ${url} failed: ${reason}`, { cause: error });
    }
  }
}

const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** The body as text (UTF-8, as `response.text()` reads it), streamed so a huge answer is cut off early. */
async function readBody(response: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new TooLargeError(maxBytes, url);
  }
  if (!response.body) return "";
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(maxBytes, url);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

export function deadlineIn(ms: number): Deadline {
  return performance.now() + ms;
}

function remaining(deadline: Deadline): number {
  return deadline - performance.now();
}

function outOfTime(url: string): NoAnswerError {
  return new NoAnswerError(true, `not asked for ${url}: the look-up ran out of time`);
}

function isServerError(error: unknown): boolean {
  return error instanceof HttpStatusError && error.status >= 500;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function describe(error: Error): string {
  const cause = error.cause;
  const code = cause && typeof cause === "object" && "code" in cause ? String(cause.code) : undefined;
  return code ? `${error.message} (${code})` : error.message;
}
