import * as z from "zod/mini";
import { clerkDirectoryConfigSchema, emptyClerkDirectoryConfig } from "./directory-config.js";
import { DOMAIN_NAME_PATTERN } from "./domain-name.js";
import { publicInfoSchema } from "./public-info.js";

/**
 * One council's settings, as `cdk.json` gives them (`signpost:environments.<env>.councils[i]`) and
 * as the functions read them from the bundled councils file (`COUNCILS_FILE`). One schema, so the
 * deployment and the functions refuse the same values (docs/adr/0012-many-councils.md).
 */
const slugId = z
  .string()
  .check(
    z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case words joined by hyphens, like exampleshire-vale"),
  );
const domain = z
  .string()
  .check(z.regex(DOMAIN_NAME_PATTERN, "must be a domain in lower case like council.gov.uk"));
const text = z.string().check(z.trim(), z.minLength(1));

export const councilSettingsSchema = z.strictObject({
  /** Stable id stored on every case: never change it once a case has it. */
  id: slugId,
  /** "Exampleshire Vale District Council". */
  name: text,
  kind: z.enum(["district", "unitary"]),
  /** Its district or unitary area: the ONS code and name as in the geodata's district.geojson. */
  area: z.strictObject({
    code: z
      .string()
      .check(z.regex(/^[EWSN]0[6-9]\d{6}$/, "must be a district or unitary ONS code like E07000123")),
    name: text,
  }),
  /** The team mailbox: its own reports and every fallback to it. */
  email: z.email(),
  /** The address reports are sent from, at sendingDomain (an SES identity each). */
  senderEmail: z.email(),
  sendingDomain: domain,
  /** The Modern.Gov site root (the folder holding mgWebService.asmx) for its parishes' clerks. */
  moderngovBaseUrl: z.url(),
  /** Host names the form is served on for this council alone; none: found by location. */
  hostNames: z._default(z.array(domain), []),
  /** The ids of the services it offers; every service when absent. */
  services: z.optional(z.array(slugId)),
  publicInfo: publicInfoSchema,
  clerkDirectory: z._default(clerkDirectoryConfigSchema, emptyClerkDirectoryConfig),
  /** Open311: its clients' key hashes (`printf %s "$KEY" | sha256sum`) and its jurisdiction domains. */
  open311: z._default(
    z.strictObject({
      apiKeyHashes: z._default(
        z.array(
          z
            .string()
            .check(z.regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest: 64 lower-case hex characters")),
        ),
        [],
      ),
      jurisdictions: z._default(z.array(domain), []),
    }),
    { apiKeyHashes: [], jurisdictions: [] },
  ),
});

export type CouncilSettings = z.infer<typeof councilSettingsSchema>;

/** A fault found across councils, at its path below the list (`1.sendingDomain`). */
export interface CouncilsFault {
  path: (string | number)[];
  message: string;
}

/**
 * What one entry cannot say alone: each sender is at its own sending domain, and ids, areas, host
 * names, sending domains and Open311 keys each belong to one council.
 */
export function councilsFaults(list: readonly CouncilSettings[]): CouncilsFault[] {
  const faults: CouncilsFault[] = [];
  if (list.length === 0) faults.push({ path: [], message: "must list at least one council" });
  const seen = new Map<string, number>();
  const unique = (index: number, field: (string | number)[], what: string, value: string) => {
    const key = `${what}\u0000${value}`;
    const other = seen.get(key);
    if (other === undefined) seen.set(key, index);
    else faults.push({ path: [index, ...field], message: `${what} "${value}" is council ${other}'s too` });
  };
  list.forEach((council, i) => {
    if (!council.senderEmail.toLowerCase().endsWith(`@${council.sendingDomain}`))
      faults.push({ path: [i, "senderEmail"], message: `must be an address at ${council.sendingDomain}` });
    unique(i, ["id"], "id", council.id);
    unique(i, ["area", "code"], "area", council.area.code);
    unique(i, ["sendingDomain"], "sending domain", council.sendingDomain);
    council.hostNames.forEach((host, h) => unique(i, ["hostNames", h], "host name", host));
    council.open311.apiKeyHashes.forEach((hash, h) =>
      unique(i, ["open311", "apiKeyHashes", h], "Open311 key", hash),
    );
  });
  return faults;
}
