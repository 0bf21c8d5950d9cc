import type { Council } from "#core/councils/council.js";
import { type Councils, createCouncils } from "#core/councils/councils.js";
import type { CouncilSettings } from "../config/council-settings.js";
import { slug } from "../config/council-slug.js";
import { readCouncilsFile } from "../config/councils-file.js";
import type { ClerkDirectoryConfig } from "../config/directory-config.js";
import type { Config } from "../config/env.js";
import type { PublicInfo } from "../config/public-info.js";

type CouncilsConfig = Pick<Config, "COUNCILS_FILE"> & Parameters<typeof oneCouncil>[0];

/**
 * The councils a function serves: every one in the councils file (`COUNCILS_FILE`,
 * docs/adr/0012-many-councils.md), else the one council today's settings describe.
 */
export function councilsFromConfig(config: CouncilsConfig): Councils {
  if (config.COUNCILS_FILE) return createCouncils(readCouncilsFile(config.COUNCILS_FILE).map(councilOf));
  return createCouncils([oneCouncil(config)]);
}

/**
 * A council's privacy-notice contacts and accessibility statement settings: its entry in the
 * councils file, else PUBLIC_INFO (a one-council deployment). Undefined when neither has any.
 */
export function publicInfoFor(
  council: Pick<Council, "id">,
  config: Pick<Config, "COUNCILS_FILE" | "PUBLIC_INFO">,
): PublicInfo | undefined {
  return settingsOf(council, config)?.publicInfo ?? config.PUBLIC_INFO;
}

/** A council's clerk directory configuration: its entry in the councils file, else CLERK_DIRECTORY_CONFIG. */
export function clerkDirectoryFor(
  council: Pick<Council, "id">,
  config: Pick<Config, "COUNCILS_FILE" | "CLERK_DIRECTORY_CONFIG">,
): ClerkDirectoryConfig {
  return settingsOf(council, config)?.clerkDirectory ?? config.CLERK_DIRECTORY_CONFIG;
}

function settingsOf(council: Pick<Council, "id">, config: Pick<Config, "COUNCILS_FILE">) {
  if (!config.COUNCILS_FILE) return undefined;
  const settings = readCouncilsFile(config.COUNCILS_FILE).find((c) => c.id === council.id);
  if (!settings) throw new Error(`Council "${council.id}" is not in ${config.COUNCILS_FILE}`);
  return settings;
}

/** The core's view of one council's settings. */
export function councilOf(settings: CouncilSettings): Council {
  return {
    id: settings.id,
    name: settings.name,
    kind: settings.kind,
    area: settings.area,
    email: settings.email,
    senderEmail: settings.senderEmail,
    moderngovBaseUrl: settings.moderngovBaseUrl,
    hostNames: settings.hostNames,
    ...(settings.services ? { services: settings.services } : {}),
    open311: settings.open311,
  };
}

/** The one council today's settings describe. Its id is the district's name as a slug. */
export function oneCouncil(
  config: Pick<
    Config,
    | "DISTRICT_CODE"
    | "DISTRICT_NAME"
    | "DISTRICT_COUNCIL_NAME"
    | "DISTRICT_EMAIL"
    | "SENDER_EMAIL"
    | "MODERNGOV_BASE_URL"
    | "OPEN311_API_KEY_SHA256"
    | "OPEN311_JURISDICTIONS"
  >,
): Council {
  return {
    id: slug(config.DISTRICT_NAME),
    name: config.DISTRICT_COUNCIL_NAME,
    kind: /^[EW]06/.test(config.DISTRICT_CODE) ? "unitary" : "district",
    area: { code: config.DISTRICT_CODE, name: config.DISTRICT_NAME },
    email: config.DISTRICT_EMAIL,
    senderEmail: config.SENDER_EMAIL,
    moderngovBaseUrl: config.MODERNGOV_BASE_URL,
    hostNames: [],
    open311: { apiKeyHashes: config.OPEN311_API_KEY_SHA256, jurisdictions: config.OPEN311_JURISDICTIONS },
  };
}
