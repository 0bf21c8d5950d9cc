import type { Council } from "#core/councils/council.js";
import { type Councils, createCouncils } from "#core/councils/councils.js";
import type { Config } from "./env.js";

/**
 * The councils a function serves. Today's settings make one council (a one-council deployment);
 * the many-council file (`COUNCILS_FILE`, docs/adr/0012-many-councils.md) replaces this.
 */
export function councilsFromConfig(config: Config): Councils {
  return createCouncils([oneCouncil(config)]);
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

/** "Exampleshire Vale" → "exampleshire-vale"; "King's Lynn & West Norfolk" → "kings-lynn-west-norfolk". */
export function slug(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f'’]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
