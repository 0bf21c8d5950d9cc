import type { CasePageQuery } from "#core/ports/case-store.js";
import type { CaseLogContext } from "./case-log-types.js";

/**
 * The district map above the case list: parish outlines and names from the boundary data, and the
 * cases the list's filters find as points coloured by status, as inline SVG (no script, no tiles),
 * with a text alternative. Undefined where there are no boundaries.
 */
export async function districtMapFor(
  _ctx: CaseLogContext,
  _query: Omit<CasePageQuery, "limit" | "cursor">,
): Promise<{ svg: string; summary: string } | undefined> {
  // Groundwork: drawn by issue 18's maps work.
  return undefined;
}
