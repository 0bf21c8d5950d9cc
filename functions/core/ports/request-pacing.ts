/**
 * Pacing of requests to another organisation's server: councils ask for at most one request a second
 * per Modern.Gov host, across every function container (DynamoDB in AWS and locally).
 */
export interface RequestPacing {
  /** Resolves when a request to `host` may be made now, and counts it. */
  waitTurn(host: string): Promise<void>;
}
