/** Where the clerk contact of a parish comes from (Modern.Gov in production and locally). */

export interface ParishRef {
  /** ONS code, e.g. E04012345. */
  code: string;
  /** ONS name, e.g. "Saint Mary and Marsh". */
  name: string;
}

export interface ClerkContact {
  /** The council's own name as the directory spells it, e.g. "St Mary & Marsh Parish Council". */
  councilName: string;
  clerkName?: string;
  email?: string;
  phone?: string;
  /** Where the contact was read from (URL), shown to staff so they can check it. */
  source: string;
  /** When it was read from there (it may have come from the cache since). */
  fetchedAt?: string;
}

export interface Directory {
  /**
   * The clerk contact for a parish, or `undefined` when the directory has the parish but no usable
   * contact, or does not list it. Throws `UpstreamError` when the directory cannot be reached.
   */
  contactFor(parish: ParishRef): Promise<ClerkContact | undefined>;
}
