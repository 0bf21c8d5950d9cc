import type { Destination } from "#core/case/case.js";
import type { Council } from "#core/councils/council.js";
import type { Councils } from "#core/councils/councils.js";
import type { StaffIdentity } from "./token-verifier.js";

/**
 * The council whose case log this person works in (docs/adr/0012-many-councils.md): the one their
 * token's `custom:council` names. A token without the claim is the only council's on a one-council
 * deployment (so today's users keep working); on a many-council deployment it, like a token naming
 * a council not served, belongs to none, and the person sees nothing.
 */
export function staffCouncil(identity: StaffIdentity, councils: Councils): Council | undefined {
  if (identity.council === undefined) return councils.all.length === 1 ? councils.first : undefined;
  return councils.byId(identity.council);
}

/**
 * The identity the pages act on: its council resolved to the council's id, and a clerk's parish kept
 * only if it is one of that council's parishes (otherwise the clerk is one without a parish, who
 * sees nothing). Without the council's areas (no geodata) a parish cannot be checked and is kept.
 */
export function scopedIdentity(
  identity: StaffIdentity,
  council: Council,
  areas: readonly Destination[],
): StaffIdentity {
  const { parish, ...rest } = identity;
  const parishes = areas.filter((a) => a.kind === "parish");
  const ours = parish !== undefined && (parishes.length === 0 || parishes.some((a) => a.code === parish));
  return { ...rest, council: council.id, ...(ours ? { parish } : {}) };
}

/** The id of the council a case belongs to: its own, else the first (cases from before councils). */
export const caseCouncilId = (report: { council?: string }, councils: Pick<Councils, "first">): string =>
  report.council ?? councils.first.id;
