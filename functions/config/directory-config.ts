import * as z from "zod/mini";
import { DOMAIN_NAME_PATTERN, normaliseDomainName } from "./domain-name.js";

/**
 * What staff know about the clerk directory that Modern.Gov cannot say, per deployment (cdk.json
 * `clerkDirectory`, given to the functions as `CLERK_DIRECTORY_CONFIG`, JSON). All of it is optional:
 * an empty object changes nothing.
 */
const onsParishCode = z.string().check(z.regex(/^[EW]04\d{6}$/, "must be a parish ONS code like E04012345"));

export const clerkDirectoryConfigSchema = z.strictObject({
  /**
   * Parishes whose ONS name never matches their Modern.Gov title (a mutated Welsh name, a renamed
   * council): ONS code → the title exactly as Modern.Gov spells it. Only that title is then used.
   */
  names: z._default(z.record(onsParishCode, z.string().check(z.trim(), z.minLength(1))), {}),
  /**
   * District addresses that really are a parish's clerk (a district officer clerks it): ONS code →
   * addresses allowed for that parish although they are on the district's domain or on every page.
   */
  allowDistrictAddresses: z._default(z.record(onsParishCode, z.array(z.email())), {}),
  /**
   * The district's own domains besides that of DISTRICT_EMAIL (always included): an address on one
   * of them is never taken as a parish clerk's unless allowed above.
   */
  districtDomains: z._default(
    z.array(
      z.pipe(
        z.transform((value: string) => normaliseDomainName(value)),
        z.string().check(z.regex(DOMAIN_NAME_PATTERN, "must be a domain like council.gov.uk")),
      ),
    ),
    [],
  ),
});

export type ClerkDirectoryConfig = z.infer<typeof clerkDirectoryConfigSchema>;

export const emptyClerkDirectoryConfig: ClerkDirectoryConfig = {
  names: {},
  allowDistrictAddresses: {},
  districtDomains: [],
};

/** The environment variable: JSON, parsed then checked; unset or empty means no configuration. */
export const clerkDirectoryConfigVariable = z.pipe(
  z.transform((value: unknown, payload) => {
    if (value === undefined || (typeof value === "string" && value.trim() === "")) return {};
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value) as unknown;
    } catch (error) {
      payload.issues.push({
        code: "custom",
        input: value,
        message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      });
      return z.NEVER;
    }
  }),
  clerkDirectoryConfigSchema,
);

/** The domain of an address, in lower case: the district's mailbox gives its own domain. */
export function domainOf(email: string): string {
  return normaliseDomainName(email.slice(email.lastIndexOf("@") + 1));
}
