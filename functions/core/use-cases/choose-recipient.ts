import type { RoutingBodies } from "../bodies/body.js";
import type { Case, Destination } from "../case/case.js";
import { FALLBACK_RULES, type FallbackRule } from "../case/fallback-routing.js";
import type { Council } from "../councils/council.js";
import type { Councils } from "../councils/councils.js";
import { UpstreamError } from "../errors.js";
import {
  type ClerkContact,
  type ClerkLookup,
  type CouncilDirectories,
  noEmailReason,
} from "../ports/directory.js";

/** What finding a case's recipient needs: its council, the bodies data, each council's clerks. */
export interface RecipientDeps {
  councils: Councils;
  /** The bodies reports can go to besides parishes and the councils (county highways, …). */
  bodies: RoutingBodies;
  /** Each council's clerk directory (its own Modern.Gov site). */
  directories: CouncilDirectories;
}

/** Who a case's email goes to, on whose behalf, and why, where it is not the body chosen. */
export interface Recipient {
  destination: Destination;
  email: string;
  name: string;
  /** The council whose case it is: it sends the email and takes what no one else can. */
  council: Council;
  fallbackReason?: string;
  /** Set with `fallbackReason`: which fallback it was. */
  fallbackRule?: FallbackRule;
  contact?: ClerkContact;
}

/** A council as a case's destination: its own district or unitary area. */
export function councilDestination(council: Council): Destination {
  return { kind: "district", code: council.area.code, name: council.area.name };
}

/** The council's team, at its mailbox; with a fallback's reason where it takes another's case. */
export function councilRecipient(
  council: Council,
  fallback?: { rule: FallbackRule; reason: string },
): Recipient {
  return {
    destination: councilDestination(council),
    email: council.email,
    name: council.name,
    council,
    ...(fallback ? { fallbackReason: fallback.reason, fallbackRule: fallback.rule } : {}),
  };
}

/**
 * The address a case goes to: a parish's clerk from its council's directory, the council's team
 * mailbox, or another body's address from the bodies data. A parish with no usable clerk, or a body
 * the data cannot reach, falls back to the case's council, with the reason.
 */
export async function chooseRecipient(
  report: Pick<Case, "destination" | "council">,
  deps: RecipientDeps,
): Promise<Recipient> {
  const council = deps.councils.of(report);
  const destination = report.destination;
  switch (destination.kind) {
    case "district":
      return councilRecipient(council);
    case "body":
      return bodyRecipient(destination, council, deps.bodies);
    case "parish":
      return clerkRecipient(destination, council, deps.directories);
  }
}

function bodyRecipient(destination: Destination, council: Council, bodies: RoutingBodies): Recipient {
  const body = bodies.byId(destination.code);
  if (body && "council" in body.reach) return councilRecipient(council);
  if (body && "email" in body.reach)
    return { destination, email: body.reach.email, name: body.name, council };
  return councilRecipient(council, {
    rule: FALLBACK_RULES.unknownBody,
    reason: body
      ? `${body.name} has no email address in the bodies data`
      : `${destination.name} (${destination.code}) is not in the bodies data`,
  });
}

async function clerkRecipient(
  parish: Destination,
  council: Council,
  directories: CouncilDirectories,
): Promise<Recipient> {
  let lookup: ClerkLookup;
  try {
    lookup = await directories.of(council).lookUp({ code: parish.code, name: parish.name });
  } catch (error) {
    if (!(error instanceof UpstreamError)) throw error;
    return councilRecipient(council, {
      rule: FALLBACK_RULES.directoryUnavailable,
      reason: `the clerk's contact for ${parish.name} could not be fetched (${error.message})`,
    });
  }
  const contact = lookup.contact;
  if (!contact?.email) {
    return councilRecipient(council, {
      rule: FALLBACK_RULES.noClerkEmail,
      reason: noEmailReason(parish, lookup),
    });
  }
  return { destination: parish, email: contact.email, name: contact.councilName, council, contact };
}
