import type { DirectoryProblem } from "#core/ports/directory.js";

/** What is known about addresses that cannot be a parish clerk's. */
export interface ScreenContext {
  /** Addresses seen on pages that are not one parish's own (site chrome), lower case. */
  chromeEmails?: ReadonlySet<string>;
  /** The district's own domains ("exampleshire-vale.gov.uk"); subdomains count too. */
  districtDomains?: readonly string[];
  /** Addresses allowed even so: configured for this parish (e.g. a district officer clerks it). */
  allowedEmails?: readonly string[];
}

export interface Screened {
  /** The first address that may be the clerk's. */
  email?: string;
  /** The other usable addresses, in the order found. */
  otherEmails: string[];
  problems: DirectoryProblem[];
}

/**
 * Chooses the clerk's address from candidates in page order: drops duplicates, page chrome and the
 * district's own addresses (each with a problem saying so), takes the first left and records the rest.
 */
export function screenEmails(candidates: readonly string[], context: ScreenContext = {}): Screened {
  const allowed = new Set((context.allowedEmails ?? []).map((e) => e.toLowerCase()));
  const seen = new Set<string>();
  const usable: string[] = [];
  const problems: DirectoryProblem[] = [];
  for (const candidate of candidates) {
    const key = candidate.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    if (allowed.has(key)) {
      usable.push(candidate);
    } else if (context.chromeEmails?.has(key)) {
      problems.push({
        code: "page-chrome",
        message: `${candidate} was not used: it appears on every page of the site, not just this parish's`,
      });
    } else if (onDistrictDomain(key, context.districtDomains ?? [])) {
      problems.push({
        code: "district-domain",
        message: `${candidate} was not used: it is a district council address`,
      });
    } else {
      usable.push(candidate);
    }
  }
  const [email, ...otherEmails] = usable;
  if (otherEmails.length > 0) {
    problems.push({
      code: "several-addresses",
      message: `${email} was used; also given: ${otherEmails.join(", ")}`,
    });
  }
  return { ...(email ? { email } : {}), otherEmails, problems };
}

function onDistrictDomain(email: string, domains: readonly string[]): boolean {
  const domain = email.slice(email.lastIndexOf("@") + 1);
  return domains.some((d) => {
    const own = d.toLowerCase().replace(/^\.+/, "");
    return domain === own || domain.endsWith(`.${own}`);
  });
}
