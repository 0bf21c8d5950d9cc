import { z } from "zod";
import { dispatchQueueSettings } from "../functions/config/dispatch-queue-settings.js";
import { DEMO_OPEN311_API_KEY_SHA256 } from "../functions/config/open311-demo-key.js";

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
  councilName: z.string().min(1),
  districtCode: z.string().regex(/^[EWSN]\d{8}$/, "must be an ONS code like E07000123"),
  districtName: z.string().min(1),
  districtEmail: z.email(),
  /** Must be at the sending domain, which gets an SES identity (DKIM records to publish). */
  senderEmail: z.email(),
  sendingDomain: z.string().regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, "must be a domain like council.gov.uk"),
  moderngovBaseUrl: z.url(),
  /** Folder (from the repository root) with district.geojson, parishes.geojson and postcodes.csv. */
  geodataDir: z.string().min(1),
  retentionDays: z.number().int().min(1).max(3650),
  maxReceiveCount: z.number().int().min(1).max(20).default(dispatchQueueSettings.maxReceiveCount),
  /** Who is told when an alarm fires (an email subscription to the alarm topic). */
  alarmEmail: z.email(),
  /** Production keeps the table on stack deletion and turns on deletion protection. */
  production: z.boolean(),
  logRetentionDays: z
    .union([z.literal(30), z.literal(90), z.literal(180), z.literal(365), z.literal(731)])
    .default(90),
  /** Sustained requests per second and burst allowed on the public report route. */
  publicRateLimit: z.number().int().min(1).default(10),
  publicBurstLimit: z.number().int().min(1).default(20),
  /**
   * SHA-256 hex digests of the Open311 client keys allowed to POST requests (never the keys
   * themselves): `printf %s "$KEY" | sha256sum`. Empty: no client may report through Open311.
   */
  open311ApiKeyHashes: z
    .array(z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest: 64 lower-case hex characters"))
    .default([]),
});

export type EnvironmentConfig = z.infer<typeof environmentSchema>;

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
  const parsed = environmentSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  signpost:environments.${name}.${i.path.join(".")}: ${i.message}`,
    );
    throw new Error(`Invalid Signpost configuration for "${name}":\n${lines.join("\n")}`);
  }
  const config = parsed.data;
  if (!config.senderEmail.endsWith(`@${config.sendingDomain}`)) {
    throw new Error(
      `signpost:environments.${name}.senderEmail must be an address at ${config.sendingDomain}`,
    );
  }
  if (config.production && config.open311ApiKeyHashes.includes(DEMO_OPEN311_API_KEY_SHA256)) {
    throw new Error(
      `signpost:environments.${name}.open311ApiKeyHashes holds the published demo key's hash; issue real keys for production`,
    );
  }
  return config;
}
