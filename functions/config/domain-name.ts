/**
 * A DNS name such as `exampleshire-vale.example.org`, in lower case without a trailing dot: labels
 * of letters, digits and inner hyphens (at most 63 characters each), ending in an alphabetic top
 * level. Shared by the functions' settings and the CDK config, so both refuse the same values.
 */
export const DOMAIN_NAME_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** How a domain is compared: in lower case, and without the trailing dot of a fully qualified name. */
export const normaliseDomainName = (value: string) => value.trim().toLowerCase().replace(/\.$/, "");
