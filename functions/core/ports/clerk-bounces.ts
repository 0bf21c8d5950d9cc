/** A permanent bounce of a report email from a parish clerk's address. */
export interface ClerkBounce {
  parishCode: string;
  /** The address that bounced. */
  address: string;
  at: string;
  /** The case whose email bounced. */
  reference: string;
  /** The provider's words, e.g. "Permanent/General". */
  detail?: string;
}

/** The latest bounce of each parish's clerk, kept for a few months (the clerk directory page). */
export interface ClerkBounces {
  record(bounce: ClerkBounce): Promise<void>;
  /** The latest recent bounce of each parish, by ONS code. */
  list(): Promise<Map<string, ClerkBounce>>;
}
