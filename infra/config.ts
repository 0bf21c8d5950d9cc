import { z } from "zod";
import {
  type CouncilSettings,
  councilSettingsSchema,
  councilsFaults,
} from "../functions/config/council-settings.js";
import { slug } from "../functions/config/council-slug.js";
import {
  clerkDirectoryConfigSchema,
  emptyClerkDirectoryConfig,
} from "../functions/config/directory-config.js";
import { dispatchQueueSettings } from "../functions/config/dispatch-queue-settings.js";
import { DOMAIN_NAME_PATTERN } from "../functions/config/domain-name.js";
import { limitSettings } from "../functions/config/limit-settings.js";
import { DEMO_OPEN311_API_KEY_SHA256S } from "../functions/config/open311-demo-key.js";
import { publicInfoSchema } from "../functions/config/public-info.js";
import type { ApiThrottle } from "./constructs/public-api.js";

const requestRate = z.number().int().min(1).max(10_000);
const burst = z.number().int().min(1).max(5_000);

/**
 * One deployment's settings, from CDK context (`cdk.json` → `signpost:environments.<name>`, chosen
 * with `-c env=<name>`). Validated at synth time so a typo fails before anything is deployed.
 */
export const environmentSchema = z.strictObject({
  /** AWS account and region; omit account for an environment-agnostic synth. */
  account: z
    .string()
    .regex(/^\d{12}$/, "must be a 12-digit AWS account id")
    .optional(),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "must be an AWS region like eu-west-2"),
  councilName: z.string().min(1).optional(),
  districtCode: z
    .string()
    .regex(/^[EWSN]\d{8}$/, "must be an ONS code like E07000123")
    .optional(),
  districtName: z.string().min(1).optional(),
  districtEmail: z.email().optional(),
  /** Must be at the sending domain, which gets an SES identity (DKIM records to publish). */
  senderEmail: z.email().optional(),
  sendingDomain: z
    .string()
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a domain like council.gov.uk")
    .optional(),
  moderngovBaseUrl: z.url().optional(),
  /** Folder (from the repository root) with district.geojson, parishes.geojson and postcodes.csv. */
  geodataDir: z.string().min(1),
  retentionDays: z.number().int().min(1).max(3650),
  maxReceiveCount: z.number().int().min(1).max(20).default(dispatchQueueSettings.maxReceiveCount),
  /**
   * The limits of README "Limits", per environment (each defaults to functions/config/limit-settings.ts):
   * per-client report limits, daily caps per body and per acknowledged address, the possible-duplicate
   * radius, and the London hour of the daily digest. Given to the functions as their settings.
   */
  limits: z
    .strictObject({
      clientReportsPerMinute: z.number().int().min(1).default(limitSettings.clientReportsPerMinute),
      clientReportsPerHour: z.number().int().min(1).default(limitSettings.clientReportsPerHour),
      apiKeyReportsPerMinute: z.number().int().min(1).default(limitSettings.apiKeyReportsPerMinute),
      apiKeyReportsPerHour: z.number().int().min(1).default(limitSettings.apiKeyReportsPerHour),
      bodyEmailsPerDay: z.number().int().min(1).default(limitSettings.bodyEmailsPerDay),
      acknowledgementsPerAddressPerDay: z
        .number()
        .int()
        .min(0)
        .default(limitSettings.acknowledgementsPerAddressPerDay),
      duplicateRadiusMetres: z.number().int().min(0).max(5000).default(limitSettings.duplicateRadiusMetres),
      digestHour: z.number().int().min(0).max(23).default(limitSettings.digestHour),
    })
    .prefault({}),
  /**
   * The clerk directory's configuration (functions/config/directory-config.ts): ONS code → the
   * Modern.Gov title for parishes whose names never match, district addresses allowed per parish,
   * and the district's domains besides districtEmail's. Given to the functions as
   * CLERK_DIRECTORY_CONFIG, so it must stay small (Lambda allows 4 KB of environment in all).
   */
  clerkDirectory: z.optional(clerkDirectoryConfigSchema),
  /**
   * The council's contacts (for residents and its data protection officer) and the accessibility
   * statement's compliance status, known issues and dates (functions/config/public-info.ts), for
   * the form's privacy notice and accessibility statement. Given to the web function as PUBLIC_INFO.
   */
  publicInfo: z.optional(publicInfoSchema),
  /** Who is told when an alarm fires (an email subscription to the alarm topic). */
  alarmEmail: z.email(),
  /** Production keeps the table on stack deletion and turns on deletion protection. */
  production: z.boolean(),
  logRetentionDays: z
    .union([z.literal(30), z.literal(90), z.literal(180), z.literal(365), z.literal(731)])
    .default(90),
  /**
   * API Gateway throttling, in requests per second (sustained) and burst, per route: each route has
   * its own bucket, so the three budgets below never share one. None may exceed the account's
   * default per-Region limits (10,000 a second, burst 5,000), which every API in it shares.
   *
   * Public POSTs (reports from the JSON API, Open311 and the form's steps): 10 a second is 36,000
   * an hour, far above a district's real reporting (hundreds a day); the burst covers a double submit.
   */
  publicRateLimit: requestRate.default(10),
  publicBurstLimit: burst.default(20),
  /**
   * Staff routes (the case log's pages, sign-in and actions), apart from the public ones, so a flood
   * of reports or page loads cannot lock staff out. A district's dozen officers and a few dozen
   * parish clerks clicking about once a second each stay well inside 25; the burst allows a CSV
   * export and a few tabs opened at once.
   */
  staffRateLimit: requestRate.default(25),
  staffBurstLimit: burst.default(50),
  /**
   * Every other route (the stage default): resident pages, their assets, Open311 reads, /health. Ten
   * times the report budget, as each form page also loads a few assets.
   */
  pageRateLimit: requestRate.default(100),
  pageBurstLimit: burst.default(200),
  /**
   * CloudFront with an AWS WAF web ACL in front of the API (README, "Edge protection"), where
   * `enabled`, which defaults to `production`.
   */
  edge: z
    .strictObject({
      enabled: z.boolean().optional(),
      /**
       * Requests one IP address may make in any 5 minutes before WAF answers 429 (WAF's minimum is
       * 10). 1,000 is about 3 a second for 5 minutes: a council office or a mobile network puts many
       * people behind one address, and one resident's whole report is under 100 requests.
       */
      requestsPerIpPer5Minutes: z.number().int().min(10).max(2_000_000_000).default(1_000),
      /**
       * The ACM certificate (in us-east-1, as CloudFront requires) covering every council's
       * `hostNames`: the distribution answers on those names, and the form tells the councils apart
       * by them. Required when any council has host names.
       */
      certificateArn: z
        .string()
        .regex(
          /^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]{36}$/,
          "must be an ACM certificate ARN in us-east-1 (CloudFront takes no other region)",
        )
        .optional(),
    })
    .default({ requestsPerIpPer5Minutes: 1_000 }),
  /**
   * SHA-256 hex digests of the Open311 client keys allowed to POST requests (never the keys
   * themselves): `printf %s "$KEY" | sha256sum`. Empty: no client may report through Open311.
   */
  open311ApiKeyHashes: z
    .array(z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest: 64 lower-case hex characters"))
    .optional(),
  /**
   * The council's domains, which Open311 clients may give as `jurisdiction_id` (as the spec
   * suggests) besides the district's ONS code, always accepted. Published in discovery.
   */
  open311Jurisdictions: z
    .array(z.string().regex(DOMAIN_NAME_PATTERN, "must be a domain in lower case like council.gov.uk"))
    .optional(),
  /**
   * The councils this deployment serves (functions/config/council-settings.ts), the first the
   * default; written to the functions' bundled councils.json. Instead of the one-council keys
   * above (ONE_COUNCIL_KEYS), never beside them.
   */
  councils: z.array(councilSettingsSchema).optional(),
});

/** Today's keys for a one-council deployment; `councils` replaces them all. */
export const ONE_COUNCIL_KEYS = [
  "councilName",
  "districtCode",
  "districtName",
  "districtEmail",
  "senderEmail",
  "sendingDomain",
  "moderngovBaseUrl",
  "publicInfo",
  "clerkDirectory",
  "open311ApiKeyHashes",
  "open311Jurisdictions",
] as const;
type OneCouncilKey = (typeof ONE_COUNCIL_KEYS)[number];
/** Required for one council without `councils`; the others have defaults. */
const REQUIRED_ONE_COUNCIL_KEYS: readonly OneCouncilKey[] = ONE_COUNCIL_KEYS.slice(0, 8);

type Parsed = z.infer<typeof environmentSchema>;

/**
 * The settings with their defaults resolved (edge protection on by default in production). The
 * one-council keys are always there: the first council's (the default, whose settings the
 * functions' DISTRICT_* variables carry), so a one-council configuration reads as it always did.
 */
export type EnvironmentConfig = Omit<Parsed, "edge" | "councils" | OneCouncilKey> & {
  [K in OneCouncilKey]-?: NonNullable<Parsed[K]>;
} & {
  edge: { enabled: boolean; requestsPerIpPer5Minutes: number; certificateArn?: string };
  councils: CouncilSettings[];
};

/** The three route budgets of the HTTP API stage (see PublicApi). */
export function apiThrottle(config: EnvironmentConfig): ApiThrottle {
  return {
    reports: { rateLimit: config.publicRateLimit, burstLimit: config.publicBurstLimit },
    staff: { rateLimit: config.staffRateLimit, burstLimit: config.staffBurstLimit },
    pages: { rateLimit: config.pageRateLimit, burstLimit: config.pageBurstLimit },
  };
}

export function readEnvironmentConfig(environments: unknown, name: string): EnvironmentConfig {
  const all = z.record(z.string(), z.unknown()).safeParse(environments);
  if (!all.success)
    throw new Error("cdk.json context signpost:environments must be an object of environments");
  const raw = all.data[name];
  if (raw === undefined) {
    throw new Error(
      `No environment "${name}" in signpost:environments; known: ${Object.keys(all.data).join(", ")}`,
    );
  }
  const mixed = ONE_COUNCIL_KEYS.filter(
    (key) => typeof raw === "object" && raw !== null && "councils" in raw && key in raw,
  );
  if (mixed.length > 0) {
    throw new Error(
      `signpost:environments.${name}: give councils or the one-council keys, not both (remove ${mixed.join(", ")}, or move them into councils)`,
    );
  }
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  signpost:environments.${name}.${i.path.join(".")}: ${i.message}`,
    );
    throw new Error(`Invalid Signpost configuration for "${name}":\n${lines.join("\n")}`);
  }
  const { edge, councils: listed, ...rest } = parsed.data;
  const councils = listed ? checkedCouncils(listed, name) : [oneCouncilOf(rest, name)];
  const config: EnvironmentConfig = {
    ...rest,
    ...oneCouncilKeysOf(councils[0] as CouncilSettings),
    edge: { ...edge, enabled: edge.enabled ?? rest.production },
    councils,
  };
  if (clerkDirectoryVariable(config).length > CLERK_DIRECTORY_MAX_CHARS) {
    throw new Error(
      `signpost:environments.${name}.clerkDirectory is over ${CLERK_DIRECTORY_MAX_CHARS} characters as JSON: map only the names that never match`,
    );
  }
  // The web function carries both in its 4 KB environment.
  const publicInfoChars = publicInfoVariable(config).length;
  if (
    publicInfoChars > PUBLIC_INFO_MAX_CHARS ||
    publicInfoChars + clerkDirectoryVariable(config).length > WEB_SHARED_MAX_CHARS
  ) {
    throw new Error(
      `signpost:environments.${name}.publicInfo is too long as JSON (${publicInfoChars} characters; at most ${PUBLIC_INFO_MAX_CHARS}, and ${WEB_SHARED_MAX_CHARS} with clerkDirectory): shorten the known issues`,
    );
  }
  const hostNames = config.councils.flatMap((council) => council.hostNames);
  if (hostNames.length > 0 && !(config.edge.enabled && config.edge.certificateArn)) {
    // API Gateway's own address is one for all councils; only the distribution answers on theirs.
    throw new Error(
      `signpost:environments.${name}: councils' hostNames (${hostNames.join(", ")}) are served through the edge: set edge.enabled and edge.certificateArn (a us-east-1 certificate covering them)`,
    );
  }
  config.councils.forEach((council, i) => {
    if (
      config.production &&
      council.open311.apiKeyHashes.some((hash) => DEMO_OPEN311_API_KEY_SHA256S.includes(hash))
    ) {
      const where = listed ? `councils.${i}.open311.apiKeyHashes` : "open311ApiKeyHashes";
      throw new Error(
        `signpost:environments.${name}.${where} holds the published demo key's hash; issue real keys for production`,
      );
    }
  });
  return config;
}

/** The listed councils, checked across each other; never beside the one-council keys. */
function checkedCouncils(councils: CouncilSettings[], name: string): CouncilSettings[] {
  const faults = councilsFaults(councils).map(
    (f) => `  signpost:environments.${name}.councils${f.path.map((p) => `.${p}`).join("")}: ${f.message}`,
  );
  if (faults.length > 0)
    throw new Error(`Invalid Signpost configuration for "${name}":\n${faults.join("\n")}`);
  return councils;
}

/** Today's one-council keys as a council: its id is the district's name as a slug. */
function oneCouncilOf(raw: Omit<Parsed, "edge" | "councils">, name: string): CouncilSettings {
  const missing = REQUIRED_ONE_COUNCIL_KEYS.filter((key) => raw[key] === undefined);
  if (missing.length > 0) {
    const lines = missing.map((key) => `  signpost:environments.${name}.${key}: required (or list councils)`);
    throw new Error(`Invalid Signpost configuration for "${name}":\n${lines.join("\n")}`);
  }
  const sendingDomain = raw.sendingDomain as string;
  if (!(raw.senderEmail as string).endsWith(`@${sendingDomain}`)) {
    throw new Error(`signpost:environments.${name}.senderEmail must be an address at ${sendingDomain}`);
  }
  const code = raw.districtCode as string;
  return {
    id: slug(raw.districtName as string),
    name: raw.councilName as string,
    kind: /^[EW]06/.test(code) ? "unitary" : "district",
    area: { code, name: raw.districtName as string },
    email: raw.districtEmail as string,
    senderEmail: raw.senderEmail as string,
    sendingDomain,
    moderngovBaseUrl: raw.moderngovBaseUrl as string,
    hostNames: [],
    publicInfo: raw.publicInfo as CouncilSettings["publicInfo"],
    clerkDirectory: raw.clerkDirectory ?? emptyClerkDirectoryConfig,
    open311: { apiKeyHashes: raw.open311ApiKeyHashes ?? [], jurisdictions: raw.open311Jurisdictions ?? [] },
  };
}

/** The first council's settings under today's keys. */
function oneCouncilKeysOf(council: CouncilSettings): Pick<EnvironmentConfig, OneCouncilKey> {
  return {
    councilName: council.name,
    districtCode: council.area.code,
    districtName: council.area.name,
    districtEmail: council.email,
    senderEmail: council.senderEmail,
    sendingDomain: council.sendingDomain,
    moderngovBaseUrl: council.moderngovBaseUrl,
    publicInfo: council.publicInfo,
    clerkDirectory: council.clerkDirectory,
    open311ApiKeyHashes: [...council.open311.apiKeyHashes],
    open311Jurisdictions: [...council.open311.jurisdictions],
  };
}

/** councils.json for the functions (functions/config/councils-file.ts): every council, validated. */
export function councilsFileText(config: Pick<EnvironmentConfig, "councils">): string {
  return `${JSON.stringify({ councils: config.councils }, null, 2)}\n`;
}

/**
 * Room left for the clerk directory in a function's 4 KB environment, beside the other settings.
 * test/infra/environment-size.test.ts sums each function's environment at these caps, counting a
 * deploy-time value (an ARN, a queue URL) as 256 bytes: at 2,048 the case log came to 4,135 bytes;
 * at 1,984 the largest is 4,071.
 */
const CLERK_DIRECTORY_MAX_CHARS = 1984;
/** PUBLIC_INFO and CLERK_DIRECTORY_CONFIG together, in the web function's environment (at most 4,086 bytes with the link key secret's name). */
const WEB_SHARED_MAX_CHARS = CLERK_DIRECTORY_MAX_CHARS + 512;

/** CLERK_DIRECTORY_CONFIG for the functions: unset (`""`) when nothing is configured. */
export function clerkDirectoryVariable(config: Pick<EnvironmentConfig, "clerkDirectory">): string {
  const { names, allowDistrictAddresses, districtDomains } = config.clerkDirectory;
  const empty =
    Object.keys(names).length === 0 &&
    Object.keys(allowDistrictAddresses).length === 0 &&
    districtDomains.length === 0;
  return empty ? "" : JSON.stringify(config.clerkDirectory);
}

/** Room for the council's contacts and statement settings in the web function's 4 KB environment. */
const PUBLIC_INFO_MAX_CHARS = 1200;

/** PUBLIC_INFO for the web function. */
export function publicInfoVariable(config: Pick<EnvironmentConfig, "publicInfo">): string {
  return JSON.stringify(config.publicInfo);
}
