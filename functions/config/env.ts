import { en } from "zod/locales";
import * as z from "zod/mini";
import { clerkDirectoryConfigVariable } from "./directory-config.js";
import { directorySettings, dispatchQueueSettings, retrySettings } from "./dispatch-queue-settings.js";
import { DOMAIN_NAME_PATTERN, normaliseDomainName } from "./domain-name.js";
import { limitSettings } from "./limit-settings.js";
import { publicInfoVariable } from "./public-info.js";

/**
 * Every setting the functions read, parsed once at start. Local and AWS differ only here: the
 * `*_ENDPOINT` settings point the real SDK clients at dynalite and the SES emulator.
 *
 * Written with zod/mini: every function parses this at init, and the classic API's schemas cost
 * several times more to build; two functions (Health, Requeue) then carry no classic zod at all.
 */
// The messages of the full zod (which loads English itself): "Too small: expected…", not "Invalid input".
z.config(en());

const optionalUrl = z.pipe(
  z.transform((v: unknown) => (v === "" ? undefined : v)),
  z.optional(z.url()),
);
const text = (min = 1) => z.string().check(z.minLength(min));
const whole = (...checks: Parameters<ReturnType<typeof z.int>["check"]>) =>
  z.pipe(z.coerce.number(), z.int().check(...checks));
const decimal = (...checks: Parameters<ReturnType<typeof z.number>["check"]>) =>
  z.coerce.number().check(...checks);

export const configSchema = z.object({
  TABLE_NAME: text(3),
  AWS_REGION: z._default(text(), "eu-west-2"),
  DYNAMODB_ENDPOINT: optionalUrl,
  SES_ENDPOINT: optionalUrl,
  /** The local SQS-compatible endpoint of `npm start`; unset in AWS. */
  SQS_ENDPOINT: optionalUrl,
  /** The dispatch queue's URL: the SQS queue in AWS, the local SQS endpoint's queue under `npm start`. */
  DISPATCH_QUEUE_URL: optionalUrl,
  SES_CONFIGURATION_SET: z.optional(text()),
  /**
   * The bundled councils file (councils-file.ts): every council the deployment serves, with its
   * public info and clerk directory settings. Unset: one council from the DISTRICT_* settings.
   */
  COUNCILS_FILE: z.optional(text()),
  /** The council's verified sending address (the first council's, with COUNCILS_FILE). */
  SENDER_EMAIL: z.email(),
  /** The district team's mailbox: receives district reports and every parish fallback. */
  DISTRICT_EMAIL: z.email(),
  DISTRICT_COUNCIL_NAME: text(),
  /** The district's ONS code and area name, as in the boundary data (e.g. E07999999, Exampleshire Vale). */
  DISTRICT_CODE: z.string().check(z.regex(/^[EWSN]\d{8}$/, "must be an ONS code like E07000123")),
  DISTRICT_NAME: text(),
  /** The Modern.Gov site root, the folder holding mgWebService.asmx (keep any path prefix). */
  MODERNGOV_BASE_URL: z.url(),
  MODERNGOV_TIMEOUT_MS: z._default(whole(z.positive()), directorySettings.timeoutMs),
  /** Least time between requests to the Modern.Gov host (councils ask for ≤ 1 a second). */
  MODERNGOV_MIN_INTERVAL_MS: z._default(whole(z.minimum(0)), directorySettings.minIntervalMs),
  /** The most one clerk look-up may take, every source and retry included. */
  MODERNGOV_LOOKUP_DEADLINE_MS: z._default(whole(z.positive()), directorySettings.lookupDeadlineMs),
  /**
   * The clerk directory's configuration, JSON (see directory-config.ts): ONS code → Modern.Gov
   * title for names that never match, district addresses allowed per parish, and the district's
   * domains. Unset: none.
   */
  CLERK_DIRECTORY_CONFIG: clerkDirectoryConfigVariable,
  /** How long a clerk contact is used from the cache before it is checked again. */
  CONTACT_CACHE_HOURS: z._default(decimal(z.minimum(0)), 24),
  /** Folder with district.geojson, parishes.geojson and postcodes.csv (needed by intake only). */
  GEODATA_DIR: z.optional(text()),
  /** The staff case log's address (ending `/staff/`), for links in emails to staff. */
  CASE_LOG_URL: optionalUrl,
  /**
   * The resident form's public address (ending `/`): clerks' one-click links and "Check your
   * report" are pages under it. Unset: report emails carry no one-click links.
   */
  PUBLIC_URL: optionalUrl,
  /**
   * The secret holding the key ring clerks' links are signed with (its ARN or name; see
   * adapters/links/key-ring.ts). Read through Secrets Manager, at SECRETS_MANAGER_ENDPOINT locally.
   */
  CLERK_LINK_SECRET_ID: z.optional(text()),
  /** The local Secrets Manager-compatible endpoint of `npm start`; unset in AWS. */
  SECRETS_MANAGER_ENDPOINT: optionalUrl,
  /**
   * The council's contacts and the accessibility statement's status and dates, JSON (see
   * public-info.ts), for the form's privacy notice and accessibility statement. The web function
   * refuses to start without it; no other function reads it.
   */
  PUBLIC_INFO: z.optional(publicInfoVariable),
  RETENTION_DAYS: z._default(whole(z.minimum(1), z.maximum(3650)), 730),
  /** The dispatch queue's redrive count (the CDK stack sets it from the same config as the queue). */
  MAX_RECEIVE_COUNT: z._default(whole(z.minimum(1), z.maximum(50)), dispatchQueueSettings.maxReceiveCount),
  /** First retry delay of a failed send; doubles each attempt up to RETRY_MAX_SECONDS. */
  RETRY_BASE_SECONDS: z._default(decimal(z.minimum(0), z.maximum(900)), retrySettings.baseSeconds),
  /** Longest retry delay (SQS allows 12 hours; tests shorten it with the base). */
  RETRY_MAX_SECONDS: z._default(decimal(z.minimum(0), z.maximum(43_200)), retrySettings.maxSeconds),
  /** How long a send claim protects an attempt before it is presumed dead. */
  SEND_CLAIM_LEASE_SECONDS: z._default(
    decimal(z.minimum(0), z.maximum(900)),
    dispatchQueueSettings.dispatchTimeoutSeconds * 3,
  ),
  /** Per-client limits on submitted reports (see limit-settings.ts); over one, the client gets 429. */
  CLIENT_REPORTS_PER_MINUTE: z._default(whole(z.positive()), limitSettings.clientReportsPerMinute),
  CLIENT_REPORTS_PER_HOUR: z._default(whole(z.positive()), limitSettings.clientReportsPerHour),
  API_KEY_REPORTS_PER_MINUTE: z._default(whole(z.positive()), limitSettings.apiKeyReportsPerMinute),
  API_KEY_REPORTS_PER_HOUR: z._default(whole(z.positive()), limitSettings.apiKeyReportsPerHour),
  /** Individual report emails per recipient body per day; the rest reach it in the daily digest. */
  BODY_EMAILS_PER_DAY: z._default(whole(z.positive()), limitSettings.bodyEmailsPerDay),
  /** Acknowledgements per resident address per day; beyond it, none (the report is still taken). */
  ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY: z._default(
    whole(z.minimum(0)),
    limitSettings.acknowledgementsPerAddressPerDay,
  ),
  /** Progress emails per resident address per day; beyond it, none that day (the update is still public). */
  PROGRESS_EMAILS_PER_ADDRESS_PER_DAY: z._default(
    whole(z.minimum(0)),
    limitSettings.progressEmailsPerAddressPerDay,
  ),
  /** Reports this near (metres) one to the same body and service within a day are possible duplicates. */
  DUPLICATE_RADIUS_METRES: z._default(
    whole(z.minimum(0), z.maximum(5000)),
    limitSettings.duplicateRadiusMetres,
  ),
  /** The London hour (0–23) the daily digest is sent. */
  DIGEST_HOUR: z._default(whole(z.minimum(0), z.maximum(23)), limitSettings.digestHour),
  /** "Check your report" (see limit-settings.ts): look-ups per client, wrong answers per reference. */
  CHECK_REPORT_LOOKUPS_PER_MINUTE: z._default(whole(z.positive()), limitSettings.checkReportLookupsPerMinute),
  CHECK_REPORT_LOOKUPS_PER_HOUR: z._default(whole(z.positive()), limitSettings.checkReportLookupsPerHour),
  CHECK_REPORT_FAILURES_PER_REFERENCE_PER_CLIENT_PER_DAY: z._default(
    whole(z.positive()),
    limitSettings.checkReportFailuresPerReferencePerClientPerDay,
  ),
  CHECK_REPORT_FAILURES_PER_REFERENCE_PER_DAY: z._default(
    whole(z.positive()),
    limitSettings.checkReportFailuresPerReferencePerDay,
  ),
  /**
   * The secret CloudFront sends in front of the API (README, "Edge protection"): requests carrying
   * it are identified by CloudFront's viewer address. Unset without CloudFront.
   */
  TRUSTED_EDGE_SECRET: z.optional(text(32)),
  /**
   * The key clients' addresses are hashed with (http/client-identity.ts), at least 32 characters:
   * the functions that limit clients (intake, web, open311) refuse to start without it. The CDK
   * stack gives it from a generated secret; `npm start` makes one per run.
   */
  CLIENT_HASH_SECRET: z.optional(text(32)),
  /**
   * The site is served over https unless this is "false" (plain-http local runs only): session
   * cookies are then `__Host-` and Secure, and a POST's Origin must be https (middleware/csrf.ts).
   */
  COOKIE_SECURE: z._default(z.enum(["true", "false"]), "true"),
  /** The case log's Cognito app client id (the `aud` of staff ID tokens). */
  STAFF_CLIENT_ID: z.optional(text()),
  /** The staff Cognito user pool (`eu-west-2_AbC123`): the case log signs staff in against it. */
  STAFF_USER_POOL_ID: z.optional(
    z.string().check(z.regex(/^[\w-]+_[0-9a-zA-Z]+$/, "must be a user pool id like eu-west-2_AbC123")),
  ),
  /** The Cognito API endpoint: unset in AWS; the local identity provider under `npm start`. */
  COGNITO_ENDPOINT: optionalUrl,
  /** Where the case log's views are (the bundle sets it; the repo needs not). */
  CASE_LOG_DIR: z.optional(text()),
  /** Where the web function's views and static files are (the bundle sets it; the repo needs not). */
  WEB_DIR: z.optional(text()),
  GOVUK_FRONTEND_DIR: z.optional(text()),
  /**
   * Open311 client keys, stored only as SHA-256 hashes: comma-separated lower-case hex digests
   * (`printf %s "$KEY" | sha256sum`). Empty means no client may POST requests.
   */
  OPEN311_API_KEY_SHA256: z.pipe(
    z._default(z.string(), ""),
    z.pipe(
      z.transform((value: string) =>
        value
          .split(",")
          .map((hash) => hash.trim().toLowerCase())
          .filter((hash) => hash !== ""),
      ),
      z.array(z.string().check(z.regex(/^[0-9a-f]{64}$/, "each hash must be 64 hex characters (SHA-256)"))),
    ),
  ),
  /**
   * The council's domains, comma-separated (`exampleshire-vale.example.org`): Open311 clients may
   * give one as `jurisdiction_id`, as the spec suggests, besides the district's ONS code.
   */
  OPEN311_JURISDICTIONS: z.pipe(
    z._default(z.string(), ""),
    z.pipe(
      z.transform((value: string) =>
        value
          .split(",")
          .map((domain) => normaliseDomainName(domain))
          .filter((domain) => domain !== ""),
      ),
      z.array(z.string().check(z.regex(DOMAIN_NAME_PATTERN, "each must be a domain like council.gov.uk"))),
    ),
  ),
});

export type Config = z.infer<typeof configSchema>;

export function readConfig(env: Record<string, string | undefined>): Config {
  return parseSettings(configSchema, env);
}

/** The health function is given only the council's name (see infra/stacks/app-stack.ts). */
export const healthConfigSchema = z.pick(configSchema, { DISTRICT_COUNCIL_NAME: true });

export type HealthConfig = z.infer<typeof healthConfigSchema>;

export function readHealthConfig(env: Record<string, string | undefined>): HealthConfig {
  return parseSettings(healthConfigSchema, env);
}

function parseSettings<T extends z.ZodMiniType>(
  schema: T,
  env: Record<string, string | undefined>,
): z.infer<T> {
  const parsed = z.safeParse(schema, env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Signpost configuration is invalid:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/**
 * The staff pool's token issuer: Cognito's in AWS, the local identity provider's under `npm start`
 * (the same path below the endpoint). The JWKS is published at `<issuer>/.well-known/jwks.json`.
 */
export function staffTokenIssuer(config: Pick<Config, "AWS_REGION" | "COGNITO_ENDPOINT">, poolId: string) {
  const base =
    config.COGNITO_ENDPOINT?.replace(/\/+$/, "") ?? `https://cognito-idp.${config.AWS_REGION}.amazonaws.com`;
  return `${base}/${poolId}`;
}
