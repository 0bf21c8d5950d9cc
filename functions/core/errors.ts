/**
 * Every typed error of the domain core, in one place. Each HTTP channel maps them to responses once:
 * problem+json for the API, the spec's error list for Open311, a GOV.UK error page for HTML.
 */

export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `location.postcode`. */
  field: string;
  message: string;
}

export class ValidationError extends Error {
  override name = "ValidationError";
  constructor(
    readonly issues: FieldIssue[],
    options?: ErrorOptions,
  ) {
    super(issues.map((i) => `${i.field}: ${i.message}`).join("; "), options);
  }
}

/**
 * The location resolved to a point outside every council area this deployment serves, or was given
 * as a postcode that is not in one (then `postcode` names it, and the field is the postcode).
 * `districtName` is what residents are told the location must be in: the council's area on a
 * one-council deployment, else words such as "the areas we cover".
 */
export class OutsideDistrictError extends Error {
  override name = "OutsideDistrictError";
  readonly postcode: string | undefined;
  constructor(
    readonly districtName: string,
    options?: ErrorOptions & { postcode?: string },
  ) {
    super(`${options?.postcode ?? "The location"} is outside ${districtName}`, options);
    this.postcode = options?.postcode;
  }
}

/** The answers send the resident elsewhere (a signpost), so nothing was stored. */
export class SignpostedError extends Error {
  override name = "SignpostedError";
  constructor(
    readonly ruleId: string,
    readonly signpost: { title: string; message: string; link?: { text: string; href: string } | undefined },
  ) {
    super(`Signposted by rule ${ruleId}`);
  }
}

export class NotFoundError extends Error {
  override name = "NotFoundError";
}

/** A dependency we call (Modern.Gov, SES, DynamoDB) failed or answered something unusable. */
export class UpstreamError extends Error {
  override name = "UpstreamError";
  constructor(
    readonly upstream: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(`${upstream}: ${message}`, options);
  }
}

/** A service definition file is wrong; names the file and the path inside it. */
export class ServiceDefinitionError extends Error {
  override name = "ServiceDefinitionError";
}

/** A bodies file (`bodies.json`) is wrong; names the file and the path inside it. */
export class BodiesFileError extends Error {
  override name = "BodiesFileError";
}

/** The caller may not do this (a clerk acting on another parish's case, say). */
export class ForbiddenError extends Error {
  override name = "ForbiddenError";
}

/** A case with this reference (or idempotency key) already exists. */
export class DuplicateCaseError extends Error {
  override name = "DuplicateCaseError";
  /**
   * The stored case, as far as a keyed submission needs it: the idempotency key it was made under,
   * the hash of the report it was made from, and when. Present when the store was given a key to compare and the case is still kept.
   */
  readonly existing: { idempotencyKey?: string; bodyHash?: string; createdAt: string } | undefined;

  constructor(
    message: string,
    options: ErrorOptions & {
      existing?: { idempotencyKey?: string; bodyHash?: string; createdAt: string };
    } = {},
  ) {
    super(message, options);
    this.existing = options.existing;
  }
}

/** Another attempt holds the send claim and may still finish: try again later. */
export class SendInProgressError extends Error {
  override name = "SendInProgressError";
}

// Errors about the request itself. Only the edge raises them, but they live here with the rest so
// that each channel's one mapper (problem+json, Open311's error list, the GOV.UK error page) sees
// every error there is.

/** The body could not be read: too large, or not in the format the endpoint takes. */
export class UnreadableInputError extends Error {
  override name = "UnreadableInputError";
  constructor(
    readonly reason: "too-large" | "unsupported-type" | "malformed",
    message: string,
  ) {
    super(message);
  }
}

/** A form whose CSRF token is missing, stale or forged, or that another site sent. */
export class StaleFormError extends Error {
  override name = "StaleFormError";
}

/** The resource exists but not with this method. */
export class MethodNotAllowedError extends Error {
  override name = "MethodNotAllowedError";
  constructor(
    readonly allowed: readonly string[],
    options?: ErrorOptions,
  ) {
    super(`Use ${allowed.join(" or ")} here`, options);
  }
}

/** A signed-in area was asked for without a valid session: sign in at `signInLocation`. */
export class SignInRequiredError extends Error {
  override name = "SignInRequiredError";
  constructor(
    readonly signInLocation: string,
    /** Data (not a page) was asked for: answer 401 rather than send a browser to sign in. */
    readonly forData: boolean,
  ) {
    super("Sign in first");
  }
}

/**
 * A client has sent more than its share: try again after `retryAfterSeconds`. `scope` says which
 * limit (per minute, per hour) so logs and pages can say so; never who the client is.
 */
export class TooManyRequestsError extends Error {
  override name = "TooManyRequestsError";
  constructor(
    readonly retryAfterSeconds: number,
    readonly scope: string,
    options?: ErrorOptions,
  ) {
    super(`Too many requests (${scope}); try again in ${retryAfterSeconds} seconds`, options);
  }
}

/** An idempotency key already used for a different submission: the client must not reuse it. */
export class IdempotencyConflictError extends Error {
  override name = "IdempotencyConflictError";
  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`Idempotency-Key ${key} was already used for a different report`, options);
  }
}

/**
 * The mail provider can never send this message as it is (it cannot be serialised, or the provider
 * refuses it as invalid): retrying is pointless, so staff are told at once.
 */
export class PermanentSendError extends Error {
  override name = "PermanentSendError";
}
