/**
 * The one-click answers a parish clerk can give from the report email, without an account. Each is
 * a signed link to a confirmation page: the GET only shows the choice, the POST acts, so a mail
 * scanner that follows every link changes nothing.
 */
export const CLERK_ACTIONS = ["received", "in-progress", "not-for-us"] as const;
export type ClerkAction = (typeof CLERK_ACTIONS)[number];

export const isClerkAction = (value: string): value is ClerkAction =>
  (CLERK_ACTIONS as readonly string[]).includes(value);

/** How long a link in a report email works. */
export const CLERK_LINK_DAYS = 30;

/** What a clerk's link says, signed: which case, which answer, for which body, until when. */
export interface ClerkLinkClaims {
  reference: string;
  action: ClerkAction;
  /** The code of the body the email went to: a link stops working once the case is moved away. */
  destination: string;
  /** Epoch seconds after which the link is refused. */
  expiresAt: number;
  /** Unique per link: a link works once (its id is claimed when it is used). */
  linkId: string;
}

/** Why a link was refused, before any case is read. */
export type LinkRefusal = "malformed" | "bad-signature" | "unknown-key" | "expired";

export type LinkCheck = { ok: true; claims: ClerkLinkClaims } | { ok: false; refusal: LinkRefusal };

/** The links of one report email, by answer. */
export type ClerkLinks = Record<ClerkAction, string>;
