import { DEFAULT_ROLE_FALLBACKS, ROLES, type Role } from "./roles.js";

/** For each role, the roles tried in order when no body holds it for the area. */
export type RoleFallbacks = Readonly<Record<Role, readonly Role[]>>;

/**
 * The fallbacks a bodies file declares, over the defaults for roles it leaves out. Each list is
 * tried in order (not followed further), so a list that ends at `district`, which every served
 * area has, always finds someone.
 */
export function withDefaultFallbacks(declared: Partial<Record<Role, readonly Role[]>> = {}): RoleFallbacks {
  return { ...DEFAULT_ROLE_FALLBACKS, ...declared };
}

/**
 * Faults in declared fallbacks, each as `fallbacks.<role>: fault`: a role may not fall back to
 * itself (a loop) or name a role twice, every list must end at `district`, and `district` has none.
 */
export function fallbackProblems(declared: Partial<Record<Role, readonly Role[]>>): string[] {
  const problems: string[] = [];
  for (const role of ROLES) {
    const list = declared[role];
    if (!list) continue;
    const at = `fallbacks.${role}`;
    if (role === "district") {
      if (list.length > 0)
        problems.push(`${at}: the district (the council running the area) has no fallback`);
      continue;
    }
    if (list.includes(role)) problems.push(`${at}: "${role}" falls back to itself`);
    if (new Set(list).size !== list.length) problems.push(`${at}: names a role twice`);
    if (list.at(-1) !== "district")
      problems.push(`${at}: must end at "district", the council every served area has`);
  }
  return problems;
}
