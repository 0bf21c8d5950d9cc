import type { Council } from "../councils/council.js";

/** Where the clerk contact of a parish comes from (Modern.Gov in production and locally). */

export interface ParishRef {
  /** ONS code, e.g. E04012345. */
  code: string;
  /** ONS name, e.g. "Saint Mary and Marsh". */
  name: string;
}

/**
 * Which step of the look-up found the contact, in the order they are tried: the `GetParishCouncils`
 * web service by GET, then by SOAP when GET is refused, the all-parishes details page
 * (`mgParishCouncilDetailsList.aspx`), one parish's details page (`mgParishCouncilDetails.aspx?ID=`),
 * or an override district staff set.
 */
export type ContactVia = "web-service" | "web-service-soap" | "details-list" | "details-page" | "override";

/** How a Modern.Gov title was matched to the ONS parish name. */
export interface NameMatch {
  /** The title as Modern.Gov spells it. */
  title: string;
  /** 1 for an exact or configured match, lower the more was forgiven. */
  confidence: number;
  how: "exact" | "spelling" | "word-breaks" | "welsh" | "mapped";
}

export type DirectoryProblemCode =
  /** No council in the directory matches the parish's name. */
  | "no-match"
  /** A council matched, but only loosely (or several did): staff should check it. */
  | "uncertain-match"
  /** The council was found, with no usable email address. */
  | "no-email"
  /** An address was not used: it appears on every page of the site (header, footer, sidebar). */
  | "page-chrome"
  /** An address was not used: it is on the district's own domain. */
  | "district-domain"
  /** The field held several addresses: the first was used, the rest are recorded. */
  | "several-addresses"
  /** A step of the look-up could not be used (refused, missing, not understood); the next was tried. */
  | "source-unavailable"
  /** Mail to the address bounced recently. */
  | "bounced";

export interface DirectoryProblem {
  code: DirectoryProblemCode;
  /** Plain words for staff, e.g. "democratic.services@district.example appears on every parish page". */
  message: string;
}

export interface ClerkContact {
  /** The council's own name as the directory spells it, e.g. "St Mary & Marsh Parish Council". */
  councilName: string;
  clerkName?: string;
  email?: string;
  /** Further addresses the same field or page gave for the clerk (the first valid one is `email`). */
  otherEmails?: string[];
  phone?: string;
  /** Where the contact was read from (URL), shown to staff so they can check it. */
  source: string;
  /** Which step of the look-up found it. */
  via: ContactVia;
  /** How the council's title was matched to the parish (absent for overrides). */
  match?: NameMatch;
  /** When it was read from there (it may have come from the cache since). */
  fetchedAt?: string;
}

/** What the directory knows about one parish's clerk. */
export interface ClerkLookup {
  /** The contact found, if any. Reports go to it only when it has an `email`. */
  contact?: ClerkContact;
  /** Why there is no usable contact, or what staff should check about it; empty when all is well. */
  problems: DirectoryProblem[];
}

export interface LookUpOptions {
  /**
   * Ask the source now (staff's "refresh now", the weekly refresh): no answer cached anywhere on the
   * way is used, so what is returned is what the source says at this moment.
   */
  fresh?: boolean;
  /**
   * With `fresh`: answers the source gave after this instant count as fresh, so a run over
   * every parish (the weekly refresh) asks each shared source once, not once per parish. Default:
   * the moment of the look-up.
   */
  freshSince?: Date;
  /** Give up after this many milliseconds (an `UpstreamError`), every step and retry included. */
  deadlineMs?: number;
}

export interface Directory {
  /**
   * What the directory has for a parish's clerk. Throws `UpstreamError` when the directory cannot be
   * reached at all (no step of the look-up answered). Options are hints: a directory with nothing
   * cached and no slow source may ignore them.
   */
  lookUp(parish: ParishRef, options?: LookUpOptions): Promise<ClerkLookup>;
}

/**
 * "the council directory has no email address for X's clerk (<why>)", for a routing reason. Sources
 * that could not be used are named only when nothing else explains it: the cause is what matters.
 */
export function noEmailReason(parish: ParishRef, lookup: ClerkLookup): string {
  const causes = lookup.problems.filter((p) => p.code !== "source-unavailable");
  const why = (causes.length > 0 ? causes : lookup.problems).map((p) => p.message).join("; ");
  return `the council directory has no email address for ${parish.name}'s clerk${why ? ` (${why})` : ""}`;
}

/**
 * Each council's clerk directory: its own Modern.Gov site (a parish's clerk is looked up in the
 * directory of the council whose area the parish is in).
 */
export interface CouncilDirectories {
  of(council: Pick<Council, "id" | "name">): Directory;
}

/** One directory for every council: a one-council deployment, or councils sharing one site. */
export function oneDirectory(directory: Directory): CouncilDirectories {
  return { of: () => directory };
}

/** A directory per council id; a council without one is a wiring fault, named. */
export function directoriesByCouncil(directories: ReadonlyMap<string, Directory>): CouncilDirectories {
  return {
    of(council) {
      const directory = directories.get(council.id);
      if (!directory) throw new Error(`No clerk directory is wired for ${council.name} (${council.id})`);
      return directory;
    },
  };
}
