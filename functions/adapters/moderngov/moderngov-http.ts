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

  async #waitTurn(host: string, url: string, deadline: Deadline): Promise<void> {
    const left = remaining(deadline);
    if (left <= 0) throw outOfTime(url);
    if (!Number.isFinite(left)) return this.#options.pacing.waitTurn(host);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(outOfTime(url)), left);
    });
    try {
      await Promise.race([this.#options.pacing.waitTurn(host), expired]);
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
      return await response.text();
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
