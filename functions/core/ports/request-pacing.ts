import { UpstreamError } from "../errors.js";

/**
 * Pacing of requests to another organisation's server: councils ask for at most one request a second
 * per Modern.Gov host, across every function container (DynamoDB in AWS and locally).
 */
export interface RequestPacing {
  /**
   * Resolves when a request to `host` may be made now, and counts it. Once `signal` aborts, the
   * caller no longer wants a turn: the wait rejects with its reason and no turn is taken.
   * Throws `PacingBusyError` when no turn comes within the pacing's own limit.
   */
  waitTurn(host: string, signal?: AbortSignal): Promise<void>;
}

/**
 * No turn came in time: Signpost's own limit was busy with other requests to the host. Says nothing
 * about the host itself, so the source is not counted as failing.
 */
export class PacingBusyError extends UpstreamError {
  override name = "PacingBusyError";
  constructor(
    upstream: string,
    readonly host: string,
    waitedMs: number,
  ) {
    super(upstream, `Signpost's own request limit for ${host} was busy (no turn within ${waitedMs} ms)`);
  }
}
