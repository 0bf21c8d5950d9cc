/**
 * A council that runs Signpost on a deployment: a district (two-tier) or a unitary authority. Its
 * staff see its cases and no other's; its residents see its name, contacts and privacy notice;
 * reports it handles go to its team mailbox, from its own sending address. A deployment serves one
 * or more (see docs/adr/0012-many-councils.md); one council is the default.
 */
export interface Council {
  /** Stable id, lower-case words joined by hyphens: `exampleshire-vale`. Stored on every case. */
  id: string;
  /** "Exampleshire Vale District Council". */
  name: string;
  kind: "district" | "unitary";
  /** Its district or unitary area: the ONS code and name as in the boundary data. */
  area: { code: string; name: string };
  /** The team mailbox that gets the council's own reports and every fallback to it. */
  email: string;
  /** Its verified sending address (SES), at its sending domain. */
  senderEmail: string;
  /** Its Modern.Gov site root (the folder holding mgWebService.asmx), for its parishes' clerks. */
  moderngovBaseUrl: string;
  /** Host names the form is served on for this council alone (`report.exampleshire-vale.gov.uk`). */
  hostNames: readonly string[];
  /** The ids of the services it offers; every service where absent. */
  services?: readonly string[];
  /** Open311: its clients' key hashes (SHA-256 hex) and the domains it accepts as jurisdiction_id. */
  open311: { apiKeyHashes: readonly string[]; jurisdictions: readonly string[] };
}
