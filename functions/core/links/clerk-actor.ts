/**
 * Who a clerk's one-click answer is recorded as: the clerk of the body the email went to, by its
 * code (`clerk-link:E04999001`). Clerks without an account have no identity of their own; the
 * case log words it as "The clerk of <body>, by email link".
 */
const PREFIX = "clerk-link:";

export const clerkLinkActor = (destinationCode: string): string => `${PREFIX}${destinationCode}`;

/** The body's code if the actor is a clerk's link, else undefined. */
export const clerkLinkBodyOf = (actor: string): string | undefined =>
  actor.startsWith(PREFIX) && actor.length > PREFIX.length ? actor.slice(PREFIX.length) : undefined;
